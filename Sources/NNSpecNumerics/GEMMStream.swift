// Products of a tall matrix read transposed against a narrow one: the full-batch weight gradient
// Xᵀ·δ (784×8000 · 8000×30, X stored 8000×784 row-major: 25 MB in float32, 50 MB in float64).
// The blocked kernel computes it as δᵀ·X and copies all of X into packed blocks every call; here
// X is read in place, each of its cache lines once. A register tile holds C's `n` columns (one
// accumulator per column of δ, up to `gemmStreamColumns`) × one SIMD panel of C's rows (a strip
// of X's columns, the lanes): for each row p of X, one vector load of X[p, strip] and, for each
// column j of δ, δ[p, j] broadcast from δ's row p (contiguous) times that vector, added into
// accumulator j. Every element is still `s = s + a·b` over ascending p, each multiply and add
// rounded (one lane per element; `a·b` and `b·a` round alike), and threads split only the
// strips, so the result is the contract's (GEMM.swift's header), bit for bit.
//
// A strip reads one 64-byte piece of each of X's rows, rows 3 KiB apart: the hardware
// prefetchers, which stop at page boundaries, do not follow that, so the kernel prefetches the
// piece `gemmStreamAhead` rows ahead itself (measured on Zen 4, 8000×784 f32, one core: 78
// GFLOP/s without, 111 with). The depth is cut into chunks (`gemmStreamChunkBytes` of δ) that
// every strip runs in turn, so δ's chunk stays in L1/L2; the tile's partial sums wait in a
// scratch copy of Cᵀ between chunks, which continues each recurrence exactly.

import CPrefetch

/// Columns of C (of op(B)) one streaming tile holds: an accumulator register each, beside X's
/// vector and one product, in AVX-512's 32 registers. Targets with 16 vector registers would
/// spill such a tile; they keep the blocked kernel (0: the path is off).
#if NNSPEC_AVX512
let gemmStreamColumns = 30
#else
let gemmStreamColumns = 0
#endif

/// Bytes of op(B) one depth chunk spans (δ's rows the strips share while the chunk runs).
let gemmStreamChunkBytes = 32 * 1024

/// Rows of X a strip prefetches ahead of the one it multiplies (~0.1 µs of work at 30
/// columns: about one memory latency).
let gemmStreamAhead = 32

/// Smallest depth the streaming path takes: the shallowest measured. On one Zen 4 core,
/// 784×k · k×30 streamed took 0.85–0.95× the blocked path's time for k = 16…512 (f32 and f64);
/// the MNIST mini-batch gradient (k = 200) 88 against 100 µs.
let gemmStreamMinK = 16

/// Whether `C = op(A)·op(B)` goes to `streamGEMM`: op(A) stored transposed with its stored rows
/// contiguous (`a.rs == 1`: X's rows), op(B)'s rows contiguous, C at most `gemmStreamColumns`
/// wide and at least a panel tall, and the sum deep — and, where the deep path takes the product
/// too (a small C), streaming fills more of its lanes (`gemmStreamFillsMore`).
@inline(__always)
func gemmPrefersStream<T: GEMMScalar>(_ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>) -> Bool {
    a.rs == 1 && b.cs == 1 && n <= gemmStreamColumns && m >= T.Panel.scalarCount && k >= gemmStreamMinK
        && (!gemmPrefersDeep(m, n, k, b) || gemmStreamFillsMore(m, n, T.self))
}

/// Whether a step of p multiplies fewer lanes streamed — strips of a panel of C's rows × one
/// accumulator per column — than in the deep path's tiles — strips of `gemmDeepWidth` columns ×
/// one accumulator per row. The output layer's weight gradient Hᵀ·δ2 (30×8000 · 8000×10): 2
/// float32 strips × 10 columns × 16 lanes = 320 against 2 strips × 30 rows × 8 lanes = 480
/// (on one Zen 4 core: 128 µs deep, 45 µs streamed; float64 151 and 92 µs); conv1's kernel gradient in float64
/// (9×86528 · 86528×16) stays deep: 256 against 144.
@inline(__always)
func gemmStreamFillsMore<T: GEMMScalar>(_ m: Int, _ n: Int, _: T.Type) -> Bool {
    let lanes = T.Panel.scalarCount, width = gemmDeepWidth(n, T.self)
    return (m + lanes - 1) / lanes * lanes * n < (n + width - 1) / width * width * m
}

