// A layer's bias over a `rows × cols` block, forward and backward, as loops compiled here
// (-Ounchecked, the host's widest vectors; see Package.swift) rather than in the runtime's
// baseline build: after a convolution's product these are passes over every output value.
// Lanes run along the columns, so each value sees exactly the scalar loop's one addition per row,
// in row order: the bits are the plain loop's at any vector width.

public enum BiasPasses {
    /// `z[r, j] = z[r, j] + bias[j]` for every row `r`.
    public static func add<S: BinaryFloatingPoint & SIMDScalar>(_ bias: UnsafePointer<S>, to z: UnsafeMutablePointer<S>,
                                                                 rows: Int, cols: Int) {
        if S.self == Float.self {
            addLoop(cast(bias) as UnsafePointer<Float>, cast(z) as UnsafeMutablePointer<Float>, rows, cols)
        } else if S.self == Double.self {
            addLoop(cast(bias) as UnsafePointer<Double>, cast(z) as UnsafeMutablePointer<Double>, rows, cols)
        } else {
            addLoop(bias, z, rows, cols)
        }
    }

    /// The bias gradient: `g[j] = Σ_r δ[r, j]`, summed from +0 in ascending `r` (a column sum).
    public static func gradient<S: BinaryFloatingPoint & SIMDScalar>(_ delta: UnsafePointer<S>, rows: Int, cols: Int,
                                                                      into g: UnsafeMutablePointer<S>) {
        if S.self == Float.self {
            columnSumLoop(cast(delta) as UnsafePointer<Float>, rows, cols, cast(g) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            columnSumLoop(cast(delta) as UnsafePointer<Double>, rows, cols, cast(g) as UnsafeMutablePointer<Double>)
        } else {
            columnSumLoop(delta, rows, cols, g)
        }
    }

    @inline(never)
    static func addLoop<S: BinaryFloatingPoint & SIMDScalar>(_ bias: UnsafePointer<S>, _ z: UnsafeMutablePointer<S>, _ rows: Int,
                                                             _ cols: Int) {
        for r in 0 ..< rows { ValueRuns.add(z + r * cols, bias, cols) }
    }

    /// Columns in blocks of 32, 16 or 8 whose sums stay in registers down all the rows (a
    /// convolution's 16 or 32 filters are one block: δ is read once), then single columns.
    @inline(never)
    static func columnSumLoop<S: BinaryFloatingPoint & SIMDScalar>(_ delta: UnsafePointer<S>, _ rows: Int, _ cols: Int,
                                                                   _ g: UnsafeMutablePointer<S>) {
        var j = 0
        while j + 32 <= cols {
            var s0 = SIMD8<S>(), s1 = SIMD8<S>(), s2 = SIMD8<S>(), s3 = SIMD8<S>()
            for r in 0 ..< rows {
                let row = delta + r * cols + j
                s0 = s0 + load(row); s1 = s1 + load(row + 8); s2 = s2 + load(row + 16); s3 = s3 + load(row + 24)
            }
            store(s0, g + j); store(s1, g + j + 8); store(s2, g + j + 16); store(s3, g + j + 24)
            j += 32
        }
        while j + 16 <= cols {
            var s0 = SIMD8<S>(), s1 = SIMD8<S>()
            for r in 0 ..< rows {
                let row = delta + r * cols + j
                s0 = s0 + load(row); s1 = s1 + load(row + 8)
            }
            store(s0, g + j); store(s1, g + j + 8)
            j += 16
        }
        while j + 8 <= cols {
            var s0 = SIMD8<S>()
            for r in 0 ..< rows { s0 = s0 + load(delta + r * cols + j) }
            store(s0, g + j)
            j += 8
        }
        while j < cols {
            var s: S = 0
            for r in 0 ..< rows { s = s + delta[r * cols + j] }
            g[j] = s
            j += 1
        }
    }

    @inline(__always)
    static func load<S: SIMDScalar>(_ p: UnsafePointer<S>) -> SIMD8<S> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<S>.self) }

    @inline(__always)
    static func store<S: SIMDScalar>(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<S>.self)
    }
}
