import NNSpecIR

/// The element-wise work around a dense layer's products, fused into one pass over memory where
/// it was two: a block of rows at a time (≈ 16 KiB, so a block written by the first step is still
/// in L1 when the second reads it). Each element sees exactly the operations, in the order, of the
/// separate passes, so results keep their bits; only the traffic changes.
extension Activation {
    /// Rows per block for `cols`-wide rows: about 4096 elements, at least one row.
    @inline(__always)
    static func fusedBlockRows(cols: Int) -> Int { max(1, 4096 / max(cols, 1)) }

    /// `z = z + b` row by row (when `bias` is given), then `a = f(z)`.
    func forward<S: TrainingScalar>(addingBias bias: UnsafePointer<S>?, z: UnsafeMutablePointer<S>,
                                    _ a: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
        let block = Self.fusedBlockRows(cols: cols)
        var r0 = 0
        while r0 < rows {
            let n = min(block, rows - r0)
            let zb = z + r0 * cols
            if let bias {
                for r in 0 ..< n {
                    let row = zb + r * cols
                    for j in 0 ..< cols { row[j] = row[j] + bias[j] }
                }
            }
            forward(UnsafePointer(zb), a + r0 * cols, rows: n, cols: cols)
            r0 += n
        }
    }

    /// `delta = delta · f′` (as `backward`), then, when `biasGradient` is given, writes there the
    /// column sums of the new `delta` (`Σ_rows δ`, rows in order from +0): the bias gradient of
    /// the layer whose `∂L/∂z` this is.
    func backward<S: TrainingScalar>(_ delta: UnsafeMutablePointer<S>, z: UnsafePointer<S>, a: UnsafePointer<S>,
                                     rows: Int, cols: Int, biasGradient: UnsafeMutablePointer<S>?) {
        biasGradient?.update(repeating: 0, count: cols)
        let block = Self.fusedBlockRows(cols: cols)
        var r0 = 0
        while r0 < rows {
            let n = min(block, rows - r0), offset = r0 * cols
            backward(delta + offset, z: z + offset, a: a + offset, rows: n, cols: cols)
            if let gb = biasGradient {
                for r in 0 ..< n {
                    let row = delta + offset + r * cols
                    for j in 0 ..< cols { gb[j] = gb[j] + row[j] }
                }
            }
            r0 += n
        }
    }
}

/// `Σ_rows x` of a `rows × cols` block into `sums`, rows in order from +0.
@inline(__always)
func sumOverRows<S: TrainingScalar>(_ x: UnsafePointer<S>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<S>) {
    sums.update(repeating: 0, count: cols)
    for r in 0 ..< rows {
        let row = x + r * cols
        for j in 0 ..< cols { sums[j] = sums[j] + row[j] }
    }
}