/// The streaming path of one scalar type: a protocol requirement for the same reason as
/// `GEMMDeepScalar` (specialized code reached from `gemmDriver` in debug builds too).
protocol GEMMStreamScalar {
    static func streamProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Self>, _ b: Operand<Self>,
        _ c: UnsafeMutablePointer<Self>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?)
}

extension Float: GEMMStreamScalar {
    static func streamProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Float>, _ b: Operand<Float>,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
    ) {
        streamGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
    }
}

extension Double: GEMMStreamScalar {
    static func streamProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Double>, _ b: Operand<Double>,
        _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
    ) {
        streamGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
    }
}

/// How `streamGEMM` cuts the product: C's rows into strips one panel wide (X's columns; the last
/// strip is the panel ending at C's last row, overlapping the one before), the depth into chunks.
struct StreamTiling: Sendable {
    var m, n, k, lanes, strips, chunk: Int
    var accumulate: Bool

    /// The first row of C (column of X) of strip `s`.
    @inline(__always) func start(_ s: Int) -> Int { min(s * lanes, m - lanes) }
}

/// `C (=|+=) op(A)·op(B)` with op(A) = Xᵀ (X stored k×m, rows contiguous: `a.rs == 1`) and
/// op(B) stored k×n with rows contiguous, `n ≤ gemmStreamColumns`, `m ≥` a panel. Threads take
/// runs of whole strips; each writes its strips' rows of C.
func streamGEMM<T: GEMMScalar>(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
) {
    let lanes = T.Panel.scalarCount
    let strips = (m + lanes - 1) / lanes
    let t = StreamTiling(m: m, n: n, k: k, lanes: lanes, strips: strips,
                         chunk: max(gemmStreamAhead, gemmStreamChunkBytes / (n * MemoryLayout<T>.stride)),
                         accumulate: accumulate)
    let parts = min(gemmThreads(work: m * n * k, threads), strips)
    // Cᵀ strip by strip: strip s's tile, n rows × `lanes`, at `tiles + s·n·lanes`.
    let tiles = UnsafeMutablePointer<T>.allocate(capacity: strips * n * lanes)
    defer { tiles.deallocate() }
    if parts <= 1 {
        streamStrips(0 ..< strips, t, a, b, tiles, c, ldc)
        return
    }
    let shared = UnsafeSendable((a, b, tiles, c))
    WorkerPool.run(parts: parts) { q in
        let (a, b, tiles, c) = shared.value
        streamStrips(q * strips / parts ..< (q + 1) * strips / parts, t, a, b, tiles, c, ldc)
    }
}

/// Strips `range` of C: every depth chunk in turn runs all of them (a strip's partial sums wait
/// in its tile), then each strip's tile is written transposed into its rows of C — for the last,
/// overlapping strip only the rows the strip before did not write.
func streamStrips<T: GEMMScalar>(
    _ range: Range<Int>, _ t: StreamTiling, _ a: Operand<T>, _ b: Operand<T>,
    _ tiles: UnsafeMutablePointer<T>, _ c: UnsafeMutablePointer<T>, _ ldc: Int
) {
    let n = t.n, lanes = t.lanes, ldx = a.cs, ldd = b.rs
    @inline(__always) func tile(_ s: Int) -> UnsafeMutablePointer<T> { tiles + s * n * lanes }
    if t.accumulate {
        for s in range {
            let i0 = t.start(s)
            for j in 0 ..< n { for l in 0 ..< lanes { tile(s)[j * lanes + l] = c[(i0 + l) * ldc + j] } }
        }
    }
    var p0 = 0
    while p0 < t.k {
        let kc = min(t.chunk, t.k - p0)
        let load = t.accumulate || p0 > 0
        let x = a.base + p0 * ldx, d = b.base + p0 * ldd
        for s in range {
            // What to prefetch once this strip's rows run out: the next strip's rows of this
            // chunk, or the first strip's of the next chunk (nothing new after the last).
            let (next, nextRows): (UnsafePointer<T>, Int) =
                s + 1 < range.upperBound ? (x + t.start(s + 1), kc)
                : p0 + kc < t.k ? (x + kc * ldx + t.start(range.lowerBound), min(t.chunk, t.k - p0 - kc))
                : (x + t.start(s), kc)
            streamTile(n, kc, x + t.start(s), ldx, d, ldd, tile(s), load, next, nextRows)
        }
        p0 += kc
    }
    for s in range {
        let i0 = t.start(s), own = s * lanes
        for i in own ..< min(t.m, own + lanes) {
            for j in 0 ..< n { c[i * ldc + j] = tile(s)[j * lanes + (i - i0)] }
        }
    }
}

