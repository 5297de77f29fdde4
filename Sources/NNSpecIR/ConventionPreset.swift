/// The defaults a convention supplies, read from each framework's source (see
/// ../shared/CONVENTIONS.md and grammar/README.md). One value per convention; the elaborator
/// consults it only where the spec is silent.
public struct ConventionPreset: Sendable {
    public var dtype: DType
    public var kernelInitializer: Initializer
    /// nil: the same initializer as the kernel (scikit-learn, PyTorch draw the bias alike).
    public var biasInitializer: Initializer?
    public var penalty: GlobalPenalty
    public var optimizer: OptimizerKind
    public var momentumForm: MomentumForm
    public var epsilonForm: EpsilonForm
    public var weightDecayForm: WeightDecayForm
    public var epochs: Int
    public var batchSize: BatchSize
    public var shuffle: Bool
    public var shuffleForm: ShuffleForm
    public var batchOrder: BatchOrder
    public var logging: LoggingSpec
    public var earlyStopping: EarlyStopping?
    public var broadcastTargets: Bool

    public static func of(_ c: Convention) -> ConventionPreset {
        switch c {
        case .keras: return .keras
        case .sklearn: return .sklearn
        case .torch: return .torch
        case .tf1: return .tf1
        case .numpy: return .numpy
        }
    }

    /// Keras 3 `Dense` + `compile` + `fit` defaults (compile's optimizer default is rmsprop).
    public static let keras = ConventionPreset(
        dtype: .float32, kernelInitializer: .glorotUniform, biasInitializer: .zeros,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false),
        optimizer: .rmsprop, momentumForm: .keras, epsilonForm: .keras, weightDecayForm: .decoupled,
        epochs: 1, batchSize: .count(32), shuffle: true, shuffleForm: .permutation, batchOrder: .epoch,
        logging: LoggingSpec(mode: .fitMean, every: 1, unit: .epoch), earlyStopping: nil,
        broadcastTargets: false)

    /// scikit-learn `MLPRegressor`/`MLPClassifier` defaults: adam, alpha 1e-4, batch auto,
    /// max_iter 200, tol 1e-4 with n_iter_no_change 10, float64.
    public static let sklearn = ConventionPreset(
        dtype: .float64, kernelInitializer: .sklearn(factor: 6), biasInitializer: nil,
        penalty: GlobalPenalty(alpha: 0.0001, divideByBatch: true),
        optimizer: .adam, momentumForm: .keras, epsilonForm: .keras, weightDecayForm: .coupled,
        epochs: 200, batchSize: .auto, shuffle: true, shuffleForm: .sklearn, batchOrder: .epoch,
        logging: LoggingSpec(mode: .sklearnEpoch, every: 1, unit: .epoch),
        earlyStopping: EarlyStopping(tol: 1e-4, patience: 10), broadcastTargets: false)

    /// PyTorch `nn.Linear`, `torch.optim`, and `DataLoader` (batch 1, no shuffle) defaults; the
    /// epoch loss is the usual loop's `running_loss / batches`.
    public static let torch = ConventionPreset(
        dtype: .float32, kernelInitializer: .torchLinear, biasInitializer: nil,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false),
        optimizer: .sgd, momentumForm: .torch, epsilonForm: .torch, weightDecayForm: .coupled,
        epochs: 1, batchSize: .count(1), shuffle: false, shuffleForm: .permutation, batchOrder: .epoch,
        logging: LoggingSpec(mode: .batchMean, every: 1, unit: .epoch), earlyStopping: nil,
        broadcastTargets: false)

    /// A `tf.compat.v1` graph: `tf.layers.dense`, `GradientDescentOptimizer` over a fixed
    /// array, `tf.losses.mean_squared_error`, which broadcasts (n,) labels against (n, 1).
    public static let tf1 = ConventionPreset(
        dtype: .float32, kernelInitializer: .glorotUniform, biasInitializer: .zeros,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false),
        optimizer: .sgd, momentumForm: .keras, epsilonForm: .keras, weightDecayForm: .coupled,
        epochs: 1, batchSize: .full, shuffle: false, shuffleForm: .permutation, batchOrder: .wrap,
        logging: LoggingSpec(mode: .fullData, every: 1, unit: .step), earlyStopping: nil,
        broadcastTargets: true)

    /// A hand-written NumPy loop, as in the MNIST experiment: zero init, full batch, no
    /// shuffle, decay `W(1 − λ·lr)` on all kernels (= 0.5·λ·ΣW², not divided by n).
    public static let numpy = ConventionPreset(
        dtype: .float64, kernelInitializer: .zeros, biasInitializer: .zeros,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false),
        optimizer: .sgd, momentumForm: .keras, epsilonForm: .keras, weightDecayForm: .coupled,
        epochs: 1, batchSize: .full, shuffle: false, shuffleForm: .permutation, batchOrder: .epoch,
        logging: LoggingSpec(mode: .fullData, every: 1, unit: .epoch), earlyStopping: nil,
        broadcastTargets: false)
}

