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
            Self.split(count) { r in for i in r { a[i] = 1 / (1 + S.exp(-z[i])) } }
        case .tanh:
            Self.split(count) { r in for i in r { a[i] = S.tanh(z[i]) } }
        case .relu:
            Rectifier.forward(z, a, count: count)
        case .softplus:
            // TensorFlow's Softplus kernel: z above −t is returned as is, z below t as e^z, where
            // t = log(ε) + 2; otherwise log(e^z + 1).
            let t = S.log(S.ulpOfOne) + 2
            Self.split(count) { r in
                for i in r {
                    let x = z[i]
                    a[i] = x > -t ? x : (x < t ? S.exp(x) : S.log(S.exp(x) + 1))
                }
            }
        case .softmax:
            Self.split(rows, by: cols) { rowRange in for r in rowRange {
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
            } }
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
            Self.split(count) { r in for i in r { delta[i] = delta[i] / (S.exp(-z[i]) + 1) } }
        case .softmax:
            for r in 0 ..< rows {
                let d = delta + r * cols, ar = a + r * cols
                var dot: S = 0
                for j in 0 ..< cols { dot += d[j] * ar[j] }
                for j in 0 ..< cols { d[j] = (d[j] - dot) * ar[j] }
            }
        }
    }

    /// Multiply–adds one transcendental element (an exp or tanh and a division) costs, as a
    /// product's work is counted: ~1 ns (perf on MNIST's sigmoid) against ~0.02 ns a multiply–add.
    private static let workPerElement = 64

    /// `body` over disjoint ranges of `count` items of `width` elements each (a softmax's rows),
    /// on the worker pool when the pass is large. Each element is computed by one formula
    /// whichever part it falls in, so no bit depends on the split.
    private static func split(_ count: Int, by width: Int = 1, _ body: (Range<Int>) -> Void) {
        let perItem = width.multipliedReportingOverflow(by: workPerElement)
        WorkerPool.forEachRange(count: count, workPerItem: perItem.overflow ? .max : perItem.partialValue,
                                minimumPerPart: max(1, 1024 / max(width, 1)), body)
    }
}
