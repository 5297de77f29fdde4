/// The three matrix products a dense layer needs, on row-major storage:
/// forward `X·W`, weight gradient `Xᵀ·δ`, and backpropagation `δ·Wᵀ`.
///
/// Every output element is `s = 0; for p ascending: s = s + a[i,p]·b[p,j]` with separately
/// rounded multiply and add — the summation contract of NNSpecNumerics' GEMM — so results do not
/// depend on how the product is blocked or threaded.
enum Products {
    /// `C (m×n) = A (m×k) · B (k×n)`.
    static func ab<S: TrainingScalar>(_ m: Int, _ n: Int, _ k: Int,
                                      _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>) {
        for i in 0 ..< m {
            let row = c + i * n
            row.update(repeating: 0, count: n)
            for p in 0 ..< k {
                let aip = a[i * k + p]
                let bp = b + p * n
                for j in 0 ..< n { row[j] = row[j] + aip * bp[j] }
            }
        }
    }

    /// `C (m×n) = Aᵀ · B` with `A` stored `k×m` and `B` stored `k×n`.
    static func atb<S: TrainingScalar>(_ m: Int, _ n: Int, _ k: Int,
                                       _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>) {
        c.update(repeating: 0, count: m * n)
        for p in 0 ..< k {
            let ap = a + p * m
            let bp = b + p * n
            for i in 0 ..< m {
                let aip = ap[i]
                let row = c + i * n
                for j in 0 ..< n { row[j] = row[j] + aip * bp[j] }
            }
        }
    }

    /// `C (m×n) = A · Bᵀ` with `A` stored `m×k` and `B` stored `n×k`; `scratch` holds `k·n`
    /// elements (Bᵀ is formed there so the inner loop runs along contiguous rows).
    static func abt<S: TrainingScalar>(_ m: Int, _ n: Int, _ k: Int,
                                       _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ c: UnsafeMutablePointer<S>,
                                       scratch: UnsafeMutablePointer<S>) {
        for j in 0 ..< n {
            for p in 0 ..< k { scratch[p * n + j] = b[j * k + p] }
        }
        ab(m, n, k, a, UnsafePointer(scratch), c)
    }
}
