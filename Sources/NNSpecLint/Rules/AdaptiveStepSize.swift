import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// An adaptive optimizer whose per-step move exceeds the initial spread of the weights.
struct AdaptiveStepSize: SpecRule {
    static let description = RuleDescription(
        id: "adaptive-step-size", name: "Adaptive step larger than the initialization", severity: .warning,
        summary: "Adam, RMSprop or Adagrad moves each weight by about lr per step, and lr exceeds the spread of a layer's initial weights.",
        explanation: """
        An adaptive optimizer normalizes each weight's step: Adam moves a weight by about lr per \
        step (m/√v ≈ ±1 while the gradient keeps its sign), whatever the gradient's size. When lr is \
        larger than the spread of a layer's initial weights — the Glorot bound √(6/(fan_in+fan_out)) \
        is 0.086 for 784 → 30 — the first few steps overwrite the initialization and training starts \
        from wherever they land. UMLAUT flags learning rates above 0.01; this rule compares lr with \
        the layer it actually moves instead. The bump experiment's Adam(0.1) on 1 → 2 → 1 units \
        (bounds 1.41) is fine; Adam(0.1) on MNIST's first layer is not.
        """,
        triggering: [example(learningRate: "↓0.5")],
        nonTriggering: [example(learningRate: "0.01")])

    /// 2 → 400 → 1 units, whose kernels start within the Glorot bound √(6/402) ≈ 0.12, trained by
    /// Adam at `learningRate`.
    private static func example(learningRate: String) -> RuleExample {
        RuleExample("""
        data:
          arrays: {x: {concat: {of: [{linspace: {start: -1, stop: 1, num: 40}}, {linspace: {start: 1, stop: -1, num: 40}}], axis: 1}}}
          inputs: x
          targets: {apply: {fn: sin, of: {column: {of: x, index: 0}}}}
        model:
          inputs: 2
          layers:
            - {units: 400, activation: tanh}
            - {units: 1}
        loss: mse
        optimizer: {kind: adam, learning_rate: \(learningRate)}
        training: {epochs: 50}
        """)
    }

    func check(_ c: LintContext) -> [Diagnostic] {
        guard c.isAdaptive else { return [] }
        let lr = c.spec.optimizer.learningRate
        let spreads = c.plan?.tensors.compactMap { k -> (TensorPlan, Double)? in
            guard k.role == .kernel, !k.distribution.isConstant, let s = k.distribution.scale, s > 0 else { return nil }
            return (k, s)
        } ?? []
        guard let (k, s) = spreads.min(by: { $0.1 < $1.1 }), lr > s else { return [] }
        let i = k.layer, d = k.distribution
        return [Self.finding(
            "\(c.spec.optimizer.kind.rawValue) moves each weight by about lr = \(Num.exact(lr)) per step, more than the initial spread of \(c.layerName(i)) (\(d.text))",
            at: c.location("optimizer.learning_rate", "optimizer.kind"),
            notes: [DiagnosticNote("kernel of \(c.layerName(i)): \(k.initializer.formula) with fan_in \(k.fans.fanIn), fan_out \(k.fans.fanOut) = \(d.text); lr is \(Num.factor(lr / s)) that")],
            fixIts: [c.fix("keep a step well inside the initial spread", setting: "optimizer.learning_rate", to: Num.g(s / 10, 1))])]
    }
}
