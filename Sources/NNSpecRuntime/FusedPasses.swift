import NNSpecIR
import NNSpecNumerics

/// The element-wise work after a dense layer's product, fused into one pass over memory where it
/// was two: a block of rows at a time (≈ 16 KiB, so a block the bias was added to is still in L1
/// when the activation reads it). Each element sees exactly the operations, in the order, of the
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
            if let bias { BiasPasses.add(bias, to: zb, rows: n, cols: cols) }
            forward(UnsafePointer(zb), a + r0 * cols, rows: n, cols: cols)
            r0 += n
        }
    }
}
