import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecNumerics

/// How far a run has got, for a progress display.
public struct RunProgress: Sendable {
    public var steps: Int
    public var totalSteps: Int
    public var epochs: Int
    /// The loss of the latest step (before its update).
    public var loss: Double
}

/// Trains one network as the spec says. The step — forward, loss, delta, backward, penalties,
/// update — is `step(_:_:rows:)`; the loop around it picks the batches, logs, stops early and
/// watches for divergence. Convention differences are read from the spec's fields at the
/// places named in `LossFunction`, `Penalties`, `Optimizer` and `Schedule`.
final class Trainer<S: TrainingScalar> {
    let spec: Spec
    /// The spec lowered against the training data's shapes: tensors, loss link, batches.
    let plan: ExperimentPlan
    let net: Network<S>
    let loss: LossFunction<S>
    let penalties: Penalties
    var optimizer: Optimizer<S>
    let train: DataSet<S>
    let test: DataSet<S>?
    /// `RandomState(training.seed)`: draws the initial parameters, then shuffles.
    var rng: RandomState
    let batchSize: Int
    private let batchX: Buffer<S>
    private let batchY: Buffer<S>

    private(set) var steps = 0
    private(set) var epochs = 0
    /// Training samples of the completed epochs (scikit-learn's `t_`).
    private(set) var samplesSeen = 0
    private(set) var history: [RunResult.HistoryEntry] = []
    private(set) var divergence: RunResult.Divergence?
    /// Watches the run (the training monitors); it reads, never writes, the trainer's state.
    var observer: (any TrainingObserver<S>)?

    init(spec: Spec, data: MaterializedData, initialParameters: [DenseParameters]? = nil) throws(RunError) {
        self.spec = spec
        let layers = spec.model.layers
        let k = layers.last!.units
        let train = try DataSet<S>(inputs: data.trainInputs, targets: data.trainTargets, loss: spec.loss, outputs: k, part: "training")
        guard train.rows > 0 else { throw RunError(.runNoRows, "the training data has no rows") }
        if let declared = spec.model.inputs, declared != train.features {
            throw RunError("model.inputs is \(declared) but the training inputs have \(train.features) column(s)")
        }
        var test: DataSet<S>?
        if let x = data.testInputs, let y = data.testTargets, x.rows > 0 {
            test = try DataSet<S>(inputs: x, targets: y, loss: spec.loss, outputs: k, part: "test")
            if test!.features != train.features {
                throw RunError("the test inputs have \(test!.features) column(s), the training inputs \(train.features)")
            }
        }
        self.train = train
        self.test = test
        do { plan = try ExperimentPlan(spec: spec, shapes: DataShapes(data)) } catch { throw RunError(error.code, error.message) }
        let n = train.rows
        batchSize = plan.batching.size
        let largest = max(n, test?.rows ?? 0)
        net = Network(plan, capacity: max(batchSize, min(largest, Self.evaluationRows(plan))))
        batchX = Buffer(count: batchSize * train.features)
        batchY = Buffer(count: batchSize * k)
        loss = LossFunction(plan.loss, outputActivation: layers.last!.activation)
        penalties = Penalties(plan)
        optimizer = Optimizer(plan.optimizer, parameters: net.parameterCount)
        rng = RandomState(seed: spec.training.seed)
        if let initial = initialParameters {
            try net.load(initial)
        } else {
            try Initialization.fill(net, from: plan, rng: &rng)
        }
    }

    /// Dropout keep flags to use instead of the mask stream, per step and layer index: the
    /// frameworks' masks, replayed by the parity tests.
    var givenDropoutMasks: ((_ step: Int) -> [Int: [Bool]])?

    // MARK: the step

