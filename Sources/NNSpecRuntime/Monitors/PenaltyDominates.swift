import NNSpecIR

/// A penalty strong enough to pull the weights in until the output is a constant.
final class PenaltyDominates: TrainingMonitor {
    static let description = MonitorDescription(
        id: "penalty-dominates", name: "Penalty dominates the fit", severity: .warning,
        summary: "The penalty shrank the kernels and the model ends no better than a constant output.",
        explanation: """
        At a stationary point the penalty's gradient balances the data term's, so the two losses' \
        values say little; what shows a dominating penalty is its effect. The monitor fires when \
        the loss has a penalty, the kernels' total Σ W² at the end is at most half of its value at \
        initialization (the penalty pulled them in rather than the data pushing them out), and the \
        final training data loss is at least 90 % of L₀, the loss of predicting the targets' mean \
        (the output has collapsed to about a constant, R² ≈ 0 under squared error). It began at \
        the first sampled step at which Σ W² was below half its initial value. Runs from an all-zero \
        initialization are not judged (there is nothing to shrink).
        """,
        citation: "Hastie, Tibshirani, Friedman, \"The Elements of Statistical Learning\" (2nd ed. 2009), §3.4.1: as the ridge penalty grows the coefficients shrink to zero and the fit to the intercept.",
        triggering: [MonitorExamples.spec(layers: ["{units: 16, activation: tanh, kernel_regularizer: {l2: 1.0}}",
                                                   "{units: 1, kernel_regularizer: {l2: 1.0}}"],
                                          optimizer: "{kind: sgd, learning_rate: 0.05}", training: "epochs: 20, batch_size: 32")],
        nonTriggering: [MonitorExamples.regression(hidden: "{units: 16, activation: tanh, kernel_regularizer: {l2: 0.0001}}",
                                                   optimizer: "{kind: sgd, learning_rate: 0.05}", epochs: 20)])

    private let context: MonitorContext
    private var shrunk: (step: Int, epoch: Int)?
    private var initial: Double?

    init(_ context: MonitorContext) { self.context = context }

    func step(_ sample: StepSample) {
        let layers = sample.layers
        let square = layers.map(\.kernelSquare).reduce(0, +)
        if initial == nil { initial = square }
        if shrunk == nil, let i = initial, square <= 0.5 * i { shrunk = (sample.step, sample.epoch) }
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        let l0 = context.constantLoss
        guard context.penalized, l0 > 0, end.initialKernelSquare > 0, let layers = end.layers,
              let loss = end.dataLoss, let penalty = end.penalty else { return [] }
        let square = layers.map(\.kernelSquare).reduce(0, +)
        let shrink = square / end.initialKernelSquare
        guard shrink <= 0.5, loss >= Plateau.threshold * l0 else { return [] }
        let began = shrunk ?? (end.lastStep, end.lastEpoch)
        return [diagnosis(at: began.step, epoch: began.epoch,
                          values: [.init("kernel_norm_ratio", shrink.squareRoot()), .init("data_loss", loss),
                                   .init("constant_loss", l0), .init("penalty", penalty)],
                          message: "the penalty pulled the kernels to \(Format.significant(shrink.squareRoot()))× their initial norm and the output to a constant: data loss \(Format.significant(loss)), a constant's \(Format.significant(l0))",
                          cause: "the penalty's gradient outweighs the data term's at every weight the data would need",
                          fix: "lower the penalty (scikit-learn's alpha is divided by the batch size; Keras' l2 is not)")]
    }
}
