import NNSpecIR
import NNSpecPlan

/// The loss of a batch and its gradient at the output layer's pre-activation, exactly as the
/// `LossSpec` fields say. Targets are `rows × k` (sparse labels arrive one-hot), or `rows × 1`
/// broadcast against every prediction (TF1).
///
/// Reported value: `scale · mean over rows of (Σ or mean over the k outputs of e)`.
/// Gradient: `scale / rows · (1 or 1/k by gradientReduction) · ∂e`, which is where
/// scikit-learn's `p − y` (not divided by k) and Keras' `2(p − y)/(n·k)` part ways.
struct LossFunction<S: TrainingScalar> {
    let spec: LossSpec
    let activation: Activation
    let outputs: Int
    /// How the value and delta are formed: the plan's link.
    let form: LossLink
    /// TF1 under float64: the loss sees its inputs as float32 and hands back a float32 delta.
    let roundsToFloat32: Bool

    init(_ plan: LossPlan, outputActivation: Activation) {
        spec = plan.spec
        activation = outputActivation
        outputs = plan.outputs
        form = plan.link
        roundsToFloat32 = plan.dtype == .float32 && S.self != Float.self
    }

    private var binary: Bool { spec.kind == .binaryCrossentropy }
    private var clip: (lo: S, hi: S)? { spec.clipEpsilon.map { (S($0), 1 - S($0)) } }

    // MARK: value

    /// The reported loss of `rows` rows (without penalties).
    func value(z: UnsafePointer<S>, a: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int) -> Double {
        guard roundsToFloat32 else { return exactValue(z: z, a: a, y: y, rows: rows) }
        return Double(Float(float32Inputs(z, a, y, rows) { exactValue(z: $0, a: $1, y: $2, rows: rows) }))
    }

    /// Runs `body` on copies of `z`, `a`, `y` rounded to float32.
    private func float32Inputs<R>(_ z: UnsafePointer<S>, _ a: UnsafePointer<S>, _ y: UnsafePointer<S>, _ rows: Int,
                                  _ body: (UnsafePointer<S>, UnsafePointer<S>, UnsafePointer<S>) -> R) -> R {
        let count = rows * outputs
        func rounded(_ p: UnsafePointer<S>) -> [S] { (0 ..< count).map { S(Float(p[$0])) } }
        let (rz, ra, ry) = (rounded(z), rounded(a), rounded(y))
        return rz.withUnsafeBufferPointer { z in
            ra.withUnsafeBufferPointer { a in
                ry.withUnsafeBufferPointer { y in body(z.baseAddress!, a.baseAddress!, y.baseAddress!) }
            }
        }
    }

    private func exactValue(z: UnsafePointer<S>, a: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int) -> Double {
        let k = outputs
        var total = 0.0
        switch form {
        case .broadcastSquared:
            // Σ_i Σ_j (p_i − y_j)², summed around the target mean so it stays exact to rounding.
            var ySum = 0.0
            for i in 0 ..< rows { ySum += Double(y[i]) }
            let mean = ySum / Double(rows)
            var dd = 0.0, d = 0.0, ee = 0.0, e = 0.0
            for i in 0 ..< rows {
                let di = Double(a[i]) - mean, ei = Double(y[i]) - mean
                dd += di * di; d += di; ee += ei * ei; e += ei
            }
            let n = Double(rows)
            return spec.scale * (n * dd + n * ee - 2 * d * e) / (n * n)
        case .logits where !binary, .fromLogits where !binary:
            let l = form == .fromLogits ? a : z
            for r in 0 ..< rows {
                let lr = l + r * k, yr = y + r * k
                var m = lr[0]
                for j in 1 ..< k where lr[j] > m { m = lr[j] }
                var sum: S = 0
                for j in 0 ..< k { sum += S.exp(lr[j] - m) }
                let lse = m + S.log(sum)
                var row = 0.0
                for j in 0 ..< k where yr[j] != 0 { row += Double(yr[j] * (lse - lr[j])) }
                total += reduceRow(row)
            }
        case .clipped where !binary:
            for r in 0 ..< rows {
                let ar = a + r * k, yr = y + r * k
                var sum: S = 0
                for j in 0 ..< k { sum += ar[j] }
                var row = 0.0
                for j in 0 ..< k { row -= Double(yr[j] * S.log(clipped(ar[j] / sum))) }
                total += reduceRow(row)
            }
        case .squared:
            for r in 0 ..< rows {
                var row = 0.0
                for j in r * k ..< (r + 1) * k {
                    let d = Double(a[j] - y[j])
                    row += d * d
                }
                total += reduceRow(row)
            }
        default:
            for r in 0 ..< rows {
                var row = 0.0
                for j in r * k ..< (r + 1) * k { row += element(z: z[j], a: a[j], y: y[j]) }
                total += reduceRow(row)
            }
        }
        return spec.scale * total / Double(rows)
    }

