import NNSpecIR

/// The per-step ratio of the first layer's gradient to the last layer's (root mean squares over
/// their kernels), on the sampled steps: the one measurement both gradient monitors read. The
/// first and last layers are those with a kernel: batch normalization, dropout, pooling and
/// flatten have no kernel gradient to compare.
struct GradientRatio {
    private(set) var samples: [(step: Int, epoch: Int, ratio: Double)] = []
    /// The index of the first layer with a kernel (0 until a sample shows one).
    private(set) var firstLayer = 0

    mutating func add(_ sample: StepSample) {
        let layers = sample.layers
        guard let i = layers.firstIndex(where: \.hasKernel), let j = layers.lastIndex(where: \.hasKernel), i < j else { return }
        firstLayer = i
        let first = layers[i].gradientRMS, last = layers[j].gradientRMS
        guard last > 0, first.isFinite, last.isFinite else { return }
        samples.append((sample.step, sample.epoch, first / last))
    }

    /// The median ratio over the later half of the samples (the start, where a zero-initialized
    /// layer above can hide the gradient below for a step, does not count).
    var laterMedian: Double? {
        let later = samples.suffix(max(1, samples.count / 2)).map(\.ratio).sorted()
        return later.isEmpty ? nil : later[later.count / 2]
    }

    /// The first sample at which `condition` held.
    func first(where condition: (Double) -> Bool) -> (step: Int, epoch: Int)? {
        samples.first { condition($0.ratio) }.map { ($0.step, $0.epoch) }
    }
}

/// The gradient reaching the first layer is orders of magnitude smaller than the last layer's.
final class GradientsVanish: TrainingMonitor {
    static let threshold = 1e-3

    static let description = MonitorDescription(
        id: "gradients-vanish", name: "Vanishing gradients", severity: .warning,
        summary: "The first layer's gradient is over a thousand times smaller than the last layer's.",
        explanation: """
        On every sampled step the monitor takes the root mean square of each layer's kernel \
        gradient and the ratio r = RMS(first layer) / RMS(last layer). Backpropagation multiplies \
        the gradient by Wᵀ·f′(z) per layer, so with saturating activations or small weights it \
        shrinks geometrically with depth and the lower layers stop learning. The monitor fires \
        when the median of r over the later half of the samples is below 10⁻³ (three orders of \
        magnitude); it began at the first sample with r below that. Layers without a kernel \
        (batch normalization, dropout, pooling, flatten) are skipped; networks with one kernel are \
        not judged.
        """,
        citation: "Hochreiter, Bengio, Frasconi, Schmidhuber, \"Gradient flow in recurrent nets: the difficulty of learning long-term dependencies\" (2001); Glorot & Bengio (AISTATS 2010), §4 (back-propagated gradients across depth).",
        triggering: [MonitorExamples.spec(layers: Array(repeating: "{units: 8, activation: sigmoid, kernel_initializer: {normal: {stddev: 0.1}}}", count: 6) + ["{units: 1}"],
                                          optimizer: "{kind: sgd, learning_rate: 0.01}", training: "epochs: 5, batch_size: 32")],
        nonTriggering: [MonitorExamples.spec(layers: ["{units: 8, activation: tanh}", "{units: 8, activation: tanh}", "{units: 1}"],
                                             optimizer: "{kind: sgd, learning_rate: 0.01}", training: "epochs: 5, batch_size: 32"),
                        // Dropout first: its layer has no kernel, and the first kernel is the dense one after it.
                        MonitorExamples.spec(layers: ["{type: dropout, rate: 0.1}", "{units: 8, activation: tanh}", "{units: 1}"],
                                             optimizer: "{kind: sgd, learning_rate: 0.01}", training: "epochs: 5, batch_size: 32")])

    private let context: MonitorContext
    private var ratio = GradientRatio()

    init(_ context: MonitorContext) { self.context = context }

    func step(_ sample: StepSample) { ratio.add(sample) }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        guard let median = ratio.laterMedian, median < Self.threshold,
              let began = ratio.first(where: { $0 < Self.threshold }) else { return [] }
        return [diagnosis(at: began.step, epoch: began.epoch, layer: context.layers[ratio.firstLayer].name,
                          values: [.init("median_ratio", median)],
                          message: "the first layer's gradient is \(Format.significant(median)) of the last layer's (median over the later samples)",
                          cause: "each layer multiplies the backpropagated gradient by Wᵀ·f′(z); small weights or saturating units shrink it with depth",
                          fix: "use fewer layers or relu/tanh units with glorot_uniform or he_uniform kernels")]
    }
}

