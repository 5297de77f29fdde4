public enum LossKind: String, Sendable, CaseIterable {
    case mse
    case binaryCrossentropy = "binary_crossentropy"
    case categoricalCrossentropy = "categorical_crossentropy"
    case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"

    public static let aliases: [String: LossKind] = [
        "mean_squared_error": .mse, "squared_error": .mse,
        "bce": .binaryCrossentropy, "log_loss": .binaryCrossentropy,
    ]

    public var isProbabilistic: Bool { self != .mse }

    /// The output activation whose canonical link the loss pairs with: sigmoid for binary
    /// cross-entropy, softmax for the categorical ones; nil for mse. Runtime, lint and export
    /// all decide "does the output match the loss" by this one rule.
    public var pairedActivation: Activation? {
        switch self {
        case .mse: return nil
        case .binaryCrossentropy: return .sigmoid
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy: return .softmax
        }
    }
}

/// How per-output terms are combined.
public enum Reduction: String, Sendable, CaseIterable {
    case mean, sum
}

/// How a probabilistic loss meets a sigmoid (binary) or softmax (categorical) output layer.
public enum ProbabilityLink: String, Sendable, CaseIterable {
    /// The loss is computed from the output layer's pre-activation with the stable log-sigmoid /
    /// log-softmax, no clipping; the delta at the pre-activation is `p − y`. Keras on TensorFlow
    /// does this whenever the output is a sigmoid/softmax (`_get_logits` reuses the cached logits).
    case logits
    /// The reported loss uses clipped probabilities; the delta at the pre-activation is `p − y`
    /// whatever the clip (scikit-learn's `_backprop`).
    case canonical
    /// Loss and gradient both go through `clip(p, ε, 1 − ε)` then `log`, so a clipped
    /// probability passes no gradient (Keras on other backends, hand-written losses).
    case clipped
}

/// A loss with every convention-dependent choice spelled out. The trainer reads these fields,
/// never the convention name.
public struct LossSpec: Sendable {
    public var kind: LossKind
    /// The convention whose form this is (recorded for reports and `diff`).
    public var form: Convention
    /// Constant factor on the reported loss: 0.5 for scikit-learn's `squared_error`.
    public var scale: Double
    /// How the reported loss combines a sample's outputs (then always mean over the batch).
    public var outputReduction: Reduction
    /// How the gradient combines a sample's outputs. scikit-learn reports a mean over outputs
    /// but differentiates a sum (its delta is `p − y`, not `(p − y)/k`).
    public var gradientReduction: Reduction
    /// Probabilities are clipped to `[ε, 1 − ε]` (Keras 1e-7; scikit-learn the dtype's epsilon).
    public var clipEpsilon: Double?
    /// The output layer is linear and the loss applies the sigmoid/softmax itself.
    public var fromLogits: Bool
    /// TF1: targets of shape (n,) against predictions (n, 1) broadcast to (n, n).
    public var broadcastTargets: Bool
    /// Cross-entropies: whether the loss uses the logits of a sigmoid/softmax output layer.
    public var link: ProbabilityLink
    /// The precision the loss is computed in when it differs from the spec's dtype: TF1's
    /// `tf.losses.*` cast predictions and labels to float32, so with float64 variables the loss
    /// and its gradient are float32-rounded. nil: the spec's dtype.
    public var computeDtype: DType?
}
