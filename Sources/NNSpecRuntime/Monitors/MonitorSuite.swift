import Foundation
import NNSpecIR

/// How a run is monitored.
public struct MonitorOptions: Sendable {
    /// Measure the layers (gradients, activations, weights) every this many steps; nil: the
    /// default, every 16 steps but at least 64 times over the run.
    public var sampleEvery: Int?

    public init(sampleEvery: Int? = nil) { self.sampleEvery = sampleEvery }

    static let defaultInterval = 16
    static let minimumSamples = 64

    func interval(totalSteps: Int) -> Int {
        if let k = sampleEvery { return max(1, k) }
        return max(1, min(Self.defaultInterval, totalSteps / Self.minimumSamples))
    }
}

/// The observer that runs the monitors: it takes the measurements — cheaply, on sampled steps —
/// and hands them to every monitor in `MonitorRegistry` order; the monitors judge. The trainer
/// reaches it through the protocol, whose witnesses are unspecialized generic code: the
/// `@_specialize` entry points dispatch to code compiled for the two dtypes (without them a
/// sampled step of a small network costs ~6× the step).
final class MonitorSuite<S: TrainingScalar>: TrainingObserver {
    private let options: MonitorOptions
    private weak var trainer: Trainer<S>?
    private var monitors: [any TrainingMonitor] = []
    private var context: MonitorContext?
    private var initialKernelSquare = 0.0
    private var heldOutEvery = 1
    private var lastStep = 0, lastEpoch = 0
    private var sampleEvery = 1

