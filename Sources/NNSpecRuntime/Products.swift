import NNSpecNumerics

/// The three matrix products a dense layer needs, on row-major storage: forward `X·W`, weight
/// gradient `Xᵀ·δ`, and backpropagation `δ·Wᵀ`. They are NNSpecNumerics' GEMM, whose contract
/// is that every element is `s = 0; for p ascending: s = s + a[i,p]·b[p,j]` (separately
/// rounded, no FMA) whatever the blocking or the thread count, so results are bit-identical at
/// any `NumericsConfig.threadCount`.
enum Products {
    /// `C (m×n) = A (m×k) · B (k×n)`.
    @inline(__always)
    static func ab<S: TrainingScalar>(_ m: Int, _ n: Int, _ k: Int,
                                      _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>) {
        GEMM.multiply(m: m, n: n, k: k, a: a, lda: k, transposeA: false, b: b, ldb: n, transposeB: false,
                      c: c, ldc: n, accumulate: false)
    }

    /// `C (m×n) = Aᵀ · B` with `A` stored `k×m` and `B` stored `k×n`.
    @inline(__always)
    static func atb<S: TrainingScalar>(_ m: Int, _ n: Int, _ k: Int,
                                       _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>) {
        GEMM.multiply(m: m, n: n, k: k, a: a, lda: m, transposeA: true, b: b, ldb: n, transposeB: false,
                      c: c, ldc: n, accumulate: false)
    }

    /// `C (m×n) = A · Bᵀ` with `A` stored `m×k` and `B` stored `n×k`.
    @inline(__always)
    static func abt<S: TrainingScalar>(_ m: Int, _ n: Int, _ k: Int,
                                       _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>) {
        GEMM.multiply(m: m, n: n, k: k, a: a, lda: k, transposeA: false, b: b, ldb: k, transposeB: true,
                      c: c, ldc: n, accumulate: false)
    }
}
