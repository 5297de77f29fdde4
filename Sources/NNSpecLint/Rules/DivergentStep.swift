import NNSpecIR
import NNSpecSyntax

/// A learning rate beyond gradient descent's stability limit on this loss.
struct DivergentStep: SpecRule {
    static let description = RuleDescription(
        id: "divergent-step", name: "Divergent step size", severity: .warning,
        summary: "The learning rate, momentum, loss scale and penalty put SGD past its stability limit on this loss.",
        explanation: """
        Gradient descent on a quadratic with curvature H is stable only while lr·H < 2; heavy-ball \
        momentum μ raises the limit to 2(1+μ), Nesterov's form to 2(1+μ)/(1+2μ). The loss scale \
        enters H directly — Keras' mse has gradient 2(p−y)/(n·k), scikit-learn's (p−y)/n, so at \
        the same lr Keras takes twice the step — and an L2 penalty adds its coefficient (2λ for \
        l2(λ), α for half_l2, α/n for scikit-learn's alpha). The rule estimates H as the curvature \
        of the output layer's kernel block, m·g·λ_max(E[h̃h̃ᵀ]) + c, a lower bound on the Hessian's \
        top eigenvalue: from the data itself when there is no hidden layer, from a mean-field \
        estimate of the hidden units at initialization otherwise. Adam, RMSprop and Adagrad \
        normalize their steps and L-BFGS searches its own, so only SGD is checked.
        """,
        triggering: [
            .example(data: .sine,
                     layers: ["{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: sgd, learning_rate: ↓1.5}", "training: {epochs: 100}"]),
            .example(data: .sine,
                     layers: ["{units: 1, kernel_regularizer: {l2: 5}}"],
                     loss: "mse",
                     then: ["optimizer: {kind: sgd, learning_rate: ↓0.3}", "training: {epochs: 100}"]),
        ],
        nonTriggering: [
            .example(data: .sine,
                     layers: ["{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: sgd, learning_rate: 0.5}", "training: {epochs: 100}"]),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let o = c.spec.optimizer
        guard let (limit, formula) = Curvature.limit(o), let h = c.curvature, h.total > 0 else { return [] }
        let product = o.learningRate * h.total
        guard product > limit else { return [] }
        let safe = 0.5 * limit / h.total
        return [Self.finding(
            "SGD at lr \(Num.exact(o.learningRate)) diverges on this loss: lr·H ≈ \(Num.exact(o.learningRate)) × \(Num.g(h.total)) = \(Num.g(product)) exceeds the stability limit \(Num.g(limit))",
            at: c.location("optimizer.learning_rate", "optimizer.kind"),
            notes: [
                DiagnosticNote(h.explanation(c)),
                DiagnosticNote("the limit on lr·H is \(formula) for \(o.nesterov ? "Nesterov " : "")SGD\(o.momentum > 0 ? " with momentum" : "")"),
            ],
            fixIts: [c.fix("stay below lr = \(Num.g(limit / h.total)), e.g.", setting: "optimizer.learning_rate", to: Num.g(safe, 2))])]
    }
}
