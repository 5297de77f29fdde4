import NNSpecIR

/// Two specs side by side, each with its plan when it lowered: when a difference between them
/// changes a run. The mirror-* lint rules phrase these facts as findings in one spec, `nnspec
/// diff` as lines about both; the decisions (a momentum form that only shows under a schedule, a
/// shuffle with one batch per epoch) are made here, once.
public struct PlanComparison: Sendable {
    public var here: Spec
    public var there: Spec
    public var herePlan: ExperimentPlan?
    public var therePlan: ExperimentPlan?

    public init(here: Spec, _ herePlan: ExperimentPlan?, there: Spec, _ therePlan: ExperimentPlan?) {
        self.here = here
        self.there = there
        self.herePlan = herePlan
        self.therePlan = therePlan
    }

    // MARK: optimizer

    /// Keras' velocity (v ← μv − lr·g) and PyTorch's buffer (b ← μb + g, W ← W − lr·b) take the
    /// same steps under a constant learning rate and the same dampening; only a schedule or a
    /// dampening difference tells them apart.
    public var momentumFormMatters: Bool {
        let oa = here.optimizer, ob = there.optimizer
        let scheduled = oa.schedule != .constant || ob.schedule != .constant
        return oa.kind == .sgd && oa.momentumForm != ob.momentumForm && oa.momentum > 0 && scheduled
            && Num.same(oa.effectiveDampening, ob.effectiveDampening)
    }

    /// Coupled (λW in the gradient) and decoupled (W ← W − lr·λ·W) weight decay agree for plain
    /// SGD, and differ once momentum or an adaptive optimizer rescales the gradient.
    public var weightDecayFormMatters: Bool {
        let oa = here.optimizer, ob = there.optimizer
        return (oa.weightDecay > 0 || ob.weightDecay > 0) && oa.weightDecayForm != ob.weightDecayForm
            && (oa.kind != .sgd || oa.momentum > 0 || ob.momentum > 0)
    }

    // MARK: batching

    /// The order of rows matters only when an epoch has more than one batch (unknown counts as
    /// more), and not at all when both take rows [b·i mod n, +b) from a fixed array.
    public var shuffleMatters: Bool {
        let ta = here.training, tb = there.training
        if ta.batchOrder == .wrap && tb.batchOrder == .wrap { return false }
        return (herePlan?.batching.stepsPerEpoch ?? 2) > 1 || (therePlan?.batching.stepsPerEpoch ?? 2) > 1
    }

    /// An epoch walk and a wrapping walk see the same batches only when b divides n (or both
    /// shuffle, when neither order is fixed anyway).
    public var batchOrderMatters: Bool {
        let ta = here.training, tb = there.training
        guard ta.batchOrder != tb.batchOrder, let ba = herePlan?.batching, let bb = therePlan?.batching, ba.size == bb.size else {
            return false
        }
        return ba.trainingRows % ba.size != 0 && (!ta.shuffle || !tb.shuffle)
    }

    // MARK: initialization

    /// Layers whose kernels (or biases) start from different distributions, grouped by the pair
    /// of initializers (here, there), in layer order. Layers without that tensor on either side,
    /// and plans that did not lower, have none.
    public func initDifferences(bias: Bool) -> [InitDifference] {
        guard let pa = herePlan, let pb = therePlan, pa.layers.count == pb.layers.count else { return [] }
        let role: TensorRole = bias ? .bias : .kernel
        var groups: [InitDifference] = []
        for i in pa.layers.indices {
            guard let ta = pa.tensor(layer: i, role), let tb = pb.tensor(layer: i, role),
                  ta.initializer != tb.initializer, !ta.distribution.approximatelyEqual(tb.distribution) else { continue }
            if let g = groups.firstIndex(where: { $0.here == ta.initializer && $0.there == tb.initializer }) {
                groups[g].layers.append(i)
            } else {
                groups.append(InitDifference(bias: bias, here: ta.initializer, there: tb.initializer, layers: [i]))
            }
        }
        return groups
    }
}

/// Layers of two specs whose kernels or biases start from different distributions.
public struct InitDifference: Sendable {
    public var bias: Bool
    public var here: Initializer
    public var there: Initializer
    public var layers: [Int]
}

extension OptimizerSpec {
    /// √(1 − β₂ᵗ): in Keras' form, PyTorch's ε acts as this many ε at step `t` (from 1).
    public func torchEpsilonScale(atStep t: Int) -> Double {
        (1 - (0 ..< t).reduce(1.0) { r, _ in r * beta2 }).squareRoot()
    }
}
