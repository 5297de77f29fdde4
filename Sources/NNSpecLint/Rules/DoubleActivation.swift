import NNSpecIR
import NNSpecSyntax

/// from_logits on outputs already squashed.
struct DoubleActivation: SpecRule {
    static let description = RuleDescription(
        id: "double-activation", name: "Activation applied twice", severity: .warning,
        summary: "from_logits: true on an output that already has a sigmoid or softmax squashes it twice.",
        explanation: """
        With `from_logits: true` the loss applies the sigmoid (or softmax) itself. If the output \
        layer already has one, predictions are squashed twice: σ(σ(z)) lies in (0.5, 0.731), so the \
        loss can never reach 0, gradients shrink by another σ' ≤ 1/4, and predicted probabilities \
        read off the layer are not what the loss optimized.
        """,
        triggering: [
            .example(data: .steps,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "{kind: binary_crossentropy, from_logits: ↓true}"),
        ],
        nonTriggering: [
            .example(data: .steps,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "{kind: binary_crossentropy, from_logits: false}"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let act = c.output.activation
        guard c.spec.loss.fromLogits, act == .sigmoid || act == .softmax else { return [] }
        return [Self.finding(
            "from_logits: true applies a \(act.rawValue) to outputs that already went through one: predictions are squashed twice",
            at: c.location("loss.from_logits"),
            notes: [DiagnosticNote("\(c.layerName(c.outputIndex)) has activation \(act.rawValue); σ(σ(z)) stays in (0.5, 0.731), so the loss cannot reach 0", at: c.outputActivationLocation)],
            fixIts: [
                c.fix("keep the \(act.rawValue) in the layer", setting: "loss.from_logits", to: "false"),
                c.fix("or output logits", setting: "\(c.layerPath(c.outputIndex)).activation", to: "linear")
            ])]
    }
}
