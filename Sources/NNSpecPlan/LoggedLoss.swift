import NNSpecIR

/// What a logged loss means: the spec's `training.log` (its mode, how often, in which unit) and
/// the precision of the run that logs it, in words. `nnspec diff` names a history by these words
/// and decides by `agrees(with:)` whether two histories log the same thing; the runtime computes
/// the quantity (Trainer's EpochLosses) from the same mode.
public struct LoggedLoss: Sendable, Equatable {
    public var mode: LogMode
    public var every: Int
    public var unit: LogUnit
    /// The precision of the run whose loss is logged.
    public var dtype: DType

    public init(_ spec: Spec) {
        mode = spec.training.logging.mode
        every = spec.training.logging.every
        unit = spec.training.logging.unit
        dtype = spec.dtype
    }

    /// What one logged value is.
    public var meaning: String {
        switch mode {
        case .fitMean: return "Keras fit's mean of the batch losses"
        case .batch: return "the last batch's loss"
        case .sklearnEpoch: return "scikit-learn's Σ batch_loss·batch_n / n"
        case .batchMean: return "PyTorch's running_loss / batches (unweighted)"
        case .fullData: return "the loss on all training data"
        }
    }

    /// "Keras fit's mean of the batch losses, every epoch", "…, every 10 steps".
    public var text: String {
        "\(meaning), every \(every == 1 ? unit.rawValue : "\(every) \(unit.rawValue)s")"
    }

    /// Keras' fit mean (batch losses weighted by batch size) and scikit-learn's epoch loss
    /// (Σ batch_loss·batch_n / n) are one quantity under two names.
    public func isSameQuantityNamedOtherwise(_ other: LoggedLoss) -> Bool {
        Set([mode, other.mode]) == [.fitMean, .sklearnEpoch]
    }

    /// The two histories log the same values at the same points: the same mode (or Keras' fit
    /// mean and scikit-learn's epoch loss, both computed in float64, where the arithmetic is
    /// the same too) as often, in the same unit.
    public func agrees(with other: LoggedLoss) -> Bool {
        let sameValues = mode == other.mode || (isSameQuantityNamedOtherwise(other) && dtype == .float64 && other.dtype == .float64)
        return every == other.every && unit == other.unit && sameValues
    }
}

extension ExperimentPlan {
    /// What this plan's logged loss means.
    public var loggedLoss: LoggedLoss { LoggedLoss(spec) }
}
