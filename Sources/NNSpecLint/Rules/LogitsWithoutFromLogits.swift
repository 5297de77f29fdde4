import NNSpecIR
import NNSpecSyntax

/// A probability loss reading a linear output.
struct LogitsWithoutFromLogits: SpecRule {
    static let description = RuleDescription(
        id: "logits-without-from-logits", name: "Probability loss on a linear output", severity: .error,
        summary: "A cross-entropy loss reads a linear output as a probability without from_logits.",
        explanation: """
        Without `from_logits: true`, cross-entropy takes the outputs as probabilities: Keras clips \
        them to [ε, 1 − ε] (ε = 1e-7) and takes logs. A linear output is any real number; wherever it \
        falls outside (0, 1) the clip is active and its gradient is zero, so those samples stop \
        training, and inside the loss is not the likelihood of anything. Either squash the output \
        (sigmoid, softmax) or tell the loss it receives logits.
        """,
        triggering: [
            .example(data: .steps,
                     layers: ["{units: 1, activation: ↓linear}"],
                     loss: "binary_crossentropy"),
            .example(data: .steps,
                     layers: ["↓{units: 1}"],
                     loss: "binary_crossentropy"),
        ],
        nonTriggering: [
            .example(data: .steps,
                     layers: ["{units: 1, activation: linear}"],
                     loss: "{kind: binary_crossentropy, from_logits: true}"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let loss = c.spec.loss
        guard loss.kind.isProbabilistic, c.output.activation == .linear, !loss.fromLogits else { return [] }
        let eps = loss.clipEpsilon.map { Num.g($0) } ?? "ε"
        let squash = loss.kind == .binaryCrossentropy ? "sigmoid" : "softmax"
        return [Self.finding(
            "\(loss.kind.rawValue) reads the linear output of \(c.layerName(c.outputIndex)) as a probability: outputs outside (0, 1) are clipped and get no gradient",
            at: c.outputActivationLocation,
            notes: [DiagnosticNote("from_logits is false (\(c.origin("loss.from_logits"))); probabilities are clipped to [\(eps), 1 − \(eps)] before the log")],
            fixIts: [
                FixIt("let the loss apply the \(squash)", replacement: "loss: {kind: \(loss.kind.rawValue), from_logits: true}"),
                c.fix("or squash the output", setting: "\(c.layerPath(c.outputIndex)).activation", to: "\(squash)"),
            ])]
    }
}