    init(_ options: MonitorOptions) { self.options = options }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func trainingBegan(_ trainer: Trainer<S>) {
        self.trainer = trainer
        let spec = trainer.spec, net = trainer.net
        let n = trainer.train.rows, batching = trainer.plan.batching
        let stepsPerEpoch = batching.stepsPerEpoch
        // L-BFGS counts its iterations, not the plan's epochs of one full batch.
        let totalSteps: Int
        switch spec.training.length {
        case .epochs: totalSteps = spec.optimizer.kind == .lbfgs ? spec.optimizer.maxIter : batching.totalSteps
        case .steps: totalSteps = batching.totalSteps
        }
        let paired = spec.loss.kind.pairedActivation
        let layers = net.layers.enumerated().map { (l, layer) in
            let isOutput = l == net.layers.count - 1
            let bounded = [.sigmoid, .tanh, .softmax].contains(layer.activation)
            return MonitorContext.Layer(name: layer.name, activation: layer.activation, units: layer.fanOut,
                                        saturates: bounded && !(isOutput && (paired == layer.activation || spec.loss.fromLogits)))
        }
        // A held-out pass costs about a third of a training epoch per row: spaced so that it
        // stays near 2 % of the training time, but at least 20 times over the run.
        if let test = trainer.test {
            let epochs = max(1, totalSteps / max(1, stepsPerEpoch))
            let spacing = Int((Double(test.rows) / (0.06 * Double(n))).rounded(.up))
            heldOutEvery = max(1, min(spacing, epochs / 20))
        }
        initialKernelSquare = net.layers.map { kernelSquare(net, $0) }.reduce(0, +)
        let penalized = !trainer.penalties.terms.isEmpty || trainer.penalties.global.alpha != 0
        let c = MonitorContext(layers: layers, trainRows: n, stepsPerEpoch: stepsPerEpoch, totalSteps: totalSteps,
                               heldOut: trainer.test != nil, penalized: penalized,
                               constantLoss: constantLoss(trainer), sampleEvery: options.interval(totalSteps: totalSteps))
        context = c
        sampleEvery = c.sampleEvery
        monitors = MonitorRegistry.monitors.map { $0.init(c) }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func stepEnded(_ state: StepState<S>) {
        lastStep = state.step
        lastEpoch = state.epoch
        // Only sampled steps reach the monitors: every step's own cost stays a counter.
        guard (state.step - 1) % sampleEvery == 0, let c = context else { return }
        let sample = StepSample(step: state.step, epoch: state.epoch, loss: state.loss,
                                layers: measure(state.network, rows: state.rows, c))
        for m in monitors { m.step(sample) }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func epochEnded(epoch: Int, step: Int, loss: Double) {
        guard let trainer else { return }
        var heldOut: Double?, penalty: Double?
        if let test = trainer.test, epoch == 1 || epoch % heldOutEvery == 0 {
            let w = trainer.net.parameters.constPointer
            heldOut = trainer.evaluate(test).loss - trainer.penalties.value(w, rows: test.rows)
            penalty = trainer.penalties.value(w, rows: trainer.batchSize)
        }
        let sample = EpochSample(epoch: epoch, step: step, loss: loss, heldOutLoss: heldOut, penalty: penalty)
        for m in monitors { m.epoch(sample) }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func trainingEnded(_ result: RunResult) -> [Diagnosis] {
        guard let trainer, let c = context else { return [] }
        var layers: [EndState.Layer]?, dataLoss: Double?, penalty: Double?
        if result.status == .completed {
            layers = measureTrainingSet(trainer, c)
            // The result's final loss is the training loss with the penalty, in the run's dtype.
            let p = trainer.penalties.value(trainer.net.parameters.constPointer, rows: trainer.train.rows)
            penalty = p
            dataLoss = result.finalLoss.map { $0 - p }
        }
        let end = EndState(result: result, layers: layers, dataLoss: dataLoss, penalty: penalty,
                           initialKernelSquare: initialKernelSquare, lastStep: max(lastStep, result.steps),
                           lastEpoch: max(lastEpoch, result.epochs))
        return monitors.flatMap { $0.diagnoses(end) }
    }

    // MARK: measurements

    private func kernelSquare(_ net: Network<S>, _ layer: Network<S>.Layer) -> Double {
        // Layers without parameters (pooling, flatten, dropout) contribute nothing.
        guard let kernel = layer.kernel else { return 0 }
        let w = net.parameters.constPointer + kernel
        var sq = 0.0
        for i in 0 ..< layer.kernelCount { sq += Double(w[i]) * Double(w[i]) }
        return sq
    }

    /// Groups of two or more units whose incoming weights (kernel column and bias) agree to a
    /// relative 1e-6 in every entry — a few float32 ulps, far below what random draws give.
    private func identicalUnits(_ net: Network<S>, _ layer: Network<S>.Layer) -> [[Int]] {
        // Units are kernel columns: a dense layer's units, a convolution's filters.
        guard let kernel = layer.kernel else { return [] }
        let p = net.parameters.constPointer, n = layer.kernelColumns
        func same(_ x: S, _ y: S) -> Bool { abs(Double(x) - Double(y)) <= 1e-6 * max(abs(Double(x)), abs(Double(y))) }
        func equal(_ i: Int, _ j: Int) -> Bool {
            if let b = layer.bias, !same(p[b + i], p[b + j]) { return false }
            for r in 0 ..< layer.kernelRows where !same(p[kernel + r * n + i], p[kernel + r * n + j]) { return false }
            return true
        }
        var groups: [[Int]] = []
        for j in 0 ..< n {
            if let g = groups.firstIndex(where: { equal($0[0], j) }) { groups[g].append(j) } else { groups.append([j]) }
        }
        return groups.filter { $0.count > 1 }
    }

    private func measure(_ net: Network<S>, rows: Int, _ c: MonitorContext) -> [LayerSample] {
        let g = net.gradient.constPointer
        return net.layers.enumerated().map { (l, layer) in
            var sq = 0.0
            if let kernel = layer.kernel {
                for i in kernel ..< kernel + layer.kernelCount { sq += Double(g[i]) * Double(g[i]) }
            }
            let stats = activationStatistics(net, layer: l, rows: rows, c)
            return LayerSample(gradientRMS: (sq / Double(max(1, layer.kernelCount))).squareRoot(), hasKernel: layer.kernel != nil,
                               saturatedRows: stats.saturatedRows, rows: rows,
                               active: stats.active, identical: identicalUnits(net, layer), kernelSquare: kernelSquare(net, layer))
        }
    }

    /// Per unit, the saturated rows among the `rows` rows in the activation buffer of layer `l`
    /// (saturating layers) and, for ReLU, whether it was positive on any.
    private func activationStatistics(_ net: Network<S>, layer l: Int, rows: Int, _ c: MonitorContext)
        -> (saturatedRows: [Double]?, active: [Bool]?) {
        let layer = net.layers[l], a = net.a[l].constPointer, n = layer.fanOut
        var saturatedRows: [Double]?
        if c.layers[l].saturates {
            // f′ below `Saturation.unitThreshold` of its maximum, as a bound on a(1−a) or 1−a².
            let tanh = layer.activation == .tanh
            let bound = S(tanh ? Saturation.unitThreshold : Saturation.unitThreshold / 4)
            var counts = [Double](repeating: 0, count: n)
            for r in 0 ..< rows {
                let row = a + r * n
                for j in 0 ..< n where (tanh ? 1 - row[j] * row[j] : row[j] * (1 - row[j])) < bound { counts[j] += 1 }
            }
            saturatedRows = counts
        }
        var active: [Bool]?
        if layer.activation == .relu {
            var on = [Bool](repeating: false, count: n)
            for r in 0 ..< rows {
                for j in 0 ..< n where a[r * n + j] > 0 { on[j] = true }
            }
            active = on
        }
        return (saturatedRows, active)
    }

    /// One forward pass over the whole training set with the final parameters.
    private func measureTrainingSet(_ trainer: Trainer<S>, _ c: MonitorContext) -> [EndState.Layer] {
        let net = trainer.net, set = trainer.train
        var derivatives = net.layers.map { [Double](repeating: 0, count: $0.fanOut) }
        var active = net.layers.map { [Bool](repeating: false, count: $0.fanOut) }
        var start = 0
        while start < set.rows {
            let rows = min(net.capacity, set.rows - start)
            net.forward(set.x.constPointer + start * set.features, rows: rows)
            for l in net.layers.indices {
                let s = activationStatistics(net, layer: l, rows: rows, c)
                if let d = s.saturatedRows { for j in d.indices { derivatives[l][j] += d[j] } }
                if let on = s.active { for j in on.indices where on[j] { active[l][j] = true } }
            }
            start += rows
        }
        return net.layers.enumerated().map { (l, layer) in
            EndState.Layer(saturated: c.layers[l].saturates ? Saturation.saturatedFraction(derivatives[l], rows: set.rows) : nil,
                           dead: layer.activation == .relu ? active[l].indices.filter { !active[l][$0] } : nil,
                           identical: identicalUnits(net, layer), kernelSquare: kernelSquare(net, layer))
        }
    }

    /// The data loss of predicting, for every row, the per-output mean of the training targets
    /// (the best constant under squared error and cross-entropy alike).
    private func constantLoss(_ trainer: Trainer<S>) -> Double {
        let set = trainer.train, k = set.outputs, n = set.rows
        var mean = [Double](repeating: 0, count: k)
        for r in 0 ..< n { for j in 0 ..< k { mean[j] += Double(set.y[r * k + j]) } }
        let act = trainer.net.layers.last!.activation
        var a = [S](repeating: 0, count: n * k), z = a
        for j in 0 ..< k {
            let m = mean[j] / Double(n)
            let p = min(max(m, 1e-7), 1 - 1e-7)
            let (zj, aj): (Double, Double)
            switch act {
            case .sigmoid: (zj, aj) = (log(p / (1 - p)), p)
            case .softmax: (zj, aj) = (log(p), p)
            default: (zj, aj) = (m, m)
            }
            for r in 0 ..< n {
                z[r * k + j] = S(zj)
                a[r * k + j] = S(aj)
            }
        }
        return z.withUnsafeBufferPointer { zp in
            a.withUnsafeBufferPointer { ap in
                trainer.loss.value(z: zp.baseAddress!, a: ap.baseAddress!, y: set.y.constPointer, rows: n)
            }
        }
    }
}
