import NNSpecIR

/// The run ends no better than a constant output: the loss is flat (or creeping) at the loss of
/// predicting the targets' mean for every row.
final class Plateau: TrainingMonitor {
    /// Final data loss over the constant predictor's at or above which nothing was learned.
    static let threshold = 0.9
    /// Relative change over the last quarter of the run below which the loss is flat.
    static let flat = 0.01

    static let description = MonitorDescription(
        id: "loss-plateau", name: "Plateau or slow convergence", severity: .warning,
        summary: "The training loss ends at 90 % or more of what a constant output achieves.",
        explanation: """
        The achievable minimum is unknown, but one bound is exact and cheap: L₀, the data loss of \
        predicting the training targets' per-output mean for every row (the best constant under \
        squared error and cross-entropy), computed with the run's own loss function. A model that \
        ends with data loss L ≥ 0.9·L₀ has learned at most a tenth of what its inputs could \
        explain beyond the mean. The monitor reports it as a plateau when the loss changed by \
        less than 1 % over the last quarter of the run (it began where the loss last came within \
        1 % of its final value), and as slow convergence when it is still moving. The loss curve \
        is the epoch means, or the sampled steps' losses when the run has fewer than four epochs.
        """,
        citation: "Goodfellow, Bengio, Courville, \"Deep Learning\" (2016), §8.2.3 (plateaus) and §11.3 (compare against a trivial baseline); the constant predictor is the intercept-only model of regression analysis.",
        triggering: [MonitorExamples.regression(optimizer: "{kind: sgd, learning_rate: 1.0e-6}", epochs: 20)],
        nonTriggering: [MonitorExamples.regression(optimizer: "{kind: adam, learning_rate: 0.01}", epochs: 20)])

    private let context: MonitorContext
    private var curve = LossCurve()

    init(_ context: MonitorContext) { self.context = context }

    func step(_ sample: StepSample) { curve.add(sample) }
    func epoch(_ sample: EpochSample) { curve.add(sample) }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        let l0 = context.constantLoss
        guard let loss = end.dataLoss, l0 > 0, loss >= Self.threshold * l0 else { return [] }
        let points = curve.points
        guard let last = points.last else { return [] }
        let tail = points.suffix(max(2, points.count / 4)).map(\.loss)
        let spread = (tail.max()! - tail.min()!) / max(abs(last.loss), .leastNormalMagnitude)
        let values: [Diagnosis.Measured] = [.init("data_loss", loss), .init("constant_loss", l0), .init("ratio", loss / l0),
                                            .init("last_quarter_change", spread)]
        let ratio = Format.significant(loss / l0, 4)
        if spread < Self.flat {
            let start = points.lastIndex { abs($0.loss - last.loss) > Self.flat * abs(last.loss) }.map { points[min($0 + 1, points.count - 1)] } ?? points[0]
            return [diagnosis(at: start.step, epoch: start.epoch, values: values,
                              message: "the loss is flat at \(ratio)× the loss of a constant output (\(Format.significant(loss)) against \(Format.significant(l0)))",
                              cause: "the model predicts about the targets' mean: the inputs barely reach the output",
                              fix: nil)]
        }
        return [diagnosis(at: points[0].step, epoch: points[0].epoch, values: values,
                          message: "after \(end.lastStep) steps the loss is still \(ratio)× that of a constant output, and falling slowly",
                          cause: "the steps are too small (or too few) for the distance the weights must travel",
                          fix: "raise optimizer.learning_rate or train longer")]
    }
}
