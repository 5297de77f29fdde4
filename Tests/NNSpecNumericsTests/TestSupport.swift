import NNSpecNumerics

/// Deterministic test data (a 64-bit LCG; tests need reproducibility, not quality).
struct TestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// Uniform in [-1, 1).
    mutating func uniform() -> Double {
        Double(next() >> 11) / Double(1 << 53) * 2 - 1
    }

    /// Signed values spread over ~2^±12, so that summation order shows in the last bits.
    mutating func wide() -> Double {
        let e = Int(next() % 25) - 12
        return uniform() * Double(sign: .plus, exponent: e, significand: 1)
    }
}

func randomMatrix<S: BinaryFloatingPoint & SIMDScalar & Sendable>(
    _ rows: Int, _ cols: Int, seed: UInt64, wide: Bool = true, as _: S.Type = S.self
) -> Matrix<S> {
    var rng = TestRNG(seed: seed)
    return Matrix(rows: rows, cols: cols, data: (0 ..< rows * cols).map { _ in
        // (Half precision gets narrow values: wide ones would overflow its products.)
        S(wide && MemoryLayout<S>.size > 2 ? rng.wide() : rng.uniform())
    })
}

/// The defining recurrence of GEMM, written as plainly as possible:
/// `s = accumulate ? C[i,j] : 0; for p ascending: s = s + op(A)[i,p] * op(B)[p,j]`.
/// Computes only rows `rowsToCheck` (all when nil); other rows are copied from `c`.
func naiveGEMM<S: BinaryFloatingPoint & SIMDScalar & Sendable>(
    _ a: Matrix<S>, transposeA: Bool, _ b: Matrix<S>, transposeB: Bool,
    c: Matrix<S>, accumulate: Bool, rowsToCheck: [Int]? = nil
) -> Matrix<S> {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let n = transposeB ? b.rows : b.cols
    var out = c
    let ad = a.data, bd = b.data
    let lda = a.cols, ldb = b.cols
    for i in rowsToCheck ?? Array(0 ..< m) {
        for j in 0 ..< n {
            var s: S = accumulate ? c[i, j] : 0
            for p in 0 ..< k {
                let x = transposeA ? ad[p * lda + i] : ad[i * lda + p]
                let y = transposeB ? bd[j * ldb + p] : bd[p * ldb + j]
                let prod = x * y
                s = s + prod
            }
            out[i, j] = s
        }
    }
    return out
}

/// Bit patterns, so that -0 ≠ +0 and NaN payloads count.
func bits<S: BinaryFloatingPoint>(_ x: S) -> UInt64 {
    if let f = x as? Float { return UInt64(f.bitPattern) }
    if let d = x as? Double { return d.bitPattern }
    return UInt64(x.significandBitPattern) ^ (UInt64(x.exponentBitPattern) << 52)
        ^ (x.sign == .minus ? 1 << 63 : 0)
}

/// Describes the first bitwise difference in the given rows, or nil if identical.
func firstDifference<S: BinaryFloatingPoint & SIMDScalar & Sendable>(
    _ x: Matrix<S>, _ y: Matrix<S>, rows: [Int]? = nil
) -> String? {
    guard x.rows == y.rows && x.cols == y.cols else {
        return "shape \(x.rows)×\(x.cols) vs \(y.rows)×\(y.cols)"
    }
    for i in rows ?? Array(0 ..< x.rows) {
        for j in 0 ..< x.cols where bits(x[i, j]) != bits(y[i, j]) {
            return "(\(i), \(j)): \(x[i, j]) vs \(y[i, j])"
        }
    }
    return nil
}
