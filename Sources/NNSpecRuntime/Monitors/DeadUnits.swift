/// ReLU units that output zero for every training row: they get no gradient and never recover.
final class DeadUnits: TrainingMonitor {
    /// The fraction of a layer's units dead at which the layer is reported.
    static let threshold = 0.5

    static let description = MonitorDescription(
        id: "dead-units", name: "Dead ReLU units", severity: .warning,
        summary: "At least half of a ReLU layer's units output zero on every training row.",
        explanation: """
        A ReLU unit is dead when max(0, z) = 0 for every training row: its gradient is zero on \
        every row, so no step revives it. The monitor checks every training row with the final \
        parameters (exact), and fires when at least 50 % of a layer's units are dead at the end \
        of the run — a few dead units are common and harmless, a dead majority means the layer \
        lost most of its capacity. It began at the sampled step after which none of those units \
        was positive on any sampled batch (step 1 if they never were). A step size that throws \
        the biases far negative, or a negative bias initialization, are the usual causes.
        """,
        citation: "Lu, Shin, Su, Karniadakis, \"Dying ReLU and Initialization: Theory and Numerical Examples\" (Commun. Comput. Phys. 2020); Zhang et al., \"AutoTrainer: An Automatic DNN Training Problem Detection and Repair System\" (ICSE 2021), dying-ReLU symptom.",
        triggering: [MonitorExamples.regression(hidden: "{units: 16, activation: relu, bias_initializer: {constant: -3.0}}",
                                                optimizer: "{kind: sgd, learning_rate: 0.01}", epochs: 10)],
        nonTriggering: [MonitorExamples.regression(hidden: "{units: 16, activation: relu, kernel_initializer: he_uniform}",
                                                   optimizer: "{kind: adam, learning_rate: 0.01}", epochs: 20)])

    private let context: MonitorContext
    /// Per layer and unit: the last sampled step (and epoch) on which the unit was positive.
    private var lastActive: [[(step: Int, epoch: Int)?]]
    private var firstSample: (step: Int, epoch: Int)?

    init(_ context: MonitorContext) {
        self.context = context
        lastActive = context.layers.map { Array(repeating: nil, count: $0.units) }
    }

    func step(_ sample: StepSample) {
        let layers = sample.layers
        if firstSample == nil { firstSample = (sample.step, sample.epoch) }
        for (l, s) in layers.enumerated() {
            guard let on = s.active else { continue }
            for j in on.indices where on[j] { lastActive[l][j] = (sample.step, sample.epoch) }
        }
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        guard let layers = end.layers else { return [] }
        return layers.enumerated().compactMap { (l, s) in
            let units = context.layers[l].units
            guard let dead = s.dead, Double(dead.count) >= Self.threshold * Double(units) else { return nil }
            // After the latest sampled activity of any of them; the next sample saw them all dead.
            let latest = dead.compactMap { lastActive[l][$0] }.max { $0.step < $1.step }
            let began = latest.map { (step: min($0.step + context.sampleEvery, end.lastStep), epoch: $0.epoch) } ?? firstSample ?? (1, 1)
            return diagnosis(at: began.step, epoch: began.epoch, layer: context.layers[l].name, units: dead,
                             values: [.init("dead_fraction", Double(dead.count) / Double(units)), .init("dead_units", Double(dead.count))],
                             message: "\(dead.count) of \(units) ReLU units output 0 on every training row at the end",
                             cause: "their pre-activations are negative for every row, so they receive no gradient and cannot recover",
                             fix: "lower optimizer.learning_rate, and draw the biases at zero (bias_initializer: zeros) with he_uniform kernels")
        }
    }
}
