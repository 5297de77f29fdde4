import NNSpecIR
import NNSpecNumerics

/// Forward and backward of each activation over a `rows × cols` block (softmax works per row):
/// the passes themselves run in NNSpecNumerics (`Rectifier`, `ActivationPasses`), split here over
/// the worker pool where they are large.
extension Activation {
    /// `a = f(z)`. `z` and `a` may be the same buffer.
    func forward<S: TrainingScalar>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
        let count = rows * cols
        switch self {
        case .linear:
            if UnsafePointer(a) != z { a.update(from: z, count: count) }
        case .sigmoid:
            Self.split(count) { r in ActivationPasses.sigmoid(z + r.lowerBound, a + r.lowerBound, count: r.count) }
        case .tanh:
            Self.split(count) { r in ActivationPasses.tanh(z + r.lowerBound, a + r.lowerBound, count: r.count) }
        case .relu:
            Rectifier.forward(z, a, count: count)
        case .softplus:
            Self.split(count) { r in ActivationPasses.softplus(z + r.lowerBound, a + r.lowerBound, count: r.count) }
        case .softmax:
            Self.split(rows, by: cols) { r in
                ActivationPasses.softmax(z + r.lowerBound * cols, a + r.lowerBound * cols, rows: r.count, cols: cols)
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
            ActivationPasses.sigmoidBackward(delta, a: a, count: count)
        case .tanh:
            ActivationPasses.tanhBackward(delta, a: a, count: count)
        case .relu:
            // δ where a > 0, else +0 (NaN a too).
            Rectifier.backward(delta, a: a, count: count)
        case .softplus:
            Self.split(count) { r in ActivationPasses.softplusBackward(delta + r.lowerBound, z: z + r.lowerBound, count: r.count) }
        case .softmax:
            ActivationPasses.softmaxBackward(delta, a: a, rows: rows, cols: cols)
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
