/// Units of a layer whose incoming weights stay equal: the symmetry of the initialization was
/// never broken, so the layer computes one feature however many units it has.
final class IdenticalUnits: TrainingMonitor {
    static let description = MonitorDescription(
        id: "identical-units", name: "Identical units", severity: .warning,
        summary: "Units of a layer still have equal incoming weights at the end: symmetry never broken.",
        explanation: """
        Two units are identical when their incoming weights — the kernel column and the bias — \
        agree in every entry to a relative 1e-6 (a few float32 ulps; independent random draws \
        are never that close). Units that start equal receive equal gradients, so gradient \
        descent keeps them equal forever when the layer above also treats them alike (equal \
        outgoing weights, as an all-constant initialization gives): a layer of m identical units \
        has the capacity of one. \
        The monitor compares the units of every layer on each sampled step and at the end; it \
        fires when a group of two or more is identical at the end, and it began at the first \
        sample of the streak that reaches the end (step 1 under a constant initialization). The \
        fix is a random kernel initializer.
        """,
        citation: "Goodfellow, Bengio, Courville, \"Deep Learning\" (MIT Press 2016), §8.4: initialization must break symmetry between hidden units.",
        triggering: [MonitorExamples.spec(layers: ["{units: 8, activation: tanh, kernel_initializer: {constant: 0.1}}",
                                                   "{units: 1, kernel_initializer: {constant: 0.1}}"],
                                          optimizer: "{kind: sgd, learning_rate: 0.05}", training: "epochs: 10, batch_size: 32")],
        nonTriggering: [MonitorExamples.regression(hidden: "{units: 8, activation: tanh}",
                                                   optimizer: "{kind: sgd, learning_rate: 0.05}", epochs: 10)])

    private let context: MonitorContext
    private var streak: [(step: Int, epoch: Int)?]

    init(_ context: MonitorContext) {
        self.context = context
        streak = Array(repeating: nil, count: context.layers.count)
    }

    func step(_ sample: StepSample) {
        let layers = sample.layers
        for (l, s) in layers.enumerated() {
            if s.identical.isEmpty { streak[l] = nil } else if streak[l] == nil { streak[l] = (sample.step, sample.epoch) }
        }
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        guard let layers = end.layers else { return [] }
        return layers.enumerated().compactMap { (l, s) in
            guard let largest = s.identical.max(by: { $0.count < $1.count }) else { return nil }
            let began = streak[l] ?? (end.lastStep, end.lastEpoch)
            let layer = context.layers[l]
            let identical = s.identical.map(\.count).reduce(0, +)
            let distinct = layer.units - identical + s.identical.count
            return diagnosis(at: began.step, epoch: began.epoch, layer: layer.name, units: largest,
                             values: [.init("distinct_units", Double(distinct)), .init("units", Double(layer.units))],
                             message: "\(layer.units) units compute only \(distinct) distinct function\(distinct == 1 ? "" : "s"): \(largest.count) have the same incoming weights",
                             cause: "units that start with equal weights get equal gradients, so the symmetry is never broken",
                             fix: "draw the kernel at random (kernel_initializer: glorot_uniform)")
        }
    }
}
