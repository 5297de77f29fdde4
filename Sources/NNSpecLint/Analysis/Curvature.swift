import Foundation
import NNSpecIR

/// A mean-field estimate of the loss curvature at initialization, for the step-size rules.
///
/// The largest Hessian eigenvalue is at least that of any diagonal block, so the block of the
/// output layer's kernel is a lower bound on what gradient descent meets. That block is
/// `m·g·λ_max(E[h̃ h̃ᵀ]) + c`: m the loss's gradient factor (2/k for Keras mse), g the output's
/// curvature bound (1 for a linear output under mse, ¼ for sigmoid under cross-entropy, σ'² ≤
/// 1/16 for sigmoid under mse), h̃ the output layer's input with a 1 for its bias, c the L2
/// coefficient on that kernel. With no hidden layer h̃ is the data and λ_max is computed from it;
/// otherwise each hidden layer's units are taken as i.i.d. with pre-activations
/// z ~ N(μ_w·E[Σx] + μ_b, σ_w²·E[Σx²] + μ_w²·Var[Σx] + σ_b²) under the initializers.
public enum Curvature {
    public struct Estimate: Sendable {
        /// λ_max of the output layer's input second moments.
        public var inputMoment: Double
        /// m·g.
        public var lossCurvature: Double
        /// L2 coefficient on the output kernel.
        public var penalty: Double
        /// Whether some hidden layer is unbounded (its curvature grows as weights grow).
        public var unboundedHidden: Bool
        /// Whether the moment came from the data itself (no hidden layer).
        public var exact: Bool
        /// Mean and second moment of the last hidden layer's units (for notes).
        public var hidden: (mean: Double, square: Double)?

        public var total: Double { lossCurvature * inputMoment + penalty }
    }

    /// The stability limit on lr·H for the spec's optimizer, with its formula; nil for optimizers
    /// whose step does not scale with the gradient (Adam, RMSprop, Adagrad) or that search their
    /// own step (L-BFGS).
    public static func limit(_ o: OptimizerSpec) -> (value: Double, formula: String)? {
        guard o.kind == .sgd else { return nil }
        let mu = o.momentum
        let damp = o.momentumForm == .buffer ? 1 - o.dampening : 1
        if mu == 0 { return (2, "2") }
        if o.nesterov {
            return (2 * (1 + mu) / (1 + 2 * mu) / damp, "2(1+μ)/(1+2μ) with μ = \(Num.exact(mu))")
        }
        return (2 * (1 + mu) / damp, "2(1+μ) with μ = \(Num.exact(mu))")
    }
}

extension LintContext {
    /// Curvature of the output's loss per unit of pre-activation: g in m·g.
    var outputCurvatureBound: Double {
        let act = output.activation
        switch spec.loss.kind {
        case .mse:
            switch act {
            case .sigmoid: return 1.0 / 16
            case .softmax: return 1.0 / 16
            default: return 1
            }
        case .binaryCrossentropy:
            return act == .sigmoid || spec.loss.fromLogits ? 0.25 : 1
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            return act == .softmax || spec.loss.fromLogits ? 0.5 : 1
        }
    }

