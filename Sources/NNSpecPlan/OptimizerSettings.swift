import NNSpecIR

/// One hyperparameter an optimizer kind reads, besides the learning rate, ε, the weight decay
/// and the schedule (which have their own comparisons). Diff's optimizer aspect and lint's
/// `mirror-optimizer` both walk `OptimizerSpec.settings`, so they name the same settings.
public struct OptimizerSetting: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case number(Double)
        case flag(Bool)
        case count(Int)
    }

    /// The key under `optimizer:` in a spec.
    public var key: String
    /// What it is, for messages ("momentum dampening").
    public var label: String
    public var value: Value

    /// The value as a spec would write it.
    public var text: String {
        switch value {
        case .number(let x): return Num.exact(x)
        case .flag(let b): return "\(b)"
        case .count(let n): return "\(n)"
        }
    }

    /// Two settings of one key differ in a way that can change a run.
    public func differs(from other: OptimizerSetting) -> Bool {
        if case .number(let x) = value, case .number(let y) = other.value { return !Num.same(x, y) }
        return value != other.value
    }
}

extension OptimizerSpec {
    /// PyTorch's dampening, which only its momentum form applies.
    public var effectiveDampening: Double { momentumForm == .buffer ? dampening : 0 }

    /// The settings of this optimizer's kind, in the order messages list them.
    public var settings: [OptimizerSetting] {
        switch kind {
        case .sgd:
            return [OptimizerSetting(key: "momentum", label: "momentum μ", value: .number(momentum)),
                    OptimizerSetting(key: "nesterov", label: "Nesterov momentum", value: .flag(nesterov)),
                    OptimizerSetting(key: "dampening", label: "momentum dampening", value: .number(effectiveDampening))]
        case .adam, .adamw:
            return [OptimizerSetting(key: "beta_1", label: "β₁", value: .number(beta1)),
                    OptimizerSetting(key: "beta_2", label: "β₂", value: .number(beta2))]
        case .rmsprop:
            return [OptimizerSetting(key: "rho", label: "ρ", value: .number(rho)),
                    OptimizerSetting(key: "momentum", label: "momentum", value: .number(momentum))]
        case .adagrad:
            return [OptimizerSetting(key: "initial_accumulator_value", label: "initial accumulator", value: .number(initialAccumulator))]
        case .lbfgs:
            return [OptimizerSetting(key: "max_iter", label: "max_iter", value: .count(maxIter)),
                    OptimizerSetting(key: "max_fun", label: "max_fun", value: .count(maxFun)),
                    OptimizerSetting(key: "history_size", label: "history size", value: .count(history)),
                    OptimizerSetting(key: "tol", label: "tolerance", value: .number(tolerance))]
        }
    }
}

extension OptimizerSpec {
    /// The schedule as written in a spec.
    public var scheduleText: String {
        switch schedule {
        case .constant: return "constant"
        case .inverseTime(let d): return "{kind: inverse_time, decay: \(Num.exact(d))}"
        case .invScaling(let p): return "{kind: invscaling, power_t: \(Num.exact(p))}"
        }
    }
}
