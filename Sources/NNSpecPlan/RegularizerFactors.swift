import NNSpecIR

/// How the `l1`/`l2` factors of the per-tensor regularizers meet the weights. Keras' `L1`/`L2`
/// classes cast their factor through float32 (`hyperparameter_dtype: float32`; each tensor's
/// `appliedRegularizer` holds that cast), and a float32 model's own arithmetic rounds any factor
/// to float32 where it multiplies a weight. Only a float64 model with exact hyperparameters
/// applies the written factors as they are.
extension ExperimentPlan {
    /// The `l1`/`l2` factors meet the weights as float32 numbers: Keras' own regularizer classes
    /// (which cast their factor) apply exactly this model's factors.
    public var regularizerFactorsInFloat32: Bool {
        spec.dtype == .float32 || optimizer.spec.hyperparameterDtype == .float32
    }

    /// The factors of `r` as they meet the weights: `l1`/`l2` as the framework applies them
    /// (`appliedRegularizer`), rounded to float32 where `regularizerFactorsInFloat32`; `half_l2`
    /// (a hand-written Python expression) exact.
    public func factorsAtTheWeights(_ r: Regularizer) -> Regularizer {
        let applied = optimizer.applied(r)
        guard regularizerFactorsInFloat32 else { return applied }
        return Regularizer(l1: kerasCast(applied.l1), l2: kerasCast(applied.l2), halfL2: applied.halfL2)
    }
}
