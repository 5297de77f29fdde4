/// How a framework's batch normalization updates its running statistics — the same word
/// `momentum` with opposite weights (../shared/CONVENTIONS.md, "Layers beyond dense").
public enum BatchNormMomentumForm: String, Sendable, CaseIterable {
    /// Keras, TF1: `moving = m·moving + (1 − m)·batch` — m weights the running value.
    case runningWeight = "running_weight"
    /// PyTorch: `running = (1 − m)·running + m·batch` — m weights the batch.
    case batchWeight = "batch_weight"

    /// The frameworks' names for the forms.
    public static let aliases: [String: BatchNormMomentumForm] = ["keras": .runningWeight, "torch": .batchWeight]

    /// The weight of the old running value in one update, for a momentum written in this form.
    public func runningWeight(momentum m: Double) -> Double { self == .runningWeight ? m : 1 - m }

    /// The momentum to write in this form for a given weight of the old running value.
    public func momentum(runningWeight w: Double) -> Double { self == .runningWeight ? w : 1 - w }
}

/// Which variance of the batch enters the running variance (both frameworks normalize the batch
/// itself with the biased one).
public enum RunningVariance: String, Sendable, CaseIterable {
    /// Keras, TF1: `Σ(x − μ)²/n`.
    case biased
    /// PyTorch: `Σ(x − μ)²/(n − 1)`.
    case unbiased
}

/// A convention's batch normalization: its defaults and the names its weight files give the
/// running statistics. Conventions without a batch-normalization layer (scikit-learn's MLP, the
/// NumPy network) have none.
public struct BatchNormConvention: Sendable, Equatable {
    public var momentum: Double
    public var epsilon: Double
    public var momentumForm: BatchNormMomentumForm
    public var runningVariance: RunningVariance
    /// The running mean's and variance's names (`moving_mean`, `running_var`, …).
    public var meanName: String
    public var varianceName: String

    /// `keras.layers.BatchNormalization` (keras/src/layers/normalization/batch_normalization.py):
    /// momentum 0.99, epsilon 1e-3, the batch's biased variance into the moving variance.
    public static let keras = BatchNormConvention(momentum: 0.99, epsilon: 1e-3, momentumForm: .runningWeight,
                                                  runningVariance: .biased, meanName: "moving_mean",
                                                  varianceName: "moving_variance")
    /// `torch.nn.BatchNorm1d/2d` (torch/nn/modules/batchnorm.py): momentum 0.1, eps 1e-5, the
    /// unbiased batch variance into the running variance.
    public static let torch = BatchNormConvention(momentum: 0.1, epsilon: 1e-5, momentumForm: .batchWeight,
                                                  runningVariance: .unbiased, meanName: "running_mean",
                                                  varianceName: "running_var")
}
