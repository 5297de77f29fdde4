import NNSpecIR
import NNSpecSyntax

/// A dropout that drops more than half of its inputs where the number written reads naturally as
/// the other quantity: TF1's keep_prob copied into a rate, or a Keras/PyTorch rate into keep_prob.
struct KeepProbReadAsRate: SpecRule {
    static let description = RuleDescription(
        id: "keep-prob-read-as-rate", name: "keep_prob and rate swapped", severity: .warning,
        summary: "A dropout drops more than half of its inputs, as a keep probability read as a rate (or a rate written as keep_prob) would.",
        explanation: """
        TF1's tf.nn.dropout(x, keep_prob) takes the fraction *kept*; Keras' Dropout(rate), PyTorch's \
        Dropout(p) and nnspec's `rate` take the fraction *dropped*. keep_prob 0.2 is rate 0.8. Usual \
        values are a keep_prob of 0.5 to 0.9 and a rate of 0.1 to 0.5, so a dropout that drops more \
        than half is most often one number read as the other: `rate: 0.8` in a TF1 spec (the \
        program's keep_prob 0.8 copied into the rate), or `keep_prob: 0.2` in any spec (a Keras or \
        PyTorch rate 0.2 written as TF1's keep_prob). Either keeps 20 % of the values and scales \
        them by 5 where the original keeps 80 % and scales by 1.25. The rule does not fire on a \
        `rate` written in a convention whose dropout takes a rate, nor on a layer that keeps at \
        least half; if dropping more than half is meant, add the rule to `lint.disable`.
        """,
        triggering: [
            .example(convention: "tf1", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, rate: ↓0.8}", "{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
            .example(convention: "keras", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, keep_prob: ↓0.2}", "{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
        ],
        nonTriggering: [
            .example(convention: "tf1", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, keep_prob: 0.8}", "{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
            .example(convention: "tf1", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, rate: 0.2}", "{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
            .example(convention: "keras", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, rate: 0.8}", "{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let native = ConventionPreset.of(c.spec.convention).dropoutArgument
        return c.layers.indices.compactMap { i in
            guard c.layers[i].type is Dropout.Type, let rate = c.layers[i].rate, rate > 0.5 else { return nil }
            let p = c.layerPath(i)
            // 1 − (1 − k) is not always k in binary: round to what a spec writes.
            let keep = tidy(1 - rate)
            let writesKeepProb = c.spec.provenance.origin(of: "\(p).keep_prob") != nil
            let kept = percent(keep), dropped = percent(rate)
            let message: String, fix: FixIt
            if writesKeepProb {
                // keep_prob k < 0.5: most likely a rate k copied into keep_prob.
                message = "\(c.layerName(i)) keeps only \(Format.number(keep)) of its inputs (keep_prob \(Format.number(keep)), rate \(Format.number(rate))): written as Keras' or PyTorch's rate, \(Format.number(keep)) would drop \(kept) and keep \(dropped)"
                fix = c.fix("if \(Format.number(keep)) is a rate (the fraction dropped), keep \(Format.number(rate))", setting: "\(p).keep_prob", to: Format.number(rate))
            } else if native == .keepProb {
                // A rate r > 0.5 in a convention whose dropout takes keep_prob: its keep_prob copied.
                message = "\(c.layerName(i)) drops \(Format.number(rate)) of its inputs (rate \(Format.number(rate))), but convention \(c.spec.convention.rawValue)'s dropout takes keep_prob, the fraction kept: read as keep_prob, \(Format.number(rate)) would keep \(dropped) and drop \(kept)"
                fix = c.fix("if \(Format.number(rate)) is the program's keep_prob, drop \(Format.number(keep))", setting: "\(p).rate", to: Format.number(keep))
            } else {
                return nil
            }
            return Self.finding(
                message,
                at: c.location(writesKeepProb ? "\(p).keep_prob" : "\(p).rate", else: c.layers[i].location),
                notes: [DiagnosticNote("in training each kept value is scaled by 1/(1 − rate) = \(Format.number(1 / keep)); keep_prob is 1 − rate")],
                fixIts: [fix, FixIt("if dropping \(dropped) is meant, add keep-prob-read-as-rate to lint.disable")])
        }
    }

    private func tidy(_ x: Double) -> Double { (x * 1e12).rounded() / 1e12 }
    private func percent(_ x: Double) -> String { Format.number(tidy(x * 100)) + " %" }
}
