public enum OptimizerKind: String, Sendable, CaseIterable {
    case sgd, adam, adamw, rmsprop, adagrad, lbfgs
}

/// How SGD's momentum is kept: a velocity `v ← μv − lr·g, W ← W + v` (Keras, scikit-learn),
/// or a buffer `b ← μb + (1−d)·g, W ← W − lr·b` (PyTorch, with dampening d).
public enum MomentumForm: String, Sendable, CaseIterable {
    case velocity, buffer

    /// The framework names earlier specs used.
    public static let aliases: [String: MomentumForm] = ["keras": .velocity, "torch": .buffer]
}

/// Where ε meets the second moment. `accumulator`: ε meets the stored accumulator — Adam divides
/// by `√v + ε` with the bias corrections folded into the step size, RMSprop/Adagrad by `√(v + ε)`
/// (Keras, scikit-learn). `estimate`: ε is added to the root of the estimate — Adam `√v̂ + ε`
/// after bias correction, RMSprop/Adagrad `√v + ε` (PyTorch).
public enum EpsilonForm: String, Sendable, CaseIterable {
    case accumulator, estimate

    /// The framework names earlier specs used.
    public static let aliases: [String: EpsilonForm] = ["keras": .accumulator, "torch": .estimate]
}

/// Coupled decay adds `λW` to the gradient (PyTorch SGD); decoupled subtracts `lr·λ·W` outside
/// it (AdamW, Keras' `weight_decay`).
public enum WeightDecayForm: String, Sendable, CaseIterable {
    case coupled, decoupled
}

public enum Schedule: Sendable, Equatable {
    case constant
    /// Keras' legacy `decay`: `lr / (1 + decay·iterations)`.
    case inverseTime(decay: Double)
    /// scikit-learn `invscaling`: `lr / (t + 1)^power_t`, t = samples seen, updated per epoch.
    case invScaling(powerT: Double)
}

public struct OptimizerSpec: Sendable {
    public var kind: OptimizerKind
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool
    public var momentumForm: MomentumForm
    public var dampening: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var epsilonForm: EpsilonForm
    public var rho: Double
    public var initialAccumulator: Double
    public var weightDecay: Double
    public var weightDecayForm: WeightDecayForm
    public var schedule: Schedule
    /// Keras casts Python-float hyperparameters through a float32 tensor (`ops.cast(0.9,
    /// "float64")` is `float64(float32(0.9))`): momentum, Adam's β bases, the Adagrad initial
    /// accumulator, the weight decay, and the `l1`/`l2` regularizer factors; its schedules
    /// compute in float32. This names that precision; nil: hyperparameters are exact in the
    /// spec's dtype.
    public var hyperparameterDtype: DType?
    /// L-BFGS: iteration and function-evaluation budgets, memory, and tolerance (scikit-learn's
    /// `max_iter`, `max_fun`, scipy's `maxcor` = 10, `tol`).
    public var maxIter: Int
    public var maxFun: Int
    public var history: Int
    public var tolerance: Double
}
