import NNSpecIR
import NNSpecSyntax

/// Sigmoid outputs under categorical cross-entropy.
struct SigmoidCategoricalCrossentropy: SpecRule {
    static let description = RuleDescription(
        id: "sigmoid-cce", name: "Sigmoid with categorical cross-entropy", severity: .warning,
        summary: "Sigmoid outputs under categorical cross-entropy: the outputs are not a distribution over classes.",
        explanation: """
        Categorical cross-entropy −Σ_j y_j log p_j assumes the outputs form a distribution. \
        Independent sigmoids do not sum to 1: the loss only ever pushes the true class's output up \
        and never the others down (Keras divides by the sum first, which couples them in a way no \
        framework's softmax does), so the scores drift and the gradients differ from softmax's p − y.
        """,
        triggering: [
            .example(data: .xorOneHot,
                     layers: ["{units: 4, activation: tanh}", "{units: 2, activation: ↓sigmoid}"],
                     loss: "categorical_crossentropy"),
        ],
        nonTriggering: [
            .example(data: .xorOneHot,
                     layers: ["{units: 4, activation: tanh}", "{units: 2, activation: softmax}"],
                     loss: "categorical_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let k = c.spec.loss.kind
        guard c.output.activation == .sigmoid, k == .categoricalCrossentropy || k == .sparseCategoricalCrossentropy else { return [] }
        return [Self.finding(
            "sigmoid outputs with \(k.rawValue): the \(c.lossOutputs) outputs do not sum to 1, so the loss pushes up the true class and never pushes down the others",
            at: c.outputActivationLocation,
            notes: [DiagnosticNote("loss: \(k.rawValue) (\(c.origin("loss.kind"))) expects a distribution over the classes", at: c.location("loss.kind"))],
            fixIts: [c.fix("make the outputs a distribution", setting: "\(c.layerPath(c.outputIndex)).activation", to: "softmax")])]
    }
}
