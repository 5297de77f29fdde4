import NNSpecIR

/// Which running statistic a state tensor is.
public enum StatisticRole: String, Sendable, CaseIterable {
    case mean, variance
}

/// One non-trainable state tensor a layer kind declares: updated by training passes, read by
/// inference, never by the optimizer or a penalty.
public struct StatisticDeclaration: Sendable {
    public var role: StatisticRole
    /// Its name in the convention's weight files (`moving_mean`, `running_var`, …).
    public var name: String
    public var shape: [Int]
    /// Every value's start (PyTorch and Keras: mean 0, variance 1).
    public var initialValue: Double
}

/// A state tensor laid out in the flat state vector, as `TensorPlan` lays out a parameter.
public struct StatisticPlan: Sendable {
    public var layer: Int
    public var layerName: String
    public var role: StatisticRole
    public var name: String
    public var shape: [Int]
    public var count: Int
    /// Offset of the first value in the flat state vector.
    public var offset: Int
    public var initialValue: Double
    /// `model.layers[2]`.
    public var layerPath: String
}
