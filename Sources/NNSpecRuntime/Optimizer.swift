import NNSpecIR
import NNSpecPlan
import NNSpecNumerics

/// The stochastic optimizers, one update over the whole parameter vector per step. The form
/// fields choose between the frameworks' formulas; the arithmetic follows each framework's
/// source term by term (Keras `keras/src/optimizers/*.py`, scikit-learn
/// `_stochastic_optimizers.py`, `torch/optim/*.py`), in the run's dtype. Every hyperparameter is
/// read from the plan as the framework applies it (Keras' float32 cast included); here it is only
/// converted to the run's dtype.
struct Optimizer<S: TrainingScalar> {
    let spec: OptimizerSpec
    /// The hyperparameters as applied.
    let plan: OptimizerPlan
    /// Updates applied so far: Keras' `iterations`, PyTorch's `step − 1`.
    private(set) var iterations = 0
    /// Velocity / momentum buffer / first moment, by kind.
    private let first: Buffer<S>
    /// Second moment / squared-gradient average / Adagrad accumulator.
    private let second: Buffer<S>
    /// RMSprop's momentum buffer.
    private let third: Buffer<S>

    init(_ plan: OptimizerPlan, parameters count: Int) {
        self.plan = plan
        let spec = plan.spec
        self.spec = spec
        first = Buffer(count: count)
        second = Buffer(count: count)
        third = Buffer(count: spec.kind == .rmsprop && plan.momentum > 0 ? count : 0)
        if spec.kind == .adagrad { second.fill(S(plan.initialAccumulator)) }
    }

    /// Applies one update to `w` from the gradient `g` with learning rate `lr` (already scheduled).
    /// `g` may be modified (coupled weight decay is added to it, as PyTorch does).
    mutating func step(_ w: Buffer<S>, _ g: Buffer<S>, learningRate: Double) {
        let n = w.count, w = w.pointer, g = g.pointer
        let lr = S(learningRate)
        if plan.weightDecay != 0 {
            let wd = S(plan.weightDecay)
            switch spec.weightDecayForm {
            case .coupled:   // PyTorch: g ← g + λ·W, every parameter.
                for i in 0 ..< n { g[i] = g[i] + wd * w[i] }
            case .decoupled: // Keras `_apply_weight_decay` / AdamW: W ← W − W·λ·lr, before the step.
                for i in 0 ..< n { w[i] = w[i] - w[i] * wd * lr }
            }
        }
        switch spec.kind {
        case .sgd: sgd(w, g, n, lr)
        case .adam, .adamw: adam(w, g, n, lr)
        case .rmsprop: rmsprop(w, g, n, lr)
        case .adagrad: adagrad(w, g, n, lr)
        case .lbfgs: preconditionFailure("L-BFGS is not a stochastic optimizer")
        }
        iterations += 1
    }

    private func sgd(_ w: UnsafeMutablePointer<S>, _ g: UnsafeMutablePointer<S>, _ n: Int, _ lr: S) {
        let mu = S(plan.momentum), v = first.pointer
        if plan.momentum == 0 {
            for i in 0 ..< n { w[i] = w[i] - g[i] * lr }
            return
        }
        switch spec.momentumForm {
        case .velocity:
            // v ← μv − lr·g;  W ← W + v,  or with Nesterov W ← W + μv − lr·g (the new v).
            for i in 0 ..< n {
                v[i] = v[i] * mu - g[i] * lr
                w[i] = w[i] + (spec.nesterov ? v[i] * mu - g[i] * lr : v[i])
            }
        case .buffer:
            // buf ← g on the first step, then μ·buf + (1 − dampening)·g;  W ← W − lr·(buf or g + μ·buf).
            let damp = S(plan.dampeningComplement)
            for i in 0 ..< n {
                v[i] = iterations == 0 ? g[i] : v[i] * mu + damp * g[i]
                w[i] = w[i] - lr * (spec.nesterov ? g[i] + mu * v[i] : v[i])
            }
        }
    }

