import NNSpecIR

/// The optimizer as its update will run: every number the update reads, each as the framework
/// applies it. Keras passes some Python-float hyperparameters through `ops.cast`, which goes
/// through a float32 tensor even in a float64 model (`ops.cast(0.9, "float64")` is
/// `float64(float32(0.9))`): SGD's momentum, Adam's β where it raises them to the step, the
/// Adagrad initial accumulator, the weight decay, the `l1`/`l2` regularizer factors. Everything
/// else it writes as Python arithmetic (`1 - self.beta_1`, RMSprop's ρ), exact until it meets a
/// tensor; PyTorch computes its bias corrections in Python floats. The runtime casts these
/// values into the run's dtype and nothing more; diff and the exporters show the same values.
public struct OptimizerPlan: Sendable {
    public let spec: OptimizerSpec

    /// The base learning rate (the schedule starts from it; see `learningRate(iterations:samplesSeen:)`).
    public let learningRate: Double
    /// SGD: μ as cast; RMSprop: its momentum, exact.
    public let momentum: Double
    /// PyTorch SGD: `1 − dampening`.
    public let dampeningComplement: Double
    /// Adam: the bases of the bias corrections β₁ᵗ and β₂ᵗ — cast in the accumulator form
    /// (Keras raises the cast tensor), exact in the estimate form (PyTorch's Python floats), which
    /// also decays its second moment by this β₂.
    public let beta1: Double
    public let beta2: Double
    /// Adam: `1 − β₁`, `1 − β₂`, computed exactly.
    public let oneMinusBeta1: Double
    public let oneMinusBeta2: Double
    public let epsilon: Double
    /// RMSprop: ρ and `1 − ρ`, exact.
    public let rho: Double
    public let oneMinusRho: Double
    /// Adagrad: the accumulator's first value, as cast.
    public let initialAccumulator: Double
    /// The weight decay, as cast.
    public let weightDecay: Double
    /// The hyperparameters of this kind that Keras casts, as written and as the update reads
    /// them: what diff names when the cast changes a run and what the exporters pass or refuse.
    public let castHyperparameters: [CastHyperparameter]

    public init(spec: OptimizerSpec) {
        self.spec = spec
        let casts = spec.hyperparameterDtype == .float32
        var castList: [CastHyperparameter] = []
        /// `v` as the update reads it where Keras casts it, listed under `key`.
        func cast(_ key: String, _ label: String, _ v: Double, applies: Bool = true) -> Double {
            let applied = casts && applies ? kerasCast(v) : v
            castList.append(CastHyperparameter(key: key, label: label, written: v, applied: applied))
            return applied
        }
        learningRate = spec.learningRate
        let accumulator = spec.epsilonForm == .accumulator
        switch spec.kind {
        case .sgd: momentum = cast("momentum", "momentum", spec.momentum)
        default: momentum = spec.momentum
        }
        if spec.kind == .adam || spec.kind == .adamw {
            beta1 = cast("beta_1", "β₁", spec.beta1, applies: accumulator)
            beta2 = cast("beta_2", "β₂", spec.beta2, applies: accumulator)
        } else {
            (beta1, beta2) = (spec.beta1, spec.beta2)
        }
        initialAccumulator = spec.kind == .adagrad
            ? cast("initial_accumulator_value", "initial accumulator", spec.initialAccumulator) : spec.initialAccumulator
        weightDecay = cast("weight_decay", "weight_decay", spec.weightDecay)
        castHyperparameters = castList
        dampeningComplement = 1 - spec.dampening
        oneMinusBeta1 = 1 - spec.beta1
        oneMinusBeta2 = 1 - spec.beta2
        epsilon = spec.epsilon
        rho = spec.rho
        oneMinusRho = 1 - spec.rho
    }

    /// The learning rate of the next update (`Schedule.learningRate`), in the precision the
    /// framework computes its schedule (float32 when Keras casts).
    public func learningRate(iterations: Int, samplesSeen: Int) -> Double {
        spec.schedule.learningRate(base: learningRate, iterations: iterations, samplesSeen: samplesSeen,
                                   precision: spec.hyperparameterDtype)
    }

    /// The regularizer factors as applied: `l1`/`l2` go through Keras' cast; `half_l2` (a
    /// hand-written Python expression) stays exact.
    func applied(_ r: Regularizer) -> Regularizer {
        guard spec.hyperparameterDtype == .float32 else { return r }
        return Regularizer(l1: kerasCast(r.l1), l2: kerasCast(r.l2), halfL2: r.halfL2)
    }
}

/// One hyperparameter Keras casts through float32 (`ops.cast`): its key under `optimizer:`, its
/// name in messages, the value written, and the value nnspec's update reads (rounded when the
/// spec's `hyperparameter_dtype` is float32 and the update's form raises or multiplies the cast
/// tensor; Adam's estimate form keeps its βs exact).
public struct CastHyperparameter: Sendable, Equatable {
    public var key: String
    public var label: String
    public var written: Double
    public var applied: Double

    public init(key: String, label: String, written: Double, applied: Double) {
        self.key = key
        self.label = label
        self.written = written
        self.applied = applied
    }

    /// The value Keras' cast gives, whatever this spec applies.
    public var float32: Double { kerasCast(written) }
}

/// Keras' `ops.cast` of a Python float: through a float32 tensor.
func kerasCast(_ v: Double) -> Double { Double(Float(v)) }