/// `streamKernel` with its column count a type (see `deepRows`).
@inline(__always)
func streamTile<T: GEMMScalar>(
    _ n: Int, _ kc: Int, _ x: UnsafePointer<T>, _ ldx: Int, _ d: UnsafePointer<T>, _ ldd: Int,
    _ tile: UnsafeMutablePointer<T>, _ load: Bool, _ next: UnsafePointer<T>, _ nextRows: Int
) {
    @inline(__always) func run<R: DeepTileRows>(_: R.Type) {
        streamKernel(kc, x, ldx, d, ldd, tile, load, next, nextRows, R.self)
    }
    switch n {
    case 1: run(DeepRows<1>.self)
    case 2: run(DeepRows<2>.self)
    case 3: run(DeepRows<3>.self)
    case 4: run(DeepRows<4>.self)
    case 5: run(DeepRows<5>.self)
    case 6: run(DeepRows<6>.self)
    case 7: run(DeepRows<7>.self)
    case 8: run(DeepRows<8>.self)
    case 9: run(DeepRows<9>.self)
    case 10: run(DeepRows<10>.self)
    case 11: run(DeepRows<11>.self)
    case 12: run(DeepRows<12>.self)
    case 13: run(DeepRows<13>.self)
    case 14: run(DeepRows<14>.self)
    case 15: run(DeepRows<15>.self)
    case 16: run(DeepRows<16>.self)
    case 17: run(DeepRows<17>.self)
    case 18: run(DeepRows<18>.self)
    case 19: run(DeepRows<19>.self)
    case 20: run(DeepRows<20>.self)
    case 21: run(DeepRows<21>.self)
    case 22: run(DeepRows<22>.self)
    case 23: run(DeepRows<23>.self)
    case 24: run(DeepRows<24>.self)
    case 25: run(DeepRows<25>.self)
    case 26: run(DeepRows<26>.self)
    case 27: run(DeepRows<27>.self)
    case 28: run(DeepRows<28>.self)
    case 29: run(DeepRows<29>.self)
    case 30: run(DeepRows<30>.self)
    default: numericsRequire(false, "streamGEMM: \(n) columns in a tile, at most \(gemmStreamColumns)")
    }
}

