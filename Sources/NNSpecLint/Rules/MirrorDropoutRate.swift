import NNSpecIR
import NNSpecSyntax

/// Dropout rates that differ between mirrors, above all TF1's keep_prob ported as a rate.
struct MirrorDropoutRate: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-dropout-rate", name: "Mirrored dropout drops different fractions", severity: .error,
        summary: "A dropout layer drops a different fraction in the mirrored specs; keep_prob ported as a rate is the usual cause.",
        explanation: """
        TF1's tf.nn.dropout(x, keep_prob) took the probability of *keeping* a value; Keras' \
        Dropout(rate) and PyTorch's Dropout(p) take the probability of *dropping* it. keep_prob 0.2 \
        is rate 0.8: a port that copies the number keeps 80 % of the values where the original kept \
        20 %, which changes both the regularization and the scaling 1/(1 − rate) of what is kept.
        """,
        triggering: [MirrorExamples.pair(
            RuleExample.yaml(convention: "keras", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, rate: ↓0.2}", "{units: 1}"], loss: "mse"),
            RuleExample.yaml(convention: "keras", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, keep_prob: 0.2}", "{units: 1}"], loss: "mse"))],
        nonTriggering: [MirrorExamples.pair(
            RuleExample.yaml(convention: "keras", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, rate: 0.8}", "{units: 1}"], loss: "mse"),
            RuleExample.yaml(convention: "keras", data: .sine, layers: ["{units: 8, activation: tanh}", "{type: dropout, keep_prob: 0.2}", "{units: 1}"], loss: "mse"))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        return m.this.layers.indices.compactMap { i in
            guard let a = m.this.layers[i].rate, let b = m.other.layers[i].rate, a != b else { return nil }
            let p = m.this.layerPath(i)
            var notes = [m.there("rate \(Format.number(b))", "\(p).rate", else: m.other.layers[i].location)]
            if abs(a + b - 1) < 1e-12 {
                notes.append(DiagnosticNote("\(Format.number(a)) here is 1 − \(Format.number(b)): one side reads a keep_prob (the fraction kept) as a rate (the fraction dropped)"))
            }
            return Self.finding(
                "\(m.this.layerName(i)) drops \(Format.number(a)) of its inputs here and \(Format.number(b)) in \(m.otherName)",
                at: m.this.location("\(p).rate", else: m.this.layers[i].location), notes: notes,
                fixIts: [FixIt("drop the same fraction", replacement: "rate: \(Format.number(b))")])
        }
    }
}