    /// The loss of `rows` rows with the current parameters — data term plus penalties, what the
    /// frameworks report — and its gradient in `net.gradient` (left stale when the loss is not
    /// finite).
    func lossAndGradient(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, rows: Int) -> Double {
        let pass = TrainingPass(seed: spec.training.seed, step: optimizer.iterations, givenMasks: givenDropoutMasks?(optimizer.iterations))
        net.forward(x, rows: rows, pass: pass)
        let w = net.parameters.constPointer
        let value = loss.value(z: net.outputZ, a: net.outputA, y: y, rows: rows) + penalties.value(w, rows: rows)
        guard value.isFinite else { return value }
        loss.delta(z: net.outputZ, a: net.outputA, y: y, rows: rows, into: net.deltas.last!.pointer)
        net.backward(x, rows: rows, pass: pass)
        penalties.addGradient(w, into: net.gradient.pointer, rows: rows)
        return value
    }

    /// One training step on `rows` rows: the loss before the update, then the update. A
    /// non-finite loss returns without updating.
    func step(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, rows: Int) -> Double {
        let value = lossAndGradient(x, y, rows: rows)
        guard value.isFinite else { return value }
        let lr = plan.optimizer.learningRate(iterations: optimizer.iterations, samplesSeen: samplesSeen)
        optimizer.step(net.parameters, net.gradient, learningRate: lr)
        return value
    }

    // MARK: the loop

    func run(progress: ((RunProgress) -> Void)? = nil) -> RunResult {
        observer?.trainingBegan(self)
        let stop = spec.optimizer.kind == .lbfgs ? runLBFGS() : runStochastic(progress: progress)
        var r = result(stop)
        if let observer { r.diagnoses = observer.trainingEnded(r) }
        return r
    }

    /// Batches as the spec says: per epoch, the (shuffled) rows in batches of `batchSize`, the last
    /// one short; or, with `batch_order: wrap`, step i on rows `[b·i mod n, +b)` (cut at n, as
    /// slicing a fixed array is; `shuffle` does not apply). An epoch is ⌈n/b⌉ steps either way.
    private func runStochastic(progress: ((RunProgress) -> Void)?) -> RunResult.Stop {
        let t = spec.training, n = train.rows, b = batchSize, f = train.features, k = train.outputs
        let stepsPerEpoch = plan.batching.stepsPerEpoch, totalSteps = plan.batching.totalSteps
        let reportEvery = max(1, totalSteps / 200)
        var order = Array(0 ..< n)
        let shuffles = plan.batching.shuffles
        var epoch = EpochLosses<S>()
        var early = t.earlyStopping.map(EarlyStoppingRule.init)
        for s in 0 ..< totalSteps {
            let position = s % stepsPerEpoch
            if shuffles && position == 0 {
                switch t.shuffleForm {
                case .permutation: order = rng.permutation(n)
                case .sklearn: rng.shuffle(&order)
                }
            }
            let start = t.batchOrder == .wrap ? (b * s) % n : position * b
            let rows = min(b, n - start)
            // Steps log as a loop `for s in range(steps): …; if s % every == 0: print(s, loss)`
            // does: at step s (from 0), values from before that step's update.
            let logsStep = t.logging.unit == .step && s % t.logging.every == 0
            let fullBefore = logsStep && t.logging.mode == .fullData ? trainingLoss() : nil
            let value: Double
            if shuffles {
                gather(order[start ..< start + rows])
                value = step(batchX.constPointer, batchY.constPointer, rows: rows)
            } else {
                value = step(train.x.constPointer + start * f, train.y.constPointer + start * k, rows: rows)
            }
            steps += 1
            if let d = Divergence.detect(loss: value, in: net, step: steps, epoch: epochs + 1) {
                divergence = d
                return .diverged
            }
            observer?.stepEnded(StepState(step: steps, epoch: epochs + 1, loss: value, rows: rows, network: net))
            epoch.add(value, rows: rows)
            if logsStep { log(.step, s, fullBefore ?? value) }
            if position == stepsPerEpoch - 1 {
                epochs += 1
                samplesSeen += epoch.rows
                observer?.epochEnded(epoch: epochs, step: steps, loss: epoch.sklearnMean)
                if t.logging.unit == .epoch && epochs % t.logging.every == 0 {
                    log(.epoch, epochs, t.logging.mode == .fullData ? trainingLoss() : epoch.logged(t.logging.mode))
                }
                if early?.shouldStop(after: epoch.sklearnMean) == true { return .earlyStopping }
                epoch = EpochLosses()
            }
            if let progress, steps % reportEvery == 0 || steps == totalSteps {
                progress(RunProgress(steps: steps, totalSteps: totalSteps, epochs: epochs, loss: value))
            }
        }
        return .length
    }

