import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// A penalty scaled one framework's way with a loss scaled another's, unannounced.
struct MixedConventions: SpecRule {
    static let description = RuleDescription(
        id: "mixed-conventions", name: "Mixed conventions", severity: .warning,
        summary: "The penalty follows one framework's scaling and the loss another's, and the spec does not say so.",
        explanation: """
        A penalty's strength only means something against the data term it is added to. \
        scikit-learn pairs `alpha` (gradient α/n·W, n the batch size) with a loss whose gradient is \
        (p−y)/n; Keras, PyTorch and the NumPy network pair per-step penalties (2λ·W for l2(λ), α·W \
        for half_l2) with an mse whose gradient is 2(p−y)/(n·k). Mixing them — scikit-learn's \
        alpha with Keras' loss, or Keras' l2 with scikit-learn's loss — gives a penalty-to-data \
        ratio neither framework has: relative to scikit-learn, a per-step coefficient c acts like \
        alpha = c·n, and scikit-learn's alpha against Keras' mse is 2/k times weaker. The rule is \
        silent when `loss.form` is written, since then the mix is stated.
        """,
        triggering: [
            .example(convention: "keras", data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "↓mse",
                     then: ["regularization: {alpha: 1, divide_by_batch: true}"]),
            .example(convention: "sklearn", data: .sine,
                     layers: ["{units: 4, activation: tanh, kernel_regularizer: {l2: 0.01}}", "{units: 1, kernel_regularizer: {l2: 0.01}}"],
                     loss: "↓mse",
                     then: ["regularization: {alpha: 0}"]),
        ],
        nonTriggering: [
            .example(convention: "keras", data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "{kind: mse, form: sklearn}",
                     then: ["regularization: {alpha: 1, divide_by_batch: true}"]),
            .example(convention: "sklearn", data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "mse",
                     then: ["regularization: {alpha: 1}"]),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard !c.isWritten("loss.form") else { return [] }
        let loss = c.spec.loss
        let sklearnLoss = loss.form == .sklearn
        let k = c.lossOutputs
        let m = c.lossFactor
        let terms = c.layers.indices.flatMap { c.penaltyTerms(layer: $0, bias: false) + c.penaltyTerms(layer: $0, bias: true) }
        let divided = terms.filter { if case .alpha(_, _, true) = $0.source { return true } else { return false } }
        let perStep = terms.filter { t in
            if case .alpha(_, _, true) = t.source { return false }
            return !t.isL1
        }
        let at = c.location("loss.kind")
        let lossNote = DiagnosticNote("the loss is \(loss.formName) (\(c.origin("loss.form"))): its gradient is \(loss.gradientFormula(outputs: k)), m = \(Num.g(m)) in m·(p−y)/n with k = \(k)")
        if let t = divided.first, !sklearnLoss {
            return [Self.finding(
                "scikit-learn's alpha (divided by the batch) with \(loss.formName): the penalty's strength against the data term is neither framework's",
                at: at,
                notes: [
                    DiagnosticNote("the penalty adds \(t.formula) (\(t.values)) to each kernel's gradient, as scikit-learn's alpha does", at: c.location(t.path)),
                    lossNote,
                    DiagnosticNote("scikit-learn pairs alpha with (p−y)/n; against this loss the same alpha is \(Num.factor(1 / m)) as strong relative to the data"),
                ],
                fixIts: [
                    FixIt("to mean scikit-learn's experiment, say so", replacement: "loss: {kind: \(loss.kind.rawValue), form: sklearn}"),
                    FixIt("or keep the \(loss.form.rawValue) loss form and say the mix is meant", replacement: "loss: {kind: \(loss.kind.rawValue), form: \(loss.form.rawValue)}"),
                ])]
        }
        if let t = perStep.first, sklearnLoss, let coef = t.coefficient {
            let n = c.batchSize, alpha = n.map { PenaltyTerm.dividedAlpha(coefficient: coef, batch: $0) }
            return [Self.finding(
                "\(t.origin) adds a per-step \(t.formula) while the loss is scikit-learn's: the penalty's strength against the data term is neither framework's",
                at: at,
                notes: [
                    DiagnosticNote("the penalty adds \(t.formula) with \(t.values) = \(Num.g(coef))·W per step, not divided by the batch size", at: c.location(t.path)),
                    lossNote,
                    DiagnosticNote(n.map { "against scikit-learn's loss this acts like alpha = c·n = \(Num.g(coef)) × \($0) = \(Num.g(alpha ?? 0))" }
                                   ?? "against scikit-learn's loss this acts like alpha = c·n, n the batch size"),
                ],
                fixIts: [
                    FixIt("to use scikit-learn's penalty, drop the per-step term and write",
                          replacement: "regularization: {alpha: \(alpha.map { Num.g($0) } ?? "…")}"),
                    FixIt("or say the mix is meant", replacement: "loss: {kind: \(loss.kind.rawValue), form: sklearn}"),
                ])]
        }
        return []
    }
}
