/// The defaults a convention supplies, read from each framework's source (see
/// ../shared/CONVENTIONS.md and grammar/README.md). One value per convention, each in its own
/// file under Conventions/; the elaborator consults it only where the spec is silent, and
/// nothing else branches on a convention's name.
public struct ConventionPreset: Sendable {
    public var dtype: DType
    public var kernelInitializer: Initializer
    /// nil: the same initializer as the kernel (scikit-learn, PyTorch draw the bias alike).
    public var biasInitializer: Initializer?
    public var penalty: GlobalPenalty
    /// How the framework penalizes weights when a spec asks for L2 the framework's way.
    public var nativePenalty: NativePenalty
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
    /// What the framework's loss does differently from `LossSpec.common`.
    public var lossForm: @Sendable (_ loss: inout LossSpec, _ kind: LossKind, _ dtype: DType) -> Void
    /// What the framework's optimizer defaults change in `OptimizerSpec.common`.
    public var optimizerDefaults: @Sendable (_ optimizer: inout OptimizerSpec, _ kind: OptimizerKind) -> Void
    /// How image samples are laid out: channels-last in Keras and TF1, channels-first in PyTorch.
    public var dataFormat: DataFormat = .channelsLast
    /// Average pooling's divisor at a padded border: PyTorch counts the padded zeros
    /// (`count_include_pad=True`), Keras averages the input's pixels only.
    public var countIncludePad = false
    /// Batch normalization's defaults and forms; nil where the framework has no such layer.
    public var batchNorm: BatchNormConvention? = nil
    /// The number the framework's dropout takes: the fraction dropped (Keras, PyTorch) or TF1's
    /// `keep_prob`, the fraction kept.
    public var dropoutArgument: DropoutArgument = .rate

    /// Every convention's preset: the one place a convention's name meets its defaults.
    public static func of(_ c: Convention) -> ConventionPreset {
        switch c {
        case .keras: return .keras
        case .sklearn: return .sklearn
        case .torch: return .torch
        case .tf1: return .tf1
        case .numpy: return .numpy
        }
    }
}

extension LossSpec {
    /// What every framework agrees on: mean over outputs (a categorical cross-entropy sums over
    /// the classes everywhere), probabilities clipped at 1e-7 through the clip.
    public static func common(_ kind: LossKind, _ c: Convention) -> LossSpec {
        let categorical = kind == .categoricalCrossentropy || kind == .sparseCategoricalCrossentropy
        return LossSpec(kind: kind, form: c, scale: 1, outputReduction: categorical ? .sum : .mean,
                        gradientReduction: categorical ? .sum : .mean,
                        clipEpsilon: kind.isProbabilistic ? 1e-7 : nil, fromLogits: false,
                        broadcastTargets: false, link: .clipped, computeDtype: nil)
    }

    /// The loss form of `kind` in convention `c`.
    public static func preset(_ kind: LossKind, _ c: Convention, dtype: DType) -> LossSpec {
        var l = common(kind, c)
        ConventionPreset.of(c).lossForm(&l, kind, dtype)
        return l
    }
}

extension OptimizerSpec {
    /// The hyperparameters every convention starts from, with the convention's update forms.
    public static func common(_ kind: OptimizerKind, _ p: ConventionPreset) -> OptimizerSpec {
        OptimizerSpec(kind: kind, learningRate: 0.01, momentum: 0, nesterov: false,
                      momentumForm: p.momentumForm, dampening: 0, beta1: 0.9, beta2: 0.999,
                      epsilon: 1e-7, epsilonForm: p.epsilonForm, rho: 0.9, initialAccumulator: 0.1,
                      weightDecay: 0, weightDecayForm: kind == .adamw ? .decoupled : p.weightDecayForm,
                      schedule: .constant, hyperparameterDtype: nil,
                      maxIter: 15000, maxFun: 15000, history: 10, tolerance: 1e-4)
    }

    /// The optimizer `kind` with convention `c`'s defaults.
    public static func preset(_ kind: OptimizerKind, _ c: Convention) -> OptimizerSpec {
        let p = ConventionPreset.of(c)
        var o = common(kind, p)
        p.optimizerDefaults(&o, kind)
        return o
    }
}
