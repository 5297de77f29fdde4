import NNSpecIR
import NNSpecSyntax

/// Unbounded hidden units close enough to the limit that growing weights cross it.
struct UnboundedGrowth: SpecRule {
    static let margin = 4.0

    static let description = RuleDescription(
        id: "unbounded-growth", name: "Unbounded hidden units near the step limit", severity: .warning,
        summary: "Unbounded hidden activations and a learning rate within 4× of SGD's stability limit: as the weights grow, the step diverges.",
        explanation: """
        With sigmoid or tanh hidden units the output layer's curvature has a ceiling (|h| ≤ 1). With \
        relu, softplus or linear hidden units it has none: h scales with the first layer's weights, so \
        the output block's curvature m·g·λ_max(E[h̃h̃ᵀ]) grows with their square — weights that double \
        quadruple it. When lr·H at initialization is already above a quarter of the stability limit \
        (2, 2(1+μ) or 2(1+μ)/(1+2μ), see `divergent-step`), ordinary growth of the weights crosses \
        it and the run ends in NaN — as the first MLP question's Keras runs did with relu, softplus \
        and identity hidden units, where the same lr under scikit-learn's half-as-steep loss did not.
        """,
        triggering: [
            .example(data: .sine,
                     layers: ["{units: 4, activation: ↓relu}", "{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: sgd, learning_rate: 0.5}", "training: {epochs: 100}"]),
        ],
        nonTriggering: [
            .example(data: .sine,
                     layers: ["{units: 4, activation: relu}", "{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: sgd, learning_rate: 0.1}", "training: {epochs: 100}"]),
            .example(data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: sgd, learning_rate: 0.5}", "training: {epochs: 100}"]),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let o = c.spec.optimizer
        guard let (limit, formula) = Curvature.limit(o), let h = c.curvature, h.unboundedHidden, h.total > 0,
              let i = c.layers.indices.dropLast().first(where: { c.layers[$0].activation.unbounded }) else { return [] }
        let product = o.learningRate * h.total
        guard product > limit / Self.margin, product <= limit else { return [] }
        let act = c.layers[i].activation.rawValue
        return [Self.finding(
            "\(act) hidden units in \(c.layerName(i)) leave lr \(Num.exact(o.learningRate)) within \(Num.factor(limit / product)) of divergence: lr·H ≈ \(Num.g(product)) against the limit \(Num.g(limit)), and H grows with the square of the weights",
            at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
            notes: [
                DiagnosticNote(h.explanation(c)),
                DiagnosticNote("\(act) is unbounded: first-layer weights \(Num.g((limit / product).squareRoot()))× larger push lr·H past \(formula)"),
            ],
            fixIts: [
                c.fix("keep a margin of \(Num.g(Self.margin))×", setting: "optimizer.learning_rate", to: Num.g(limit / Self.margin / h.total / 2, 2)),
                c.fix("or bound the hidden units", setting: "\(c.layerPath(i)).activation", to: "tanh"),
            ])]
    }
}