/// `tile[j, :] = (load ? tile[j, :] : 0) + Σ_p X[p, :] · δ[p, j]` for j < `R.count`, p < `kc`
/// ascending, one rounded multiply and add per term: X[p, :] is the panel at `x + p·ldx`, δ[p, j]
/// is at `d + p·ldd + j`, the tile row j is the panel at `tile + j·lanes`. Prefetches X's rows
/// `gemmStreamAhead` ahead, running on into `next`'s first rows (`nextRows` of them valid).
@inline(never)
func streamKernel<T: GEMMScalar, R: DeepTileRows>(
    _ kc: Int, _ x: UnsafePointer<T>, _ ldx: Int, _ d: UnsafePointer<T>, _ ldd: Int,
    _ tile: UnsafeMutablePointer<T>, _ load: Bool, _ next: UnsafePointer<T>, _ nextRows: Int,
    _: R.Type
) {
    typealias V = T.Panel
    let cols = R.count, lanes = V.scalarCount
    @inline(__always) func get(_ j: Int) -> V {
        load && j < cols ? UnsafeRawPointer(tile + j * lanes).loadUnaligned(as: V.self) : V()
    }
    var c0 = get(0), c1 = get(1), c2 = get(2), c3 = get(3), c4 = get(4), c5 = get(5)
    var c6 = get(6), c7 = get(7), c8 = get(8), c9 = get(9), c10 = get(10), c11 = get(11)
    var c12 = get(12), c13 = get(13), c14 = get(14), c15 = get(15), c16 = get(16), c17 = get(17)
    var c18 = get(18), c19 = get(19), c20 = get(20), c21 = get(21), c22 = get(22), c23 = get(23)
    var c24 = get(24), c25 = get(25), c26 = get(26), c27 = get(27), c28 = get(28), c29 = get(29)
    // The prefetch pointer runs `ahead` rows in front of `px` and moves on to `next` when this
    // strip's rows run out. Both ends of X's piece: a row need not start on a cache line.
    let ahead = min(gemmStreamAhead, kc, nextRows)
    let switchAt = kc - ahead - 1
    var pf = ahead < kc ? x + ahead * ldx : next
    var px = x, pd = d
    for p in 0 ..< kc {
        nnspec_prefetch(pf)
        nnspec_prefetch(pf + (lanes - 1))
        pf = p == switchAt ? next : pf + ldx
        let xv = UnsafeRawPointer(px).loadUnaligned(as: V.self)
        if cols > 0 { c0 = c0 + V(repeating: pd[0]) * xv }
        if cols > 1 { c1 = c1 + V(repeating: pd[1]) * xv }
        if cols > 2 { c2 = c2 + V(repeating: pd[2]) * xv }
        if cols > 3 { c3 = c3 + V(repeating: pd[3]) * xv }
        if cols > 4 { c4 = c4 + V(repeating: pd[4]) * xv }
        if cols > 5 { c5 = c5 + V(repeating: pd[5]) * xv }
        if cols > 6 { c6 = c6 + V(repeating: pd[6]) * xv }
        if cols > 7 { c7 = c7 + V(repeating: pd[7]) * xv }
        if cols > 8 { c8 = c8 + V(repeating: pd[8]) * xv }
        if cols > 9 { c9 = c9 + V(repeating: pd[9]) * xv }
        if cols > 10 { c10 = c10 + V(repeating: pd[10]) * xv }
        if cols > 11 { c11 = c11 + V(repeating: pd[11]) * xv }
        if cols > 12 { c12 = c12 + V(repeating: pd[12]) * xv }
        if cols > 13 { c13 = c13 + V(repeating: pd[13]) * xv }
        if cols > 14 { c14 = c14 + V(repeating: pd[14]) * xv }
        if cols > 15 { c15 = c15 + V(repeating: pd[15]) * xv }
        if cols > 16 { c16 = c16 + V(repeating: pd[16]) * xv }
        if cols > 17 { c17 = c17 + V(repeating: pd[17]) * xv }
        if cols > 18 { c18 = c18 + V(repeating: pd[18]) * xv }
        if cols > 19 { c19 = c19 + V(repeating: pd[19]) * xv }
        if cols > 20 { c20 = c20 + V(repeating: pd[20]) * xv }
        if cols > 21 { c21 = c21 + V(repeating: pd[21]) * xv }
        if cols > 22 { c22 = c22 + V(repeating: pd[22]) * xv }
        if cols > 23 { c23 = c23 + V(repeating: pd[23]) * xv }
        if cols > 24 { c24 = c24 + V(repeating: pd[24]) * xv }
        if cols > 25 { c25 = c25 + V(repeating: pd[25]) * xv }
        if cols > 26 { c26 = c26 + V(repeating: pd[26]) * xv }
        if cols > 27 { c27 = c27 + V(repeating: pd[27]) * xv }
        if cols > 28 { c28 = c28 + V(repeating: pd[28]) * xv }
        if cols > 29 { c29 = c29 + V(repeating: pd[29]) * xv }
        px += ldx
        pd += ldd
    }
    @inline(__always) func put(_ j: Int, _ v: V) {
        if j < cols { UnsafeMutableRawPointer(tile + j * lanes).storeBytes(of: v, as: V.self) }
    }
    put(0, c0); put(1, c1); put(2, c2); put(3, c3); put(4, c4); put(5, c5)
    put(6, c6); put(7, c7); put(8, c8); put(9, c9); put(10, c10); put(11, c11)
    put(12, c12); put(13, c13); put(14, c14); put(15, c15); put(16, c16); put(17, c17)
    put(18, c18); put(19, c19); put(20, c20); put(21, c21); put(22, c22); put(23, c23)
    put(24, c24); put(25, c25); put(26, c26); put(27, c27); put(28, c28); put(29, c29)
}
