import NNSpecIR

/// Sigmoid, tanh or softmax units driven into their flat tails, where `f′(z)` ≈ 0 passes almost
/// no gradient back.
final class Saturation: TrainingMonitor {
    /// A unit is saturated on a row when `f′(z)` is below this fraction of the derivative's
    /// maximum (¼ for the logistic function and a softmax's diagonal, 1 for tanh).
    static let unitThreshold = 0.1
    /// The fraction of a layer's (row, unit) pairs saturated at which the layer is reported: a
    /// third of its activations in the tails cuts the gradient it passes back by about a third.
    static let threshold = 1.0 / 3
    /// Saturation stalls learning only while there is something left to learn: the layer is
    /// reported while the training data loss is at least this fraction of a constant output's.
    static let unlearned = 0.5

    static let description = MonitorDescription(
        id: "saturated-units", name: "Saturated units", severity: .warning,
        summary: "A third or more of a layer's sigmoid/tanh/softmax activations pass under a tenth of the gradient they could, and the model has not learned.",
        explanation: """
        A unit is saturated on a row when f′(z) is below 10 % of the derivative's maximum (¼ for \
        the logistic function and a softmax's diagonal, so |z| ≳ 3.6; 1 for tanh, so \
        |z| ≳ 1.8): the row sits in a flat tail, where backpropagation multiplies the gradient \
        by almost nothing. The monitor measures the saturated fraction of (row, unit) pairs of \
        each hidden layer (and of an output layer whose loss does not cancel the derivative — \
        sigmoid/softmax outputs under MSE) over windows of sampled batches (256 rows, or the \
        training set's size if smaller), and over the whole training set at the end. It fires when at the end at least a third of a layer's pairs are \
        saturated while the training data loss is still at least half of L₀, the loss of a \
        constant output — saturation that stalls learning; units that saturate once the fit is \
        good (a sharp decision boundary) are not a problem. It began at the first step of the \
        streak of windows at or above one third that reaches the end. Unscaled inputs (x up to 30 against Glorot \
        weights of about ±1) are the usual cause; standardizing them puts z back in the \
        responsive range.
        """,
        citation: "Glorot & Bengio, \"Understanding the difficulty of training deep feedforward neural networks\" (AISTATS 2010), §3 (saturation of sigmoid layers); LeCun, Bottou, Orr, Müller, \"Efficient BackProp\" (1998), §4.3 (normalize the inputs).",
        triggering: [MonitorExamples.spec(data: MonitorExamples.bumpData, layers: ["{units: 2, activation: sigmoid}", "{units: 1, activation: sigmoid}"],
                                          loss: "binary_crossentropy", optimizer: "{kind: sgd, learning_rate: 0.01}",
                                          training: "epochs: 20, batch_size: 32", metrics: "[loss, binary_accuracy]")],
        nonTriggering: [MonitorExamples.regression(optimizer: "{kind: adam, learning_rate: 0.01}", epochs: 20)])

    private let context: MonitorContext
    /// Per layer and unit: the saturated rows of the current window of samples, and its rows.
    private var sums: [[Double]]
    private var rows = 0
    private var windowStart: (step: Int, epoch: Int)?
    /// Per layer: where the current streak of windows at or above the threshold began.
    private var streak: [(step: Int, epoch: Int)?]

    init(_ context: MonitorContext) {
        self.context = context
        sums = context.layers.map { [Double](repeating: 0, count: $0.units) }
        streak = Array(repeating: nil, count: context.layers.count)
    }

    /// The saturated fraction of the (row, unit) pairs, from each unit's saturated rows.
    static func saturatedFraction(_ counts: [Double], rows: Int) -> Double {
        counts.reduce(0, +) / Double(max(1, rows * counts.count))
    }

    /// Rows a window of sampled batches holds before it is judged: one batch of a shuffled
    /// epoch can miss the rows that saturate a unit.
    static let windowRows = 256

    func step(_ sample: StepSample) {
        let layers = sample.layers
        if windowStart == nil { windowStart = (sample.step, sample.epoch) }
        for (l, s) in layers.enumerated() {
            guard let d = s.saturatedRows else { continue }
            for j in d.indices { sums[l][j] += d[j] }
        }
        rows += layers.first?.rows ?? 0
        guard rows >= min(context.trainRows, Self.windowRows), let start = windowStart else { return }
        for l in sums.indices where context.layers[l].saturates {
            if Self.saturatedFraction(sums[l], rows: rows) >= Self.threshold {
                if streak[l] == nil { streak[l] = start }
            } else {
                streak[l] = nil
            }
            for j in sums[l].indices { sums[l][j] = 0 }
        }
        rows = 0
        windowStart = nil
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        guard let layers = end.layers, let loss = end.dataLoss, loss >= Self.unlearned * context.constantLoss else { return [] }
        return layers.enumerated().compactMap { (l, s) in
            guard let f = s.saturated, f >= Self.threshold else { return nil }
            let began = streak[l] ?? (end.lastStep, end.lastEpoch)
            let layer = context.layers[l]
            let span = end.lastStep - began.step + 1
            return diagnosis(at: began.step, epoch: began.epoch, layer: layer.name,
                             values: [.init("saturated_fraction", f), .init("steps", Double(span)),
                                      .init("data_loss", loss), .init("constant_loss", context.constantLoss)],
                             message: "\(Int((f * 100).rounded())) % of the \(layer.activation.rawValue) activations over the training set have f′ under 10 % of its maximum, for the last \(span) of \(end.lastStep) steps, and the loss is \(Format.significant(loss / context.constantLoss))× a constant output's",
                             cause: "the pre-activations are large (unscaled inputs or large weights), so these units pass almost no gradient",
                             fix: "standardize the inputs (data.preprocess: [{kind: standardize}])")
        }
    }
}
