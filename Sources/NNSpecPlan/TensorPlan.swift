import NNSpecIR

/// Which tensor of a layer a parameter is.
public enum TensorRole: String, Sendable, CaseIterable {
    case kernel, bias
    /// Batch normalization's scale γ and offset β.
    case gamma, beta
}

extension TensorRole {
    /// The tensor in messages: "kernel", "bias", "γ", "β".
    public var word: String {
        switch self {
        case .kernel, .bias: return rawValue
        case .gamma: return "γ"
        case .beta: return "β"
        }
    }

    /// Several of them: "kernels", "biases", "γ", "β".
    public var plural: String {
        switch self {
        case .kernel: return "kernels"
        case .bias: return "biases"
        case .gamma, .beta: return word
        }
    }
}

/// One parameter tensor: where it lives in the flat parameter vector, its shape and fans, the
/// distribution it starts from, and the penalties on it. A plan lists its tensors in the order
/// the runtime lays them out and draws their initial values: layer by layer, kernel then bias.
public struct TensorPlan: Sendable {
    public var layer: Int
    public var layerName: String
    public var role: TensorRole
    /// Row-major shape (a dense kernel is `fan_in × units`, as Keras and scikit-learn hold it).
    public var shape: [Int]
    public var count: Int
    /// Offset of the first value in the flat parameter vector.
    public var offset: Int
    /// The tensor's own fans (Keras' `compute_fans` of its shape).
    public var fans: Fans
    public var initializer: Initializer
    /// What `initializer` draws for this tensor: the bounds the runtime uses.
    public var distribution: InitDistribution
    /// The regularizer written on this tensor, its factors as the framework applies them
    /// (Keras casts `l1`/`l2` through float32; see `OptimizerSpec.hyperparameterDtype`).
    public var appliedRegularizer: Regularizer?
    /// Every penalty on this tensor, in spec terms, for reports.
    public var penalties: [PenaltyTerm]
    /// The spec path of the layer, for messages (`model.layers[1]`).
    public var layerPath: String

    /// "model.layers[1].kernel".
    public var path: String { "\(layerPath).\(role.rawValue)" }

    /// The coefficient of the global penalty (`regularization.alpha`) on this tensor: α, or α/n
    /// with n the batch size when divided; nil when the tensor does not take it.
    public var globalPenaltyCoefficient: Double? {
        penalties.lazy.compactMap { t -> Double? in
            if case .alpha = t.source { return t.coefficient } else { return nil }
        }.first
    }

    /// The total L2 coefficient c of c·W on this tensor (nil when a term depends on an unknown
    /// batch size).
    public var l2Coefficient: Double? { coefficient(l1: false) }

    /// The total coefficient of the L1 terms (c of c·sign(W)) or of the L2 terms (c of c·W).
    public func coefficient(l1: Bool) -> Double? {
        var total = 0.0
        for t in penalties where t.isL1 == l1 {
            guard let c = t.coefficient else { return nil }
            total += c
        }
        return total
    }
}
