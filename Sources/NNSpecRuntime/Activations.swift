import NNSpecIR
import NNSpecNumerics

/// Forward and backward of each activation over a `rows × cols` block (softmax works per row).
extension Activation {
    /// `a = f(z)`. `z` and `a` may be the same buffer.
    func forward<S: TrainingScalar>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
        let count = rows * cols
        switch self {
        case .linear:
            if UnsafePointer(a) != z { a.update(from: z, count: count) }
        case .sigmoid:
            // scipy.special.expit and TensorFlow's logistic: 1 / (1 + e^−z).
            for i in 0 ..< count { a[i] = 1 / (1 + S.exp(-z[i])) }
        case .tanh:
            for i in 0 ..< count { a[i] = S.tanh(z[i]) }
        case .relu:
            Rectifier.forward(z, a, count: count)
        case .softplus:
            // TensorFlow's Softplus kernel: z above −t is returned as is, z below t as e^z, where
            // t = log(ε) + 2; otherwise log(e^z + 1).
            let t = S.log(S.ulpOfOne) + 2
            for i in 0 ..< count {
                let x = z[i]
                a[i] = x > -t ? x : (x < t ? S.exp(x) : S.log(S.exp(x) + 1))
            }
        case .softmax:
            for r in 0 ..< rows {
                let zr = z + r * cols, ar = a + r * cols
                var m = zr[0]
                for j in 1 ..< cols where zr[j] > m { m = zr[j] }
                var sum: S = 0
                for j in 0 ..< cols {
                    let e = S.exp(zr[j] - m)
                    ar[j] = e
                    sum += e
                }
                for j in 0 ..< cols { ar[j] = ar[j] / sum }
            }
        }
    }

    /// Turns `delta`, the gradient with respect to `a = f(z)`, into the gradient with respect
    /// to `z`, in place. Derivatives are taken from the output where the frameworks do
    /// (sigmoid `a(1−a)`, tanh `1−a²`, relu `a > 0`) and from `z` for softplus (`σ(z)`).
    func backward<S: TrainingScalar>(_ delta: UnsafeMutablePointer<S>, z: UnsafePointer<S>, a: UnsafePointer<S>,
                                     rows: Int, cols: Int) {
        let count = rows * cols
        switch self {
        case .linear:
            break
        case .sigmoid:
            for i in 0 ..< count { delta[i] = delta[i] * a[i] * (1 - a[i]) }
        case .tanh:
            for i in 0 ..< count { delta[i] = delta[i] * (1 - a[i] * a[i]) }
        case .relu:
            // δ where a > 0, else +0 (NaN a too).
            Rectifier.backward(delta, a: a, count: count)
        case .softplus:
            for i in 0 ..< count { delta[i] = delta[i] / (S.exp(-z[i]) + 1) }
        case .softmax:
            for r in 0 ..< rows {
                let d = delta + r * cols, ar = a + r * cols
                var dot: S = 0
                for j in 0 ..< cols { dot += d[j] * ar[j] }
                for j in 0 ..< cols { d[j] = (d[j] - dot) * ar[j] }
            }
        }
    }
}
