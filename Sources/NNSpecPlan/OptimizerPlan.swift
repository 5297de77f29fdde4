import NNSpecIR

/// The optimizer as its update will run: the spec's hyperparameters and the precision the
/// framework applies them in. Keras casts Python-float hyperparameters through a float32
/// tensor (`ops.cast(0.9, "float64")` is `float64(float32(0.9))`): momentum, Adam's β bases, the
/// Adagrad initial accumulator, the weight decay, the `l1`/`l2` regularizer factors.
public struct OptimizerPlan: Sendable {
    public var spec: OptimizerSpec

    /// `v` as the framework's update sees it (rounded through float32 when the framework does).
    public func applied(_ v: Double) -> Double {
        spec.hyperparameterDtype == .float32 ? Double(Float(v)) : v
    }

    /// The regularizer factors as applied: `l1`/`l2` go through the cast; `half_l2` (a
    /// hand-written Python expression) stays exact.
    public func applied(_ r: Regularizer) -> Regularizer {
        Regularizer(l1: applied(r.l1), l2: applied(r.l2), halfL2: r.halfL2)
    }
}
