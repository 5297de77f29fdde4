import NNSpecSyntax

public enum Activation: String, Sendable, CaseIterable {
    case linear, sigmoid, tanh, relu, softplus, softmax

    /// Names other frameworks use for the same function.
    public static let aliases: [String: Activation] = ["identity": .linear, "logistic": .sigmoid]

    /// Saturating activations are the ones that stall on unscaled inputs.
    public var saturates: Bool { self == .sigmoid || self == .tanh || self == .softmax }
    /// Unbounded above: these blow up with a strong learning rate.
    public var unbounded: Bool { self == .linear || self == .relu || self == .softplus }
}

/// How a layer's kernel or bias starts. Random initializers draw from the spec's init RNG.
public enum Initializer: Sendable, Equatable {
    case zeros
    case ones
    case constant(Double)
    case uniform(low: Double, high: Double)
    case normal(mean: Double, stddev: Double)
    case truncatedNormal(mean: Double, stddev: Double)
    case glorotUniform, glorotNormal
    case heUniform, heNormal
    case lecunUniform, lecunNormal
    /// scikit-learn MLP: U(±√(factor/(fan_in+fan_out))) for kernel *and* bias, factor 2 when the
    /// hidden activation is logistic, else 6, drawn kernel-then-bias per layer.
    case sklearn(factor: Double)
    /// PyTorch `nn.Linear`: U(±1/√fan_in) for kernel and bias.
    case torchLinear
    /// Exact values from a .npy or .json file (resolved against the spec's directory).
    case file(path: String)

    public var isConstant: Bool {
        switch self {
        case .zeros, .ones, .constant: return true
        default: return false
        }
    }
}

/// A per-layer penalty on one tensor.
public struct Regularizer: Sendable, Equatable {
    /// Keras `l1(λ)`: λ·Σ|W|.
    public var l1: Double
    /// Keras `l2(λ)`: λ·ΣW², gradient 2λW.
    public var l2: Double
    /// `0.5·α·ΣW²`, gradient αW: the custom Keras regularizer of the first MLP question and the
    /// NumPy network's decay.
    public var halfL2: Double

    public init(l1: Double = 0, l2: Double = 0, halfL2: Double = 0) {
        self.l1 = l1
        self.l2 = l2
        self.halfL2 = halfL2
    }

    public var isZero: Bool { l1 == 0 && l2 == 0 && halfL2 == 0 }
    /// The coefficient c of the gradient c·W that the L2 parts add.
    public var l2GradientCoefficient: Double { 2 * l2 + halfL2 }
}

public struct LayerSpec: Sendable {
    public var name: String
    /// The layer's kind: its declaration (`Dense` for `type: dense`).
    public var type: any LayerDeclaration.Type
    public var units: Int
    public var activation: Activation
    public var useBias: Bool
    public var kernelInitializer: Initializer
    public var biasInitializer: Initializer
    public var kernelRegularizer: Regularizer?
    public var biasRegularizer: Regularizer?
    public var location: SourceLocation?
    /// Convolution and pooling: the window sliding over the feature map (`units` is a
    /// convolution's filters).
    public var window: Window? = nil
    /// Dropout: the fraction of values dropped in training.
    public var rate: Double? = nil
    /// Batch normalization: its statistics' forms, γ and β.
    public var batchNorm: BatchNormSpec? = nil
}

public struct ModelSpec: Sendable {
    /// Number of input features; derived from the data when not written.
    public var inputs: Int?
    public var layers: [LayerSpec]
    /// The shape of one input sample in `dataFormat` order (e.g. `[28, 28, 1]`), when the data's
    /// rows are images; nil: one vector per row.
    public var inputShape: [Int]? = nil
    public var dataFormat: DataFormat = .channelsLast

    /// Whether any layer reads the data format (a dense-only model's meaning does not depend on it).
    public var isSpatial: Bool { inputShape != nil || layers.contains { $0.type.readsDataFormat } }
}

/// scikit-learn's `alpha` and the NumPy network's decay: one L2 term over **all** kernels,
/// never biases: `0.5·α·ΣW²`, divided by the current batch size when `divideByBatch`.
public struct GlobalPenalty: Sendable, Equatable {
    public var alpha: Double
    public var divideByBatch: Bool

    public init(alpha: Double, divideByBatch: Bool) {
        self.alpha = alpha
        self.divideByBatch = divideByBatch
    }
}

/// How a framework natively penalizes weights: what a spec in its convention means by "L2".
public enum NativePenalty: String, Sendable, CaseIterable {
    /// One term `0.5·α·ΣW²` over every kernel (scikit-learn's `alpha`, the NumPy decay).
    case allKernels = "all_kernels"
    /// A regularizer on each layer that names one (Keras, TF1).
    case perLayer = "per_layer"
    /// The optimizer's `weight_decay` on every parameter, biases included (PyTorch).
    case weightDecay = "weight_decay"
}