    /// scikit-learn's `solver='lbfgs'`: L-BFGS over all parameters on the full training set, the
    /// loss with its penalty divided by n as `_backprop` has it. Each iteration counts as one
    /// epoch and one step; the log holds the loss at the iterates (step 0: the initial loss).
    private func runLBFGS() -> RunResult.Stop {
        let o = spec.optimizer, logging = spec.training.logging
        let x = train.x.constPointer, y = train.y.constPointer, rows = train.rows, w = net.parameters
        func objective(_ values: [Double], _ g: inout [Double]) -> Double {
            for i in values.indices { w[i] = S(values[i]) }
            let f = lossAndGradient(x, y, rows: rows)
            for i in g.indices { g[i] = Double(net.gradient[i]) }
            return f
        }
        let minimizer = LBFGS(memory: o.history, maxIterations: o.maxIter, maxEvaluations: o.maxFun,
                              gradientTolerance: o.tolerance)
        if logging.unit == .step { log(.step, 0, trainingLoss()) }
        let (final, outcome) = minimizer.minimize((0 ..< w.count).map { Double(w[$0]) }, objective) { state in
            steps += 1
            epochs += 1
            observer?.stepEnded(StepState(step: steps, epoch: epochs, loss: state.f, rows: rows, network: net))
            observer?.epochEnded(epoch: epochs, step: steps, loss: state.f)
            if steps % logging.every == 0 { log(logging.unit, steps, state.f) }
        }
        for i in final.x.indices { w[i] = S(final.x[i]) }
        switch outcome {
        case .converged: return .converged
        case .budget: return .budget
        case .lineSearchFailed: return .lineSearchFailed
        case .notFinite:
            divergence = Divergence.detect(loss: final.f, in: net, step: steps, epoch: epochs + 1)
            return .diverged
        }
    }

    /// Copies the rows `indices` of the training set into the batch buffers.
    private func gather(_ indices: ArraySlice<Int>) {
        let f = train.features, k = train.outputs
        for (r, i) in indices.enumerated() {
            (batchX.pointer + r * f).update(from: train.x.pointer + i * f, count: f)
            (batchY.pointer + r * k).update(from: train.y.pointer + i * k, count: k)
        }
    }

    // MARK: logging and evaluation

    /// Rows an evaluation pass takes at once beyond a batch: up to 1024, fewer where wide layers
    /// would hold more than 32 MiB of activations. Every row's outputs are the same whatever the
    /// chunk (the forward pass is row by row; the loss and metrics sum over all rows after it).
    private static func evaluationRows(_ plan: ExperimentPlan) -> Int {
        let budget = 32 << 20, perRow = max(1, Network<S>.valuesPerRow(plan) * MemoryLayout<S>.stride)
        return max(1, min(1024, budget / perRow))
    }

    private func rounded(_ v: Double) -> Double { Double(S(v)) }

    private func log(_ unit: LogUnit, _ index: Int, _ value: Double) {
        var metrics: [RunResult.Named] = []
        if unit == .epoch, let test {
            metrics = evaluateMetrics(on: test).map { RunResult.Named(name: "val_" + $0.name, value: $0.value) }
        }
        history.append(RunResult.HistoryEntry(unit: unit, index: index, loss: rounded(value), metrics: metrics))
    }

    /// The model's `z` and `a` for every row of `set`, in chunks of the network's capacity.
    private func predict(_ set: DataSet<S>) -> (z: [S], a: [S]) {
        let k = net.outputs, f = set.features
        var z = [S](repeating: 0, count: set.rows * k), a = z
        var start = 0
        while start < set.rows {
            let rows = min(net.capacity, set.rows - start)
            net.forward(set.x.constPointer + start * f, rows: rows)
            for i in 0 ..< rows * k {
                z[start * k + i] = net.outputZ[i]
                a[start * k + i] = net.outputA[i]
            }
            start += rows
        }
        return (z, a)
    }