    private func adam(_ w: UnsafeMutablePointer<S>, _ g: UnsafeMutablePointer<S>, _ n: Int, _ lr: S) {
        let m = first.pointer, v = second.pointer
        let b1 = S(plan.oneMinusBeta1), b2 = S(plan.oneMinusBeta2), eps = S(plan.epsilon)
        switch spec.epsilonForm {
        case .accumulator:
            // α_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ);  W ← W − α_t·m/(√v + ε).
            let t = S(iterations + 1)
            let alpha = lr * (1 - S.pow(S(plan.beta2), t)).squareRoot() / (1 - S.pow(S(plan.beta1), t))
            // m ← m + (g − m)·(1 − β1);  v ← v + (g² − v)·(1 − β2), element by element.
            AdamUpdate.accumulator(w: w, g: g, m: m, v: v, count: n, b1: b1, b2: b2, alpha: alpha, epsilon: eps)
        case .estimate:
            // W ← W − (lr/(1 − β1ᵗ))·m/(√v/√(1 − β2ᵗ) + ε).
            let t = Double(iterations + 1)
            let stepSize = lr / S(1 - Double.pow(plan.beta1, t))
            let correction = S((1 - Double.pow(plan.beta2, t)).squareRoot())
            let beta2 = S(plan.beta2)
            // m ← m + (g − m)·(1 − β1);  v ← v·β2 + g²·(1 − β2), element by element.
            AdamUpdate.estimate(w: w, g: g, m: m, v: v, count: n, b1: b1, beta2: beta2, b2: b2,
                                stepSize: stepSize, correction: correction, epsilon: eps)
        }
    }

    private func rmsprop(_ w: UnsafeMutablePointer<S>, _ g: UnsafeMutablePointer<S>, _ n: Int, _ lr: S) {
        let v = second.pointer, buf = third.pointer
        let rho = S(plan.rho), oneMinusRho = S(plan.oneMinusRho), eps = S(plan.epsilon), mu = S(plan.momentum)
        let momentum = plan.momentum > 0
        switch spec.epsilonForm {
        case .accumulator:
            // v ← ρv + (1 − ρ)g²;  Δ = lr·g/√(v + ε);  with momentum b ← μb + Δ, W ← W − b.
            for i in 0 ..< n {
                v[i] = rho * v[i] + oneMinusRho * (g[i] * g[i])
                let inc = lr * g[i] / (v[i] + eps).squareRoot()
                if momentum {
                    buf[i] = mu * buf[i] + inc
                    w[i] = w[i] - buf[i]
                } else {
                    w[i] = w[i] - inc
                }
            }
        case .estimate:
            // v ← ρv + (1 − ρ)g²;  d = √v + ε;  with momentum b ← μb + g/d, W ← W − lr·b.
            for i in 0 ..< n {
                v[i] = v[i] * rho + g[i] * g[i] * oneMinusRho
                let avg = v[i].squareRoot() + eps
                if momentum {
                    buf[i] = buf[i] * mu + g[i] / avg
                    w[i] = w[i] - lr * buf[i]
                } else {
                    w[i] = w[i] - lr * (g[i] / avg)
                }
            }
        }
    }

    private func adagrad(_ w: UnsafeMutablePointer<S>, _ g: UnsafeMutablePointer<S>, _ n: Int, _ lr: S) {
        let acc = second.pointer, eps = S(plan.epsilon)
        for i in 0 ..< n {
            acc[i] = acc[i] + g[i] * g[i]
            switch spec.epsilonForm {
            case .accumulator: w[i] = w[i] - lr * g[i] / (acc[i] + eps).squareRoot()  // √(acc + ε)
            case .estimate: w[i] = w[i] - lr * (g[i] / (acc[i].squareRoot() + eps)) // √acc + ε
            }
        }
    }
}
