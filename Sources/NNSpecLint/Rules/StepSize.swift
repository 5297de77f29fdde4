import NNSpecIR
import NNSpecSyntax

extension Curvature.Estimate {
    /// The parts of H as a note.
    func explanation(_ c: LintContext) -> String {
        let loss = c.spec.loss
        var s = "H ≈ m·g·λ + c = \(Num.g(lossCurvature / max(c.outputCurvatureBound, 1e-300))) × \(Num.g(c.outputCurvatureBound)) × \(Num.g(inputMoment)) + \(Num.g(penalty)) = \(Num.g(total)): "
        s += "m from \(loss.formName)'s gradient \(loss.gradientFormula(outputs: c.output.units)) with k = \(c.output.units); "
        s += "g the curvature of a \(c.output.activation.rawValue) output; "
        if exact {
            s += "λ the largest eigenvalue of E[x̃x̃ᵀ] on the training data; "
        } else if let h = hidden {
            s += "λ the largest eigenvalue of E[h̃h̃ᵀ] for the last hidden layer at initialization (mean-field: E[h] ≈ \(Num.g(h.mean)), E[h²] ≈ \(Num.g(h.square))); "
        }
        s += "c the L2 coefficient on the output kernel"
        return s
    }
}

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
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: ↓1.5}
            training: {epochs: 100}
            """),
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 1, kernel_regularizer: {l2: 5}}
            loss: mse
            optimizer: {kind: sgd, learning_rate: ↓0.3}
            training: {epochs: 100}
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.5}
            training: {epochs: 100}
            """),
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
            fixIts: [FixIt("stay below lr = \(Num.g(limit / h.total)), e.g.", replacement: "learning_rate: \(Num.g(safe, 2))")])]
    }
}

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
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 4, activation: ↓relu}
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.5}
            training: {epochs: 100}
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 4, activation: relu}
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 100}
            """),
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.5}
            training: {epochs: 100}
            """),
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
                FixIt("keep a margin of \(Num.g(Self.margin))×", replacement: "learning_rate: \(Num.g(limit / Self.margin / h.total / 2, 2))"),
                FixIt("or bound the hidden units", replacement: "activation: tanh"),
            ])]
    }
}
