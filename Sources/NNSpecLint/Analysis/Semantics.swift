import Foundation
import NNSpecIR
import NNSpecPlan

// The effective meaning of a spec's conventions, in the terms of ../shared/CONVENTIONS.md:
// what each loss does to the gradient, what each penalty adds per step, what each initializer
// draws. The rules about one spec and the rules comparing two specs both read these, so a
// convention's arithmetic is written once.

extension LintContext {
    /// Every penalty term on layer `i`'s tensor in `role`, from the plan.
    public func penaltyTerms(layer i: Int, _ role: TensorRole) -> [PenaltyTerm] {
        plan?.tensor(layer: i, role)?.penalties ?? []
    }

    /// Every penalty term on layer `i`'s kernel (`bias: false`) or bias, from the plan.
    public func penaltyTerms(layer i: Int, bias: Bool) -> [PenaltyTerm] { penaltyTerms(layer: i, bias ? .bias : .kernel) }

    /// The total L2 coefficient c of c·W on layer `i`'s tensor in `role` (nil when unknown, 0
    /// for a tensor the layer does not have).
    public func l2Coefficient(layer i: Int, _ role: TensorRole) -> Double? {
        guard let plan else { return nil }
        return plan.tensor(layer: i, role)?.l2Coefficient ?? 0
    }

    /// The total L2 coefficient c of c·W on layer `i`'s kernel or bias (nil when unknown).
    public func l2Coefficient(layer i: Int, bias: Bool) -> Double? { l2Coefficient(layer: i, bias ? .bias : .kernel) }

    /// True when nothing penalizes any parameter.
    public var isUnpenalized: Bool { plan?.tensors.allSatisfy { $0.penalties.isEmpty } ?? true }

    /// The distribution layer `i`'s kernel or bias starts from, as the runtime draws it (nil
    /// without a plan or without that tensor).
    public func initDistribution(layer i: Int, bias: Bool) -> InitDistribution? {
        plan?.tensor(layer: i, bias ? .bias : .kernel)?.distribution
    }

    /// k, the outputs the loss reduces over: the plan's (the output layer's units without one).
    public var lossOutputs: Int { plan?.loss.outputs ?? output.units }

    /// The loss gradient factor m of `∂L/∂p = m·(p − y)/n`.
    public var lossFactor: Double { spec.loss.gradientFactor(outputs: lossOutputs) }

    /// How a cross-entropy meets the output layer (nil for squared error or without a plan).
    public var effectiveLink: LossLink? {
        guard let link = plan?.loss.link, link != .squared, link != .broadcastSquared else { return nil }
        return link
    }

    /// The clip ε when the loss applies one.
    public var effectiveClip: Double? { plan?.loss.clip }

    /// The precision the loss and its gradient are computed in.
    public var lossDtype: DType { plan?.loss.dtype ?? spec.dtype }
}

// MARK: training length and step sizes

extension LintContext {
    /// Updates per epoch: ⌈n/b⌉ (nil without a plan).
    public var stepsPerEpoch: Int? { plan?.batching.stepsPerEpoch }

    /// Total parameter updates of the run (nil without a plan).
    public var totalUpdates: Int? { plan?.batching.totalSteps }

    /// The learning rate at update `t` (0-based), after the schedule, as the runtime computes it.
    public func learningRate(atStep t: Int) -> Double {
        let seen = (t / max(stepsPerEpoch ?? 1, 1)) * (samples ?? 1)
        return optimizerPlan.learningRate(iterations: t, samplesSeen: seen)
    }

    /// The optimizer as applied: the plan's, or (without data shapes) lowered from the spec alone.
    public var optimizerPlan: OptimizerPlan { plan?.optimizer ?? OptimizerPlan(spec: spec.optimizer) }

    /// Σ_t lr_t over the run (nil when the number of updates is unknown).
    public var learningRateSum: Double? {
        guard let T = totalUpdates else { return nil }
        if case .constant = spec.optimizer.schedule { return Double(T) * optimizerPlan.learningRate }
        var s = 0.0
        for t in 0..<T { s += learningRate(atStep: t) }
        return s
    }

    /// How much larger momentum makes a steady step: 1/(1 − μ) for SGD with momentum.
    public var momentumGain: Double {
        let o = spec.optimizer
        guard o.kind == .sgd, o.momentum > 0 else { return 1 }
        let damp = o.momentumForm == .buffer ? 1 - o.dampening : 1
        return damp / (1 - o.momentum)
    }

    /// Adaptive optimizers move each weight by about lr per step whatever the gradient's size.
    public var isAdaptive: Bool { [.adam, .adamw, .rmsprop, .adagrad].contains(spec.optimizer.kind) }
}
