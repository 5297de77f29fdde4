import NNSpecIR

/// The loss going up and down with an amplitude that does not die out.
final class Oscillation: TrainingMonitor {
    static let description = MonitorDescription(
        id: "loss-oscillates", name: "Oscillating loss", severity: .warning,
        summary: "The training loss keeps turning up and down by a large, sustained amplitude.",
        explanation: """
        On the epoch means of the loss (with full batches, every step's loss; minibatch losses \
        differ by batch and are not compared) the monitor looks at the later half of the run, \
        at least eight points. A change Δ between neighbours is large when \
        |Δ| ≥ 5 % of the local loss and ≥ 1 % of L₀, the constant output's loss (so noise near a \
        minimum does not count). It fires when at least a third of the neighbouring changes are \
        large reversals (a large change of the opposite sign to the previous large change), the \
        window holds at least six of them, and the mean |Δ| of the window's second half is at \
        least half that of its first half (sustained or growing, not dying out). It began at the \
        first large reversal. A step size near or beyond the curvature's stability limit 2/λ_max \
        (or heavy momentum) bounces the weights across a valley.
        """,
        citation: "Cohen, Kaur, Li, Kolter, Talwalkar, \"Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability\" (ICLR 2021); Goodfellow, Bengio, Courville (2016), §8.3 (learning rate too large).",
        triggering: [MonitorExamples.spec(layers: ["{units: 1}"], optimizer: "{kind: sgd, learning_rate: 1.0, momentum: 0.99}",
                                          training: "epochs: 40, batch_size: full")],
        nonTriggering: [MonitorExamples.regression(optimizer: "{kind: sgd, learning_rate: 0.05}", epochs: 40)])

    private let context: MonitorContext
    private var curve = LossCurve()

    init(_ context: MonitorContext) { self.context = context }

    func epoch(_ sample: EpochSample) { curve.add(sample) }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        let points = curve.epochs
        let window = Array(points.suffix(points.count / 2))
        guard window.count >= 8 else { return [] }
        let floor = 0.01 * context.constantLoss
        var reversals = 0, previousSign = 0
        var first: (step: Int, epoch: Int)?
        var amplitudes: [Double] = []
        for i in 1 ..< window.count {
            let d = window[i].loss - window[i - 1].loss
            amplitudes.append(abs(d))
            let level = max(abs(window[i].loss), abs(window[i - 1].loss))
            guard d.isFinite, abs(d) >= 0.05 * level, abs(d) >= floor else { continue }
            let sign = d > 0 ? 1 : -1
            if previousSign != 0 && sign != previousSign {
                reversals += 1
                if first == nil { first = (window[i - 1].step, window[i - 1].epoch) }
            }
            previousSign = sign
        }
        let half = amplitudes.count / 2
        let early = amplitudes.prefix(half).reduce(0, +) / Double(max(1, half))
        let late = amplitudes.suffix(amplitudes.count - half).reduce(0, +) / Double(max(1, amplitudes.count - half))
        guard reversals >= 6, 3 * reversals >= amplitudes.count, late >= 0.5 * early, let began = first else { return [] }
        let mean = window.map(\.loss).reduce(0, +) / Double(window.count)
        return [diagnosis(at: began.step, epoch: began.epoch,
                          values: [.init("reversals", Double(reversals)), .init("changes", Double(amplitudes.count)),
                                   .init("mean_amplitude", late), .init("mean_loss", mean)],
                          message: "the loss reversed direction \(reversals) times in the last \(amplitudes.count) changes, by about \(Format.significant(late)) around \(Format.significant(mean))",
                          cause: "the step size is near or beyond the loss's stability limit 2/λ_max, so each step overshoots the valley",
                          fix: "lower optimizer.learning_rate (by 3–10×)")]
    }
}