/// Loss forms per convention and kind.
extension LossSpec {
    public static func preset(_ kind: LossKind, _ c: Convention, dtype: DType) -> LossSpec {
        // A categorical cross-entropy is a sum over the classes in every framework.
        let categorical = kind == .categoricalCrossentropy || kind == .sparseCategoricalCrossentropy
        var l = LossSpec(kind: kind, form: c, scale: 1, outputReduction: categorical ? .sum : .mean,
                         gradientReduction: categorical ? .sum : .mean,
                         clipEpsilon: kind.isProbabilistic ? 1e-7 : nil, fromLogits: false,
                         broadcastTargets: false, link: .clipped, computeDtype: nil)
        switch c {
        case .keras:
            // Keras 3 on TensorFlow (keras/src/backend/tensorflow/nn.py, `_get_logits`).
            l.link = .logits
        case .numpy:
            break
        case .sklearn:
            l.link = .canonical
            // squared_error = 0.5·mean, delta p − y; log losses sum over outputs / n.
            if kind == .mse {
                l.scale = 0.5
                l.gradientReduction = .sum
            } else {
                l.outputReduction = .sum
                l.gradientReduction = .sum
            }
            l.clipEpsilon = kind.isProbabilistic ? (dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne)) : nil
        case .torch:
            l.clipEpsilon = nil
        case .tf1:
            // tensorflow/python/ops/losses/losses_impl.py casts both to float32.
            l.broadcastTargets = kind == .mse
            l.computeDtype = .float32
        }
        return l
    }
}

/// Optimizer hyperparameter defaults per kind and convention.
extension OptimizerSpec {
    public static func preset(_ kind: OptimizerKind, _ c: Convention) -> OptimizerSpec {
        let p = ConventionPreset.of(c)
        var o = OptimizerSpec(kind: kind, learningRate: 0.01, momentum: 0, nesterov: false,
                              momentumForm: p.momentumForm, dampening: 0, beta1: 0.9, beta2: 0.999,
                              epsilon: 1e-7, epsilonForm: p.epsilonForm, rho: 0.9, initialAccumulator: 0.1,
                              weightDecay: 0, weightDecayForm: kind == .adamw ? .decoupled : p.weightDecayForm,
                              schedule: .constant, hyperparameterDtype: nil,
                              maxIter: 15000, maxFun: 15000, history: 10, tolerance: 1e-4)
        switch c {
        case .keras:
            o.hyperparameterDtype = .float32
            if kind != .sgd { o.learningRate = 0.001 }
            if kind == .adamw { o.weightDecay = 0.004 }
        case .sklearn:
            o.learningRate = 0.001
            if kind == .sgd { o.momentum = 0.9; o.nesterov = true }
            o.epsilon = 1e-8
        case .torch:
            o.epsilon = 1e-8
            switch kind {
            case .sgd, .adam, .adamw: o.learningRate = 0.001
            case .rmsprop: o.learningRate = 0.01; o.rho = 0.99
            case .adagrad: o.learningRate = 0.01; o.initialAccumulator = 0; o.epsilon = 1e-10
            case .lbfgs: o.learningRate = 1
            }
            if kind == .adamw { o.weightDecay = 0.01 }
        case .tf1, .numpy:
            break
        }
        return o
    }
}