    /// One output's term `e` for the elementwise forms.
    @inline(__always)
    private func element(z: S, a: S, y: S) -> Double {
        switch form {
        case .logits, .fromLogits:
            // TensorFlow's sigmoid_cross_entropy_with_logits: max(ℓ, 0) − ℓ·y + log(1 + e^−|ℓ|).
            let l = form == .fromLogits ? a : z
            return Double(max(l, 0) - l * y + S.log1p(S.exp(-abs(l))))
        case .canonical:
            // scikit-learn: xlogy on probabilities clipped to [ε, 1 − ε] (0·log 0 counts 0).
            let p = clipped(a)
            var e = 0.0
            if y != 0 { e -= Double(y * S.log(p)) }
            if binary && y != 1 { e -= Double((1 - y) * S.log(1 - p)) }
            return e
        case .clipped:
            // Keras: clip to [ε, 1 − ε], then y·log p + (1 − y)·log(1 − p).
            let p = clipped(a)
            return binary ? -Double(y * S.log(p) + (1 - y) * S.log(1 - p)) : -Double(y * S.log(p))
        case .squared, .broadcastSquared:
            preconditionFailure("squared errors are summed in value(z:a:y:rows:)")
        }
    }

    @inline(__always) private func clipped(_ p: S) -> S {
        guard let (lo, hi) = clip else { return p }
        return min(max(p, lo), hi)
    }

    @inline(__always) private func reduceRow(_ sum: Double) -> Double {
        spec.outputReduction == .mean ? sum / Double(outputs) : sum
    }

    // MARK: gradient

    /// Writes `∂L/∂z` of the output layer for `rows` rows into `delta`.
    func delta(z: UnsafePointer<S>, a: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int, into delta: UnsafeMutablePointer<S>) {
        guard roundsToFloat32 else { return exactDelta(z: z, a: a, y: y, rows: rows, into: delta) }
        float32Inputs(z, a, y, rows) { exactDelta(z: $0, a: $1, y: $2, rows: rows, into: delta) }
        for i in 0 ..< rows * outputs { delta[i] = S(Float(delta[i])) }
    }

    private func exactDelta(z: UnsafePointer<S>, a: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int,
                            into delta: UnsafeMutablePointer<S>) {
        let k = outputs, count = rows * k
        let perOutput: S = spec.gradientReduction == .mean ? S(k) : 1
        let c = S(spec.scale) / S(rows) / perOutput
        switch form {
        case .squared:
            for i in 0 ..< count { delta[i] = c * 2 * (a[i] - y[i]) }
            activation.backward(delta, z: z, a: a, rows: rows, cols: k)
        case .broadcastSquared:
            var sum: S = 0
            for i in 0 ..< rows { sum += y[i] }
            let mean = sum / S(rows)
            let cb = S(spec.scale) / S(rows)
            for i in 0 ..< rows { delta[i] = cb * 2 * (a[i] - mean) }
            activation.backward(delta, z: z, a: a, rows: rows, cols: k)
        case .logits, .fromLogits:
            // ∂e/∂ℓ = sigmoid(ℓ) − y, or softmax(ℓ) − y (TensorFlow's gradient of both).
            let l = form == .fromLogits ? a : z
            if binary {
                for i in 0 ..< count { delta[i] = c * (1 / (1 + S.exp(-l[i])) - y[i]) }
            } else {
                Activation.softmax.forward(l, delta, rows: rows, cols: k)
                for i in 0 ..< count { delta[i] = c * (delta[i] - y[i]) }
            }
            if form == .fromLogits { activation.backward(delta, z: z, a: a, rows: rows, cols: k) }
        case .canonical:
            for i in 0 ..< count { delta[i] = c * (a[i] - y[i]) }
        case .clipped:
            clippedGradient(a: a, y: y, rows: rows, scale: c, into: delta)
            activation.backward(delta, z: z, a: a, rows: rows, cols: k)
        }
    }

    /// `∂L/∂a` through `clip` and `log`: a clipped probability passes no gradient.
    private func clippedGradient(a: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int, scale c: S,
                                 into delta: UnsafeMutablePointer<S>) {
        let k = outputs
        func inside(_ p: S) -> Bool { clip.map { p >= $0.lo && p <= $0.hi } ?? true }
        if binary {
            for i in 0 ..< rows * k {
                let p = clipped(a[i])
                delta[i] = inside(a[i]) ? c * (-y[i] / p + (1 - y[i]) / (1 - p)) : 0
            }
            return
        }
        // Keras normalizes q = a / Σa before clipping: ∂/∂a_i = (g_i − Σ_j g_j q_j) / Σa.
        for r in 0 ..< rows {
            let ar = a + r * k, yr = y + r * k, d = delta + r * k
            var sum: S = 0
            for j in 0 ..< k { sum += ar[j] }
            var dot: S = 0
            for j in 0 ..< k {
                let q = ar[j] / sum
                d[j] = inside(q) ? -c * yr[j] / clipped(q) : 0
                dot += d[j] * q
            }
            for j in 0 ..< k { d[j] = (d[j] - dot) / sum }
        }
    }
}
