import NNSpecIR
import NNSpecSyntax

/// MSE on 0/1 class targets with a squashing output.
struct MSEOnClasses: SpecRule {
    static let description = RuleDescription(
        id: "mse-on-classes", name: "MSE on class targets", severity: .note,
        summary: "Mean squared error on 0/1 class targets with a sigmoid or softmax output: gradients vanish where the output saturates.",
        explanation: """
        With p = σ(z), mse's delta at the logit is m·(p − y)·σ'(z), and σ'(z) = p(1 − p) → 0 as the \
        unit saturates — also when it saturates at the wrong class, so confident mistakes learn \
        slowest. Cross-entropy's delta is m·(p − y) (the canonical link cancels σ'). MSE on classes \
        is legitimate (the MNIST NumPy network uses it, and a mirror of it must too), so this is \
        informational. The rule reads the targets from the data: it fires when all are 0 or 1.
        """,
        triggering: [
            .example(data: .xor,
                     layers: ["{units: 4, activation: tanh}", "{units: 1, activation: sigmoid}"],
                     loss: "↓mse"),
        ],
        nonTriggering: [
            .example(data: .xor,
                     layers: ["{units: 4, activation: tanh}", "{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
            .example(data: .xor(targets: "[[0.1], [0.9], [0.8], [0.2]]"),
                     layers: ["{units: 4, activation: tanh}", "{units: 1, activation: sigmoid}"],
                     loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let act = c.output.activation
        guard c.spec.loss.kind == .mse, act == .sigmoid || act == .softmax, c.targetsAreClasses,
              let t = c.trainingData?.targets else { return [] }
        let ce = act == .softmax ? "categorical_crossentropy" : "binary_crossentropy"
        return [Self.finding(
            "mse on 0/1 class targets with a \(act.rawValue) output: the delta (p−y)·σ'(z) vanishes when a unit saturates, even at the wrong class",
            at: c.location("loss.kind"),
            notes: [
                DiagnosticNote("all \(t.rows * t.columns) target values are 0 or 1 (\(t.rows) samples × \(t.columns) outputs); σ'(z) = p(1−p) ≤ 0.25 and → 0 at p → 0 or 1"),
                DiagnosticNote("cross-entropy's delta at the logit is p − y: the canonical link cancels σ'"),
            ],
            fixIts: [c.fix("unless mse is what is being reproduced", setting: "loss", to: "\(ce)")])]
    }
}
