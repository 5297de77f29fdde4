import NNSpecIR
import NNSpecNumerics
import NNSpecPlan

/// A 2-D convolution as im2col and the GEMM: each output position's receptive field
/// `(kh, kw, c_in)` becomes one row of a column matrix, so `z = columns · K` with the kernel
/// `(kh·kw·c_in) × filters` as stored. Feature maps are `(h, w, c)` per sample.
///
/// The forward pass splits the samples among threads; each thread builds the column matrix of a
/// few samples at a time (a panel that stays in L2) and multiplies it on its own. The backward
/// pass goes through the batch in chunks whose column matrix stays within `columnBudget`
/// values: the kernel gradient's sum runs over every row of the batch in order, so its product
/// is threaded over the gradient's elements (the GEMM's own split), while building the columns
/// and adding them back (col2im) are split over samples. Every output element keeps one
/// summation order whatever the chunk, panel or thread count, so results are bit-identical at
/// any `NNSPEC_THREADS`.
struct Conv2DKernel<S: TrainingScalar> {
    let g: SpatialGeometry
    let filters: Int
    let kernel: Int
    let bias: Int?
    /// Samples per backward chunk, and per forward panel of one thread.
    let chunk: Int
    let panel: Int
    let columns: Scratch<S>
    /// `g` as the numerics' window loops read it.
    let windows: WindowGeometry

    static var columnBudget: Int { 1 << 20 }
    /// Values in one thread's forward panel: 256 KiB of float32, beside the packed kernel in L2.
    static var panelBudget: Int { 1 << 16 }

    init(_ g: SpatialGeometry, filters: Int, kernel: Int, bias: Int?) {
        self.g = g
        self.filters = filters
        self.kernel = kernel
        self.bias = bias
        windows = g.windows
        let perSample = max(g.positions * g.kH * g.kW * g.inC, 1)
        chunk = max(1, Self.columnBudget / perSample)
        panel = max(1, Self.panelBudget / perSample)
        columns = Scratch(count: chunk * perSample)
    }

    var patch: Int { g.kH * g.kW * g.inC }
    var perSample: Int { g.positions * patch }
    var outputCount: Int { g.positions * filters }

    /// The column matrix of samples `x[0 ..< rows]` into `dst`, zeros where a window reaches into
    /// the padding.
    private func im2col(_ x: UnsafePointer<S>, rows: Int, into dst: UnsafeMutablePointer<S>) {
        WindowColumns.im2col(x, samples: rows, windows, into: dst)
    }

    /// Adds the column matrix `src`'s rows back onto the windows they came from (the transpose
    /// of im2col), into `dx[0 ..< rows]`, which the caller has zeroed.
    private func col2im(_ dx: UnsafeMutablePointer<S>, rows: Int, from src: UnsafePointer<S>) {
        WindowColumns.col2im(dx, samples: rows, windows, from: src)
    }

    /// `z = columns·K + b`, `a = f(z)`: the bias and the activation applied to each panel's
    /// outputs right after its product, while they are still in cache.
    func forward(_ x: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>, into z: UnsafeMutablePointer<S>,
                 then activation: Activation, _ a: UnsafeMutablePointer<S>) {
        let parts = SampleParallel.parts(count: rows, work: rows * perSample * filters)
        let cols = columns.reserve(parts * panel * perSample)
        let perPosition = activation != .softmax
        SampleParallel.run(count: rows, parts: parts) { part, samples in
            let buffer = cols + part * panel * perSample
            var start = samples.lowerBound
            while start < samples.upperBound {
                let n = min(panel, samples.upperBound - start)
                im2col(x + start * g.inputCount, rows: n, into: buffer)
                let out = z + start * outputCount
                GEMM.multiply(m: n * g.positions, n: filters, k: patch, a: buffer, lda: patch, transposeA: false,
                              b: p + kernel, ldb: filters, transposeB: false, c: out, ldc: filters,
                              accumulate: false, threads: 1)
                if perPosition {
                    activation.forward(addingBias: bias.map { p + $0 }, z: out, a + start * outputCount, rows: n * g.positions,
                                       cols: filters)
                } else {
                    Activation.linear.forward(addingBias: bias.map { p + $0 }, z: out, out, rows: n * g.positions, cols: filters)
                }
                start += n
            }
        }
        // Softmax normalizes over a sample's whole output, every position and filter.
        if !perPosition { activation.forward(UnsafePointer(z), a, rows: rows, cols: outputCount) }
    }

    /// From `δ = ∂L/∂z`: the kernel gradient `columnsᵀ·δ` (chunk by chunk, in order), the bias
    /// gradient `Σ δ` over samples and positions, and `∂L/∂x` as col2im of `δ·Kᵀ`.
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>,
                  gradient gr: UnsafeMutablePointer<S>, inputDelta: UnsafeMutablePointer<S>?) {
        inputDelta?.update(repeating: 0, count: rows * g.inputCount)
        let cols = columns.reserve(chunk * perSample)
        var start = 0
        while start < rows {
            let n = min(chunk, rows - start)
            let m = n * g.positions
            let d = delta + start * outputCount
            let parts = SampleParallel.parts(count: n, work: n * perSample * filters)
            SampleParallel.run(count: n, parts: parts) { _, samples in
                im2col(x + (start + samples.lowerBound) * g.inputCount, rows: samples.count,
                       into: cols + samples.lowerBound * perSample)
            }
            GEMM.multiply(m: patch, n: filters, k: m, a: cols, lda: patch, transposeA: true,
                          b: d, ldb: filters, transposeB: false, c: gr + kernel, ldc: filters, accumulate: start > 0)
            if let dx = inputDelta {
                Products.abt(m, patch, filters, d, p + kernel, cols)
                SampleParallel.run(count: n, parts: parts) { _, samples in
                    col2im(dx + (start + samples.lowerBound) * g.inputCount, rows: samples.count,
                           from: cols + samples.lowerBound * perSample)
                }
            }
            start += n
        }
        if let b = bias { BiasPasses.gradient(delta, rows: rows * g.positions, cols: filters, into: gr + b) }
    }
}
