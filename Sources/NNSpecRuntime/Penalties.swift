import NNSpecIR
import NNSpecPlan

/// Every penalty added to the loss, in the two forms the frameworks use:
/// - per-layer regularizers (Keras): `l1·Σ|W| + l2·ΣW² + ½·half_l2·ΣW²` on the tensors that name
///   them, added to every batch loss as is (not divided by the batch size);
/// - the global penalty (scikit-learn's `alpha`, the NumPy network's decay): `½·α·ΣW²` over
///   **all kernels**, never biases, divided by the current batch size when `divideByBatch`.
/// The gradients are the derivatives of exactly these terms.
struct Penalties {
    struct Term {
        /// Offset and length of the tensor in the parameter vector.
        let offset: Int
        let count: Int
        let regularizer: Regularizer
    }

    let terms: [Term]
    let global: GlobalPenalty
    /// Offsets and lengths of every kernel (the global penalty's tensors).
    let kernels: [(offset: Int, count: Int)]

    /// The plan's regularized tensors (factors as the framework applies them) and its kernels.
    init(_ plan: ExperimentPlan) {
        terms = plan.tensors.compactMap { t in t.appliedRegularizer.map { Term(offset: t.offset, count: t.count, regularizer: $0) } }
        global = plan.spec.penalty
        kernels = plan.tensors.filter { $0.role == .kernel }.map { ($0.offset, $0.count) }
    }

    private func globalDivisor(rows: Int) -> Double { global.divideByBatch ? Double(rows) : 1 }

    /// The penalty added to the loss of a batch of `rows` rows.
    func value<S: TrainingScalar>(_ w: UnsafePointer<S>, rows: Int) -> Double {
        var total = 0.0
        for t in terms {
            var abs1 = 0.0, sq = 0.0
            for i in t.offset ..< t.offset + t.count {
                let v = Double(w[i])
                abs1 += Swift.abs(v)
                sq += v * v
            }
            let r = t.regularizer
            total += r.l1 * abs1 + r.l2 * sq + 0.5 * r.halfL2 * sq
        }
        if global.alpha != 0 {
            var sq = 0.0
            for k in kernels {
                for i in k.offset ..< k.offset + k.count { sq += Double(w[i]) * Double(w[i]) }
            }
            total += 0.5 * global.alpha * sq / globalDivisor(rows: rows)
        }
        return total
    }

    /// Adds the penalties' gradient to `g`: `l1·sign(W) + (2·l2 + half_l2)·W` per regularized
    /// tensor, and `α·W / rows` (or `α·W`) on every kernel.
    func addGradient<S: TrainingScalar>(_ w: UnsafePointer<S>, into g: UnsafeMutablePointer<S>, rows: Int) {
        for t in terms {
            let l1 = S(t.regularizer.l1), c = S(t.regularizer.l2GradientCoefficient)
            for i in t.offset ..< t.offset + t.count {
                let sign: S = w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)
                g[i] = g[i] + (l1 * sign + c * w[i])
            }
        }
        if global.alpha != 0 {
            let c = S(global.alpha / globalDivisor(rows: rows))
            for k in kernels {
                for i in k.offset ..< k.offset + k.count { g[i] = g[i] + c * w[i] }
            }
        }
    }
}
