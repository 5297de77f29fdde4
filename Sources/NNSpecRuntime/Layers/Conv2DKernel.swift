import NNSpecNumerics
import NNSpecPlan

/// A 2-D convolution as im2col and the GEMM: each output position's receptive field
/// `(kh, kw, c_in)` becomes one row of a column matrix, so `z = columns · K` with the kernel
/// `(kh·kw·c_in) × filters` as stored. Feature maps are `(h, w, c)` per sample. Samples go
/// through in chunks whose column matrix stays within `columnBudget` values; the chunk size
/// depends only on the geometry, so results are the same at any thread count (the GEMM's own
/// contract covers the rest).
struct Conv2DKernel<S: TrainingScalar> {
    let g: SpatialGeometry
    let filters: Int
    let kernel: Int
    let bias: Int?
    /// Samples per chunk and the column matrix for one chunk.
    let chunk: Int
    let columns: Buffer<S>

    static var columnBudget: Int { 1 << 20 }

    init(_ g: SpatialGeometry, filters: Int, kernel: Int, bias: Int?) {
        self.g = g
        self.filters = filters
        self.kernel = kernel
        self.bias = bias
        let perSample = g.positions * g.kH * g.kW * g.inC
        chunk = max(1, Self.columnBudget / max(perSample, 1))
        columns = Buffer(count: chunk * perSample)
    }

    var patch: Int { g.kH * g.kW * g.inC }
    var outputCount: Int { g.positions * filters }

    /// Walks the column matrix of samples `0 ..< rows` in order — row `(r, oy, ox)` holds the
    /// window at that position, `(ky, kx, c)` in order — handing `body` the offset of each window
    /// pixel's `c` values in the samples, or nil where the window reaches into the padding.
    @inline(__always)
    private func forEachWindowPixel(rows: Int, _ body: (_ offset: Int?) -> Void) {
        for r in 0 ..< rows {
            let sample = r * g.inputCount
            for oy in 0 ..< g.outH {
                for ox in 0 ..< g.outW {
                    for ky in 0 ..< g.kH {
                        let iy = oy * g.strideH - g.padTop + ky * g.dilationH
                        for kx in 0 ..< g.kW {
                            let ix = ox * g.strideW - g.padLeft + kx * g.dilationW
                            let inside = iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW
                            body(inside ? sample + (iy * g.inW + ix) * g.inC : nil)
                        }
                    }
                }
            }
        }
    }

    /// The column matrix of samples `x[0 ..< rows]`, zeros where a window reaches into the padding.
    private func im2col(_ x: UnsafePointer<S>, rows: Int) {
        let c = g.inC
        var dst = columns.pointer
        forEachWindowPixel(rows: rows) { offset in
            if let offset { dst.update(from: x + offset, count: c) } else { dst.update(repeating: 0, count: c) }
            dst += c
        }
    }

    /// Adds the column matrix's rows back onto the windows they came from (the transpose of
    /// im2col), into `dx[0 ..< rows]`, which the caller has zeroed.
    private func col2im(_ dx: UnsafeMutablePointer<S>, rows: Int) {
        let c = g.inC
        var src = UnsafePointer(columns.pointer)
        forEachWindowPixel(rows: rows) { offset in
            if let offset {
                let t = dx + offset
                for j in 0 ..< c { t[j] = t[j] + src[j] }
            }
            src += c
        }
    }

    func forward(_ x: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>, into z: UnsafeMutablePointer<S>) {
        var start = 0
        while start < rows {
            let n = min(chunk, rows - start)
            im2col(x + start * g.inputCount, rows: n)
            Products.ab(n * g.positions, filters, patch, columns.constPointer, p + kernel, z + start * outputCount)
            start += n
        }
        if let b = bias {
            for q in 0 ..< rows * g.positions {
                let row = z + q * filters
                for j in 0 ..< filters { row[j] = row[j] + p[b + j] }
            }
        }
    }

    /// From `δ = ∂L/∂z`: the kernel gradient `columnsᵀ·δ` (chunk by chunk, in order), the bias
    /// gradient `Σ δ` over samples and positions, and `∂L/∂x` as col2im of `δ·Kᵀ`.
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>,
                  gradient gr: UnsafeMutablePointer<S>, inputDelta: UnsafeMutablePointer<S>?) {
        inputDelta?.update(repeating: 0, count: rows * g.inputCount)
        var start = 0
        while start < rows {
            let n = min(chunk, rows - start)
            let m = n * g.positions
            let d = delta + start * outputCount
            im2col(x + start * g.inputCount, rows: n)
            GEMM.multiply(m: patch, n: filters, k: m, a: columns.constPointer, lda: patch, transposeA: true,
                          b: d, ldb: filters, transposeB: false, c: gr + kernel, ldc: filters, accumulate: start > 0)
            if let dx = inputDelta {
                Products.abt(m, patch, filters, d, p + kernel, columns.pointer)
                col2im(dx + start * g.inputCount, rows: n)
            }
            start += n
        }
        if let b = bias {
            let gb = gr + b
            gb.update(repeating: 0, count: filters)
            for q in 0 ..< rows * g.positions {
                let row = delta + q * filters
                for j in 0 ..< filters { gb[j] = gb[j] + row[j] }
            }
        }
    }
}
