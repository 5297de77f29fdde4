import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// A learning-rate budget too small to move the weights far.
struct TooFewUpdates: SpecRule {
    /// Below this, no weight can end farther than about twice a small layer's Glorot bound from
    /// where it started.
    static let threshold = 2.0

    static let description = RuleDescription(
        id: "too-few-updates", name: "Too few updates", severity: .warning,
        summary: "The number of updates times the learning rate is too small for the weights to move far from their initialization.",
        explanation: """
        Plain SGD moves a weight by lr·g per update, so over T updates it travels at most \
        Σ_t lr_t·|g| (times 1/(1−μ) with momentum μ). For cross-entropy with its canonical link, \
        |p − y| ≤ 1 bounds the gradient on a first-layer weight by m·mean|x_j|, which the rule \
        computes on the data. When that distance D = Σ lr·gain·|g| is below 2, the run ends close to \
        its starting point and reports the initialization more than the data — the two-point \
        experiment's 100 SGD steps at lr 0.01 can move a weight by at most 1·|g|, while the separable \
        optimum is at infinity. Adam, RMSprop and Adagrad move each weight by about lr per update \
        whatever the gradient's size, so D = Σ lr; what the run needs is measured against the \
        size of the weights a layer of that shape carries: the rule warns when D is below the \
        largest Glorot limit √(6/(fan_in+fan_out)) of the model's layers, the scale at which a \
        layer keeps its activations' variance — then no weight can travel that far. \
        A 784-256-128-10 network needs about 0.2 and gets 1.89 from 1890 Adam updates at lr \
        0.001; whether such a run has trained enough only the run can tell (the `loss-plateau` \
        monitor of `nnspec run`). T counts epochs × ⌈n/batch⌉, or the steps given.
        """,
        triggering: [
            .example(data: .twoPoints,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy",
                     then: ["optimizer: {kind: sgd, learning_rate: 0.01}", "training: {epochs: ↓100}"]),
            .example(data: .sine,
                     layers: ["{units: 16, activation: tanh}", "{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: adam, learning_rate: 0.001}", "training: {steps: ↓100}"]),
        ],
        nonTriggering: [
            .example(data: .sine,
                     layers: ["{units: 16, activation: tanh}", "{units: 1}"],
                     loss: "mse",
                     then: ["optimizer: {kind: adam, learning_rate: 0.001}", "training: {steps: 750}"]),
            .example(data: .twoPoints,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy",
                     then: ["optimizer: {kind: sgd, learning_rate: 0.01}", "training: {epochs: 5000}"]),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let o = c.spec.optimizer
        guard o.kind != .lbfgs, let T = c.totalUpdates, let sum = c.learningRateSum else { return [] }
        let gain = c.isAdaptive ? 1 : c.momentumGain
        let budget = sum * gain
        let bound = c.isAdaptive ? nil : gradientBound(c)
        let distance = budget * (bound ?? 1)
        let needed: (distance: Double?, layer: Int?) = c.isAdaptive ? glorotScale(c) : (Self.threshold, nil)
        guard let required = needed.distance, distance < required else { return [] }

        let lengthPath: String
        let lengthText: String
        switch c.spec.training.length {
        case .steps(let s):
            lengthPath = "training.steps"
            lengthText = Num.count(s, "step")
        case .epochs(let e):
            lengthPath = "training.epochs"
            lengthText = "\(Num.count(e, "epoch")) × ⌈n/batch⌉ = ⌈\(c.samples ?? 0)/\(c.batchSize ?? 0)⌉ = \(Num.count(c.stepsPerEpoch ?? 0, "update")) per epoch"
        }
        let lrText: String
        if case .constant = o.schedule { lrText = "lr \(Num.exact(o.learningRate))" } else { lrText = "lr starting at \(Num.exact(o.learningRate))" }
        var message: String
        var notes: [DiagnosticNote] = []
        if c.isAdaptive {
            message = "\(Num.count(T, "update")) at \(lrText) can move a weight by at most ~\(Num.g(budget)) in total (\(o.kind.rawValue) steps are about lr each)"
        } else {
            message = "\(Num.count(T, "update")) at \(lrText) can move a weight by at most ~\(Num.g(budget))·|g|"
        }
        if c.separableWithoutOptimum { message += "; the separable optimum is at infinity" }
        notes.append(DiagnosticNote("\(Num.count(T, "update")) = \(lengthText); Σ lr = \(Num.g(sum))"
            + (gain != 1 ? "; momentum \(Num.exact(o.momentum)) lengthens a steady step by \(Num.g(gain))" : ""), at: c.location(lengthPath)))
        if let layer = needed.layer {
            notes.append(DiagnosticNote("\(c.layerName(layer)) has weights of about √(6/(fan_in+fan_out)) = \(Num.g(required)) (Glorot's limit); no weight can travel that far", at: c.location(c.layerPath(layer))))
        }
        if let bound {
            notes.append(DiagnosticNote("on this data |g| ≤ m·mean|x_j| = \(Num.g(bound)) (|p − y| ≤ 1, m = \(Num.g(c.lossFactor))), so no weight can end more than \(Num.g(distance)) from where it started"))
        }
        let perEpoch = c.spec.training.length == .steps(T) ? nil : c.stepsPerEpoch
        let target = 10 * required
        var fixes: [FixIt] = []
        // A length that is not a finite count (zero rows, a learning rate of 1e-320) has no fix-it.
        if let perEpoch, perEpoch > 0 {
            if let epochs = Checked.int((target / (distance / Double(T)) / Double(perEpoch)).rounded(.up)) {
                fixes.append(c.fix("train long enough for a distance of \(Num.g(target))", setting: "training.epochs", to: "\(epochs)"))
            }
        } else if let steps = Checked.int((target / (distance / Double(T))).rounded(.up)) {
            fixes.append(c.fix("train long enough for a distance of \(Num.g(target))", setting: "training.steps", to: "\(steps)"))
        }
        return [Self.finding(message, at: c.location(lengthPath), notes: notes, fixIts: fixes)]
    }

    /// The largest Glorot limit √(6/(fan_in+fan_out)) among the layers' kernels (their fans from
    /// the plan), and that layer; nil without a plan. Layers without a kernel (batch
    /// normalization's γ starts at 1, pooling has no weights) are not weights to travel.
    private func glorotScale(_ c: LintContext) -> (distance: Double?, layer: Int?) {
        guard let plan = c.plan else { return (nil, nil) }
        var best: (Double, Int)?
        for i in c.layers.indices {
            guard let fans = plan.tensor(layer: i, .kernel)?.fans else { continue }
            let glorot = (6 / Double(fans.fanIn + fans.fanOut)).squareRoot()
            if glorot > best?.0 ?? 0 { best = (glorot, i) }
        }
        return (best?.0, best?.1)
    }

    /// m·max(mean|x_j|, 1 for a bias) for a single-layer model under a probabilistic loss with its
    /// canonical link; nil when no bound is known.
    private func gradientBound(_ c: LintContext) -> Double? {
        guard c.layers.count == 1, let stats = c.inputStatistics else { return nil }
        let loss = c.spec.loss
        let act = c.output.activation
        let canonical = loss.fromLogits && act == .linear
            || loss.kind == .binaryCrossentropy && act == .sigmoid
            || loss.kind != .mse && loss.kind != .binaryCrossentropy && act == .softmax
        guard canonical else { return nil }
        let x = stats.meanAbs.max() ?? 0
        return c.lossFactor * max(x, c.bias(c.outputIndex) != nil ? 1 : 0)
    }
}