    /// The loss over all of `set` with the current parameters, penalties included (as Keras'
    /// `evaluate` and the NumPy network's `calcCost` report it), and the outputs.
    func evaluate(_ set: DataSet<S>) -> (loss: Double, outputs: [S]) {
        let (z, a) = predict(set)
        let data = loss.value(z: z, a: a, y: set.y.constPointer, rows: set.rows)
        return (data + penalties.value(net.parameters.constPointer, rows: set.rows), a)
    }

    func trainingLoss() -> Double { evaluate(train).loss }

    private func evaluateMetrics(on set: DataSet<S>) -> [RunResult.Named] {
        metrics(evaluate(set), on: set)
    }

    private func metrics(_ evaluated: (loss: Double, outputs: [S]), on set: DataSet<S>) -> [RunResult.Named] {
        let (value, outputs) = evaluated
        return spec.metrics.map { m in
            RunResult.Named(name: m.rawValue, value: outputs.withUnsafeBufferPointer {
                Metrics.value(m, p: $0.baseAddress!, y: set.y.constPointer, rows: set.rows, k: set.outputs, loss: rounded(value))
            })
        }
    }

    // MARK: the result

    private func result(_ stop: RunResult.Stop) -> RunResult {
        let completed = divergence == nil
        var finalLoss: Double?, finalMetrics: [RunResult.Named] = []
        if completed {
            let onTrain = evaluate(train)
            finalLoss = rounded(onTrain.loss)
            finalMetrics = test.map { evaluateMetrics(on: $0) } ?? metrics(onTrain, on: train)
        }
        return RunResult(
            spec: spec.name, convention: spec.convention, dtype: spec.dtype, history: history,
            finalLoss: finalLoss, finalMetrics: finalMetrics,
            evaluatedOn: test == nil ? "train" : "test",
            parameters: net.reportedParameters(), status: completed ? .completed : .diverged, stop: stop,
            epochs: epochs, steps: steps, divergence: divergence)
    }
}

/// The losses of one epoch's batches, summed the two ways the frameworks average them.
struct EpochLosses<S: TrainingScalar> {
    /// Keras' `Mean` metric, in the run's dtype: Σ loss·rows / Σ rows.
    private var total: S = 0
    private var count: S = 0
    /// scikit-learn's `accumulated_loss`, a Python float.
    private var weighted = 0.0
    /// PyTorch's `running_loss += loss.item()`, a Python float, and the number of batches.
    private var unweighted = 0.0
    private var batches = 0
    private(set) var rows = 0
    private var last = 0.0

    mutating func add(_ loss: Double, rows n: Int) {
        total += S(loss) * S(n)
        count += S(n)
        weighted += loss * Double(n)
        unweighted += loss
        batches += 1
        rows += n
        last = loss
    }

    /// scikit-learn's epoch loss `Σ batch_loss·batch_n / n_samples`.
    var sklearnMean: Double { weighted / Double(rows) }

    func logged(_ mode: LogMode) -> Double {
        switch mode {
        case .fitMean: return Double(total / count)
        case .sklearnEpoch: return sklearnMean
        case .batchMean: return unweighted / Double(batches)
        case .batch: return last
        case .fullData: preconditionFailure("full-data losses are evaluated, not accumulated")
        }
    }
}

/// scikit-learn's `_update_no_improvement_count` without a validation set: an epoch counts as
/// no improvement when its loss is above `best − tol`; training stops once that happened more
/// than `n_iter_no_change` epochs in a row. `best` tracks the lowest loss seen.
struct EarlyStoppingRule {
    let rule: EarlyStopping
    private var best = Double.infinity
    private var count = 0

    init(_ rule: EarlyStopping) { self.rule = rule }

    mutating func shouldStop(after loss: Double) -> Bool {
        count = loss > best - rule.tol ? count + 1 : 0
        if loss < best { best = loss }
        return count > rule.patience
    }
}
