import NNSpecIR

/// How the loss meets the output layer, decided once from the loss, the output activation and
/// the targets' shape: the runtime computes value and delta by it, lint and diff describe it,
/// exporters choose the framework's loss by it.
public enum LossLink: String, Sendable, CaseIterable {
    /// Squared error, elementwise.
    case squared
    /// Squared error of every prediction against every target: TF1's (n, 1) − (n,) broadcast.
    case broadcastSquared = "broadcast_squared"
    /// `from_logits`: the output layer is linear and the loss applies the sigmoid/softmax itself.
    case fromLogits = "from_logits"
    /// Computed from the sigmoid/softmax output layer's logits: no clip, delta p − y (Keras on
    /// TensorFlow).
    case logits
    /// Clipped probabilities for the value, delta p − y at the logits (scikit-learn).
    case canonical
    /// Value and gradient through the clip and the output's derivative; a clipped probability
    /// passes no gradient. Also every sigmoid/softmax output that does not match its loss.
    case clipped

    public var text: String {
        switch self {
        case .squared: return "squared error"
        case .broadcastSquared: return "squared error of every prediction against every target (an (n, n) broadcast)"
        case .fromLogits: return "from logits (the loss applies the output function)"
        case .logits: return "from the output's logits, unclipped, delta p − y"
        case .canonical: return "clipped probabilities, delta p − y"
        case .clipped: return "through the clip, no gradient where a probability is clipped"
        }
    }

    /// The link of `loss` on an output layer with `activation`; `broadcasts`: rank-1 targets
    /// meet a single output under `broadcast_targets`.
    public init(_ loss: LossSpec, outputActivation activation: Activation, broadcasts: Bool) {
        guard loss.kind.isProbabilistic else {
            self = broadcasts ? .broadcastSquared : .squared
            return
        }
        if loss.fromLogits { self = .fromLogits; return }
        guard loss.kind.pairedActivation == activation else { self = .clipped; return }
        switch loss.link {
        case .logits: self = .logits
        case .canonical: self = .canonical
        case .clipped: self = .clipped
        }
    }
}

/// The effective loss of a plan: its link and the factors on value and gradient.
public struct LossPlan: Sendable {
    public var spec: LossSpec
    public var link: LossLink
    /// k, the output layer's units.
    public var outputs: Int
    /// The precision the loss and its gradient are computed in.
    public var dtype: DType

    /// m of `∂L/∂p = m·(p − y)/n`.
    public var gradientFactor: Double { spec.gradientFactor(outputs: outputs) }
    /// The factor on one sample's reported loss against the plain sum of its per-output terms.
    public var valueFactor: Double { spec.valueFactor(outputs: outputs) }
    /// The clip ε where the link applies one (nil for squared error, logits, or no clip).
    public var clip: Double? {
        switch link {
        case .canonical, .clipped: return spec.clipEpsilon
        default: return nil
        }
    }
}

extension LossSpec {
    /// m in `∂L/∂p = m·(p − y)/n` per sample (at the logit for the probabilistic losses, whose
    /// canonical link makes the delta p − y): Keras mse 2/k, scikit-learn squared_error 1,
    /// Keras binary cross-entropy 1/k, scikit-learn log loss 1, categorical cross-entropy 1 (a
    /// sum over the classes everywhere).
    public func gradientFactor(outputs k: Int) -> Double {
        let perOutput = gradientReduction == .mean ? 1 / Double(max(k, 1)) : 1
        return (kind == .mse ? 2 * scale : scale) * perOutput
    }

    /// The gradient as a formula in (p − y), n and k.
    public func gradientFormula(outputs k: Int) -> String {
        let c = kind == .mse ? 2 * scale : scale
        let coef = c == 1 ? "" : Num.g(c)
        return "\(coef)(p−y)/\(gradientReduction == .mean ? "(n·k)" : "n")"
    }

    /// "Keras mse", "scikit-learn binary_crossentropy".
    public var formName: String { "\(form.displayName) \(kind.rawValue)" }
}

extension Convention {
    public var displayName: String {
        switch self {
        case .keras: return "Keras"
        case .sklearn: return "scikit-learn"
        case .torch: return "PyTorch"
        case .tf1: return "TF1"
        case .numpy: return "NumPy"
        }
    }
}

extension LossSpec {
    /// The factor on the reported loss of one sample against the plain sum of its per-output
    /// terms: `scale`, divided by k when the outputs are averaged.
    public func valueFactor(outputs k: Int) -> Double {
        outputReduction == .mean ? scale / Double(max(k, 1)) : scale
    }

    /// The `scale` that would make this loss's gradient factor m equal `target`.
    public func scale(matchingFactor target: Double, outputs k: Int) -> Double {
        scale * target / gradientFactor(outputs: k)
    }
}
