import NNSpecIR
import NNSpecSyntax

/// Softmax outputs under binary cross-entropy.
struct SoftmaxBinaryCrossentropy: SpecRule {
    static let description = RuleDescription(
        id: "softmax-bce", name: "Softmax with binary cross-entropy", severity: .warning,
        summary: "A softmax output under binary cross-entropy: the outputs are coupled, the loss treats them as independent.",
        explanation: """
        Softmax makes the k outputs sum to 1 — one class per sample. Binary cross-entropy scores \
        each output as an independent probability, Σ_j −y_j log p_j − (1−y_j) log(1−p_j), so its \
        gradient is not the clean p − y that either pairing gives (sigmoid + binary cross-entropy \
        for independent labels, softmax + categorical cross-entropy for one class), and its accuracy \
        metric is computed per output. A single-unit softmax is `softmax-single-unit`.
        """,
        triggering: [
            .example(data: .xorOneHot,
                     layers: ["{units: 4, activation: tanh}", "{units: 2, activation: ↓softmax}"],
                     loss: "binary_crossentropy"),
        ],
        nonTriggering: [
            .example(data: .xorOneHot,
                     layers: ["{units: 4, activation: tanh}", "{units: 2, activation: softmax}"],
                     loss: "categorical_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard c.output.activation == .softmax, c.lossOutputs > 1, c.spec.loss.kind == .binaryCrossentropy else { return [] }
        return [Self.finding(
            "softmax output with binary_crossentropy: the \(c.lossOutputs) outputs are coupled to sum to 1, but the loss scores each as an independent probability",
            at: c.outputActivationLocation,
            notes: [DiagnosticNote("loss: binary_crossentropy (\(c.origin("loss.kind"))); softmax pairs with categorical_crossentropy, sigmoid with binary_crossentropy", at: c.location("loss.kind"))],
            fixIts: [
                c.fix("for one class per sample", setting: "loss", to: "categorical_crossentropy"),
                c.fix("for independent labels", setting: "\(c.layerPath(c.outputIndex)).activation", to: "sigmoid"),
            ])]
    }
}
