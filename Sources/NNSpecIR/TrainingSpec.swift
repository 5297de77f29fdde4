public enum BatchSize: Sendable, Equatable {
    case count(Int)
    /// The whole training set in one batch (full-batch gradient descent).
    case full
    /// scikit-learn's `auto`: `min(200, n)`.
    case auto

    public func resolve(samples n: Int) -> Int {
        switch self {
        case .count(let b): return max(1, min(b, n))
        case .full: return n
        case .auto: return min(200, n)
        }
    }
}

public enum TrainingLength: Sendable, Equatable {
    case epochs(Int)
    case steps(Int)
}

/// Which rows make up each batch.
public enum BatchOrder: String, Sendable, CaseIterable {
    /// Each epoch walks the (possibly shuffled) rows from the start; the last batch may be short.
    case epoch
    /// Step i takes rows `[b·i mod n, +b)`, as a hand-written loop over a fixed array does.
    case wrap
}

/// Whose random stream shuffles, and how.
public enum ShuffleForm: String, Sendable, CaseIterable {
    /// A fresh `RandomState.permutation(n)` per epoch from the training RNG.
    case permutation
    /// scikit-learn: `random_state.shuffle(indices)` on the RNG that also drew the initial weights.
    case sklearn
}

/// What a logged loss means.
public enum LogMode: String, Sendable, CaseIterable {
    /// Keras `fit`: the epoch's batch losses (each before its update, penalty included), averaged
    /// weighted by batch size.
    case fitMean = "fit_mean"
    /// Keras `train_on_batch`: the loss of that one batch before its update.
    case batch
    /// scikit-learn `loss_curve_`: `Σ batch_loss·batch_n / n_samples`, penalty included.
    case sklearnEpoch = "sklearn_epoch"
    /// The usual PyTorch loop's `running_loss / batches`: the plain mean of the epoch's batch
    /// losses (each before its update), not weighted by batch size.
    case batchMean = "batch_mean"
    /// The loss on the whole training set with the current weights.
    case fullData = "full_data"
}

public enum LogUnit: String, Sendable, CaseIterable { case epoch, step }

public struct LoggingSpec: Sendable, Equatable {
    public var mode: LogMode
    public var every: Int
    public var unit: LogUnit

    public init(mode: LogMode, every: Int, unit: LogUnit) {
        self.mode = mode
        self.every = every
        self.unit = unit
    }
}

/// scikit-learn's stop: the loss failed to improve by `tol` for `n_iter_no_change` epochs.
public struct EarlyStopping: Sendable, Equatable {
    public var tol: Double
    public var patience: Int

    public init(tol: Double, patience: Int) {
        self.tol = tol
        self.patience = patience
    }

    /// scikit-learn's `tol=1e-4`, `n_iter_no_change=10`: what an `early_stopping:` mapping that
    /// leaves a key out means, in every convention.
    public static let sklearnDefaults = EarlyStopping(tol: 1e-4, patience: 10)
}

public struct TrainingSpec: Sendable {
    public var length: TrainingLength
    public var batchSize: BatchSize
    public var shuffle: Bool
    public var shuffleForm: ShuffleForm
    public var batchOrder: BatchOrder
    public var logging: LoggingSpec
    public var earlyStopping: EarlyStopping?
    /// Seed of the RNG that draws initial weights and shuffles.
    public var seed: UInt32
}

public enum Metric: String, Sendable, CaseIterable {
    case loss, accuracy
    case binaryAccuracy = "binary_accuracy"
    case r2, auc
}