    /// Builds the estimate; the data's own second-moment matrix when there is no hidden layer.
    func estimateCurvature() -> Curvature.Estimate? {
        guard let d = trainingData, let stats = inputStatistics, let plan else { return nil }
        let out = outputIndex
        let bias = self.bias(out) != nil
        var moment: Double
        var hidden: (Double, Double)?
        var exact = false
        if out == 0 {
            moment = Curvature.secondMomentMax(d.inputs.values, columns: d.inputs.columns, bias: bias)
            exact = true
        } else {
            var sumMean = stats.sumMean, sumVar = stats.sumVariance, sumSq = stats.sumSquares
            var mu = 0.0, q = 0.0
            for i in 0..<out {
                guard let k = initDistribution(layer: i, bias: false) else { return nil }
                let b = self.bias(i)?.distribution ?? .constant(0)
                let zMean = k.mean * sumMean + b.mean
                let zVar = k.variance * sumSq + k.mean * k.mean * sumVar + b.variance
                let width = plan.layers[i].outputWidth
                (mu, q) = Curvature.moments(layers[i].activation, mean: zMean, variance: zVar, units: width)
                let u = Double(width)
                sumMean = u * mu
                sumSq = u * q
                sumVar = u * max(0, q - mu * mu)
            }
            let u = Double(plan.layers[out - 1].outputWidth)
            let v = max(0, q - mu * mu)
            if bias {
                // E[h̃h̃ᵀ] = [[μ²J + vI, μ1], [μ1ᵀ, 1]]: its top eigenvalue lives on span(1/√u, e_bias).
                let a = u * mu * mu + v, c = u.squareRoot() * mu, dd = 1.0
                let tr = a + dd, det = a * dd - c * c
                moment = max(v, tr / 2 + (tr * tr / 4 - det).squareRoot())
            } else {
                moment = u * mu * mu + v
            }
            hidden = (mu, q)
        }
        let unbounded = layers.dropLast().contains { $0.activation.unbounded }
        return Curvature.Estimate(inputMoment: moment, lossCurvature: lossFactor * outputCurvatureBound,
                                  penalty: l2Coefficient(layer: out, bias: false) ?? 0,
                                  unboundedHidden: unbounded, exact: exact, hidden: hidden)
    }
}

extension Curvature {
    /// λ_max of (1/n)·X̃ᵀX̃ by power iteration on at most 2000 evenly spaced rows.
    static func secondMomentMax(_ x: [Double], columns c: Int, bias: Bool) -> Double {
        let n = x.count / max(c, 1)
        guard n > 0 else { return 0 }
        let stride = max(1, n / 2000)
        let rows = Array(Swift.stride(from: 0, to: n, by: stride))
        let d = c + (bias ? 1 : 0)
        var v = [Double](repeating: 1 / Double(d).squareRoot(), count: d)
        var lambda = 0.0
        for _ in 0..<100 {
            var w = [Double](repeating: 0, count: d)
            for i in rows {
                var dot = bias ? v[c] : 0
                for j in 0..<c { dot += x[i * c + j] * v[j] }
                for j in 0..<c { w[j] += dot * x[i * c + j] }
                if bias { w[c] += dot }
            }
            let inv = 1 / Double(rows.count)
            var norm = 0.0
            for j in 0..<d { w[j] *= inv; norm += w[j] * w[j] }
            norm = norm.squareRoot()
            guard norm > 0, norm.isFinite else { return 0 }
            let converged = Swift.abs(norm - lambda) <= 1e-9 * norm
            lambda = norm
            v = w.map { $0 / norm }
            if converged { break }
        }
        return lambda
    }

    /// E[act(z)] and E[act(z)²] for z ~ N(mean, variance), by quadrature on a fine grid over ±8σ (exact for a constant z).
    static func moments(_ act: Activation, mean: Double, variance: Double, units: Int) -> (Double, Double) {
        if act == .softmax { let p = 1 / Double(max(units, 1)); return (p, p * p) }
        func f(_ z: Double) -> Double {
            switch act {
            case .linear: return z
            case .sigmoid: return 1 / (1 + exp(-z))
            case .tanh: return tanh(z)
            case .relu: return max(0, z)
            case .softplus: return z > 30 ? z : log1p(exp(z))
            case .softmax: return 0
            }
        }
        let s = variance.squareRoot()
        if s == 0 { let y = f(mean); return (y, y * y) }
        let steps = 400
        var m1 = 0.0, m2 = 0.0, wsum = 0.0
        for i in 0...steps {
            let t = -8 + 16 * Double(i) / Double(steps)
            let w = exp(-t * t / 2)
            let y = f(mean + s * t)
            m1 += w * y; m2 += w * y * y; wsum += w
        }
        return (m1 / wsum, m2 / wsum)
    }
}
