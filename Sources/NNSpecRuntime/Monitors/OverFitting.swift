import NNSpecIR

/// The held-out loss rises while the training loss keeps falling.
final class OverFitting: TrainingMonitor {
    /// Rise of the held-out loss above its minimum, relative to the minimum.
    static let rise = 0.1

    static let description = MonitorDescription(
        id: "over-fitting", name: "Over-fitting", severity: .warning,
        summary: "The held-out loss rose by 10 % or more from its minimum while the training loss kept falling.",
        explanation: """
        When the data has a held-out part, the monitor measures its data loss at epoch ends — every epoch, or spaced so the passes stay near 2 % of the training \
        time but at least twenty times over the run — and adds the penalty a batch has at that \
        point, to compare it with the epoch's mean batch loss (which includes it; a penalty that \
        shrinks the weights lowers both alike). Let e* be the epoch of its minimum. It fires \
        when the final held-out loss is at least 10 % above that minimum (and above it by at \
        least 1 % of L₀, the constant output's loss), at least three measurements follow e*, and \
        the training loss fell by 10 % or more from e* to the end. It began at e*: stopping \
        there (early stopping on the held-out loss), more data or a penalty help.
        """,
        citation: "Prechelt, \"Early Stopping — But When?\" (Neural Networks: Tricks of the Trade, 1998), the generalization-loss criterion GL(t) = 100·(E_va(t)/E_opt(t) − 1).",
        triggering: [MonitorExamples.spec(
            data: """
            data:
              arrays:
                X: {normal: {shape: [60, 4]}}
                noise: {normal: {shape: [60, 1], scale: 0.5}}
              inputs: X
              targets: {add: [{column: {of: X, index: 0}}, noise]}
              split: {kind: train_test_split, test_size: 0.5, random_state: 0}
            """,
            layers: ["{units: 64, activation: tanh}", "{units: 1}"],
            optimizer: "{kind: adam, learning_rate: 0.01}", training: "epochs: 300, batch_size: full")],
        nonTriggering: [MonitorExamples.regression(optimizer: "{kind: adam, learning_rate: 0.01}", epochs: 30)])

    private let context: MonitorContext
    private var points: [(epoch: Int, step: Int, heldOut: Double, train: Double)] = []

    init(_ context: MonitorContext) { self.context = context }

    func epoch(_ sample: EpochSample) {
        if let h = sample.heldOutLoss { points.append((sample.epoch, sample.step, h + (sample.penalty ?? 0), sample.loss)) }
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        guard end.result.status == .completed, let last = points.last,
              let best = points.indices.min(by: { points[$0].heldOut < points[$1].heldOut }) else { return [] }
        let m = points[best]
        guard points.count - 1 - best >= 3,
              last.heldOut >= (1 + Self.rise) * m.heldOut, last.heldOut - m.heldOut >= 0.01 * context.constantLoss,
              last.train <= (1 - Self.rise) * m.train else { return [] }
        return [diagnosis(at: m.step, epoch: m.epoch,
                          values: [.init("best_held_out_loss", m.heldOut), .init("final_held_out_loss", last.heldOut),
                                   .init("training_loss_at_best", m.train), .init("final_training_loss", last.train)],
                          message: "the held-out loss rose from \(Format.significant(m.heldOut)) at epoch \(m.epoch) to \(Format.significant(last.heldOut)) while the training loss fell from \(Format.significant(m.train)) to \(Format.significant(last.train))",
                          cause: "the model fits the training rows' noise: it has more capacity or training time than the data supports",
                          fix: "stop at epoch \(m.epoch), or add data or a penalty")]
    }
}