/// The gradient grows with depth, or over the steps, by orders of magnitude.
final class GradientsExplode: TrainingMonitor {
    static let depthThreshold = 1e3
    static let growthThreshold = 1e4

    static let description = MonitorDescription(
        id: "gradients-explode", name: "Exploding gradients", severity: .warning,
        summary: "The gradient grows by orders of magnitude across depth or over the steps.",
        explanation: """
        With r = RMS(first layer's kernel gradient) / RMS(last layer's) on each sampled step, \
        the monitor fires when the median of r over the later half of the samples is above 10³, \
        or when the largest layer gradient RMS of a sample is more than 10⁴ times that of the \
        first sample and the run diverged or its last epoch's mean loss is over twice its first \
        epoch's (a gradient growing from a vanishing start while the loss falls is recovery, not \
        explosion). Large weights multiply the backpropagated gradient at every layer; steps \
        proportional to such gradients overshoot, and the run often diverges next. It began at \
        the first sample meeting either condition.
        """,
        citation: "Pascanu, Mikolov, Bengio, \"On the difficulty of training recurrent neural networks\" (ICML 2013), §2 (exploding gradients); Glorot & Bengio (AISTATS 2010).",
        triggering: [MonitorExamples.spec(layers: ["{units: 1}"], optimizer: "{kind: sgd, learning_rate: 1.5}",
                                          training: "epochs: 20, batch_size: full")],
        nonTriggering: [MonitorExamples.spec(layers: ["{units: 8, activation: relu, kernel_initializer: he_uniform}", "{units: 8, activation: relu, kernel_initializer: he_uniform}", "{units: 1}"],
                                             optimizer: "{kind: sgd, learning_rate: 0.01}", training: "epochs: 5, batch_size: 32")])

    private let context: MonitorContext
    private var ratio = GradientRatio()
    private var firstLargest: Double?
    private var growth: (step: Int, epoch: Int, factor: Double)?
    /// The first and the latest epoch's mean loss.
    private var firstEpochLoss: Double?, lastEpochLoss: Double?

    init(_ context: MonitorContext) { self.context = context }

    func step(_ sample: StepSample) {
        ratio.add(sample)
        let layers = sample.layers
        let largest = layers.map(\.gradientRMS).max() ?? 0
        guard largest.isFinite else { return }
        if let first = firstLargest {
            if growth == nil, first > 0, largest > Self.growthThreshold * first {
                growth = (sample.step, sample.epoch, largest / first)
            }
        } else {
            firstLargest = largest
        }
    }

    func epoch(_ sample: EpochSample) {
        if firstEpochLoss == nil { firstEpochLoss = sample.loss }
        lastEpochLoss = sample.loss
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        let cause = "large weights multiply the backpropagated gradient at every layer, and steps proportional to it overshoot"
        let fix = "lower optimizer.learning_rate and draw smaller initial weights (glorot_uniform)"
        if let median = ratio.laterMedian, median > Self.depthThreshold,
           let began = ratio.first(where: { $0 > Self.depthThreshold }) {
            return [diagnosis(at: began.step, epoch: began.epoch, layer: context.layers[ratio.firstLayer].name,
                              values: [.init("median_ratio", median)],
                              message: "the first layer's gradient is \(Format.significant(median)) times the last layer's (median over the later samples)",
                              cause: cause, fix: fix)]
        }
        // Growth counts when the loss grew with it (or the run diverged): a gradient growing
        // from a vanishing start while the loss falls is recovery, not explosion.
        let lossGrew = end.result.status == .diverged
            || (firstEpochLoss.flatMap { f in lastEpochLoss.map { $0 > 2 * f } } ?? false)
        if let g = growth, lossGrew {
            return [diagnosis(at: g.step, epoch: g.epoch, values: [.init("growth", g.factor)],
                              message: "the largest layer gradient grew \(Format.significant(g.factor))-fold since the first step",
                              cause: cause, fix: fix)]
        }
        return []
    }
}
