// Products with few outputs and a deep sum: a convolution's kernel gradient colsᵀ·δ
// (9×86528 · 86528×16 for a 3×3 kernel over a batch of 28×28 images). The blocked kernel packs
// both operands K block by K block (a transposed A is a scalar scatter) to compute a C that
// fits in a handful of registers; here each tile of C — up to `gemmDeepRows` rows × one SIMD
// panel of columns — stays in registers while p streams once through op(A) and op(B) read in
// place. Every element is still `s = s + a·b` over ascending p, each multiply and add rounded
// (a register lane per element), and threads split only the tiles, so the result is the
// contract's (GEMM.swift's header), bit for bit.

import Dispatch

/// Rows of C in one deep tile: one accumulator register (a panel) each, beside op(B)'s row and
/// a broadcast. AVX-512's 32 registers hold 12 of them easily; SSE's 16 registers hold 6
/// panels of two registers.
#if NNSPEC_WIDE_SIMD
let gemmDeepRows = 12
#else
let gemmDeepRows = 6
#endif

/// Largest C (m·n elements) the deep path takes: C must be small for tiles that each stream
/// the whole depth to beat blocking.
let gemmDeepOutputs = 8192

/// Smallest depth the deep path takes: below it, a product small enough for the deep path is
/// cheap either way, and the blocked kernel packs little. (144×32 · 32×484, conv2's kernel
/// gradient over 4 samples: 55 µs blocked, 39 µs deep.)
let gemmDeepMinK = 256

/// Whether `C = op(A)·op(B)` goes to `deepGEMM`: op(B)'s rows contiguous (vector loads in
/// place), at least 4 of them (the narrowest vector), C small and the sum deep.
@inline(__always)
func gemmPrefersDeep<T>(_ m: Int, _ n: Int, _ k: Int, _ b: Operand<T>) -> Bool {
    b.cs == 1 && n >= 4 && m * n <= gemmDeepOutputs && k >= gemmDeepMinK
}

/// The deep path of one scalar type. A protocol requirement, so that `gemmDriver` reaches code
/// specialized in this file also where files compile one by one (debug builds: a generic call
/// across files runs unspecialized, ~100× slower here).
protocol GEMMDeepScalar {
    static func deepProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Self>, _ b: Operand<Self>,
        _ c: UnsafeMutablePointer<Self>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?)
}

extension Float: GEMMDeepScalar {
    static func deepProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Float>, _ b: Operand<Float>,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
    ) {
        deepGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
    }
}

extension Double: GEMMDeepScalar {
    static func deepProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Double>, _ b: Operand<Double>,
        _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
    ) {
        deepGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
    }
}

/// `C (=|+=) op(A)·op(B)` for a small C and a deep k, op(B)'s rows contiguous (`b.cs == 1`,
/// n ≥ 4). C is cut into tiles of `gemmDeepRows` rows (fewer, evened out, so that every thread
/// gets one) × one vector of columns (a panel, or 8 or 4 lanes when C is narrower); threads
/// take runs of whole tiles.
///
/// Measured on Zen 4 and kept out: a tile's time per step of p grows with its rows, hardly with
/// its lanes (conv1's 9×16 gradient: one 9×16 tile 228 µs, two 9×8 tiles one after the other
/// 410 µs), so splitting C's columns between threads (two 9×8 halves instead of rows 5 + 4)
/// made 2 threads slower (413 µs against 257 µs); and tiles two panels wide (12 or 6 rows ×
/// 2 panels, conv2's 144×32 gradient) ran 866 µs against 643 µs on one thread (its multiplies
/// took op(B)'s two vectors from memory rather than registers).
func deepGEMM<T: GEMMScalar>(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
) {
    let width = gemmDeepWidth(n, T.self)
    let strips = (n + width - 1) / width
    let requested = gemmThreads(work: m * n * k, threads)
    let rowTiles = min(m, max((m + gemmDeepRows - 1) / gemmDeepRows, (requested + strips - 1) / strips))
    let tileRows = (m + rowTiles - 1) / rowTiles
    let layout = DeepTiling(m: m, n: n, k: k, width: width, tileRows: tileRows,
                            tilesDown: (m + tileRows - 1) / tileRows, accumulate: accumulate)
    let tasks = layout.tilesDown * strips
    let parts = min(requested, tasks)
    if parts <= 1 {
        deepTiles(0 ..< tasks, layout, a, b, c, ldc)
        return
    }
    let shared = UnsafeSendable((a, b, c))
    WorkerPool.run(parts: parts) { q in
        let (a, b, c) = shared.value
        deepTiles(q * tasks / parts ..< (q + 1) * tasks / parts, layout, a, b, c, ldc)
    }
}

/// Lanes of a deep tile's vectors for a C `n` columns wide: a panel, or 8 or 4 when C is narrower.
@inline(__always)
func gemmDeepWidth<T: GEMMScalar>(_ n: Int, _: T.Type) -> Int {
    n >= T.Panel.scalarCount ? T.Panel.scalarCount : n >= 8 ? 8 : 4
}

/// How `deepGEMM` cuts C: strips `width` columns wide, each cut into `tilesDown` tiles of
/// `tileRows` rows (the last ones shorter).
struct DeepTiling: Sendable {
    var m, n, k, width, tileRows, tilesDown: Int
    var accumulate: Bool
}

/// Tiles `range` of C, numbered down the rows (`tilesDown` per column strip, so a strip of op(B)
/// is reread by the tiles below each other while it is warm). A last, partial strip is computed
/// as the full-width strip ending at C's last column, in a scratch tile, and only its own
/// columns are written: the columns it shares with the strip before get the same values there
/// (the same recurrence), but each element of C is written by one tile only.
func deepTiles<T: GEMMScalar>(
    _ range: Range<Int>, _ t: DeepTiling, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int
) {
    withUnsafeTemporaryAllocation(of: T.self, capacity: gemmDeepRows * t.width) { scratch in
        let tile = scratch.baseAddress!
        for task in range {
            let i0 = (task % t.tilesDown) * t.tileRows, own = (task / t.tilesDown) * t.width
            let rows = min(t.tileRows, t.m - i0)
            let j0 = min(own, t.n - t.width)
            let skip = own - j0
            let cTile = c + i0 * ldc + j0
            if skip == 0 {
                deepTile(rows, t.width, t.k, a.offset(i0, 0), b.base + j0, b.rs, cTile, ldc, t.accumulate)
                continue
            }
            if t.accumulate {
                for r in 0 ..< rows { (tile + r * t.width + skip).update(from: cTile + r * ldc + skip, count: t.width - skip) }
            }
            deepTile(rows, t.width, t.k, a.offset(i0, 0), b.base + j0, b.rs, tile, t.width, t.accumulate)
            for r in 0 ..< rows { (cTile + r * ldc + skip).update(from: tile + r * t.width + skip, count: t.width - skip) }
        }
    }
}

/// The `rows × width` tile of C at `c` from op(A) shifted to its first row and op(B)'s rows at
/// `b + p·bStep`, in vectors of `width` lanes (a panel, 8 or 4).
@inline(never)
func deepTile<T: GEMMScalar>(
    _ rows: Int, _ width: Int, _ k: Int, _ a: Operand<T>, _ b: UnsafePointer<T>, _ bStep: Int,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
) {
    if width == T.Panel.scalarCount {
        deepRows(rows, k, a, b, bStep, c, ldc, accumulate, T.Panel.self)
    } else if width == 8 {
        deepRows(rows, k, a, b, bStep, c, ldc, accumulate, SIMD8<T>.self)
    } else {
        deepRows(rows, k, a, b, bStep, c, ldc, accumulate, SIMD4<T>.self)
    }
}

/// `deepKernel` with its row count a type, so each specialization keeps exactly that many
/// accumulators and no test of the count in its loop (a constant argument is not enough: the
/// optimizer merges the instances back into one).
@inline(__always)
func deepRows<T: GEMMScalar, U: SIMD>(
    _ rows: Int, _ k: Int, _ a: Operand<T>, _ b: UnsafePointer<T>, _ bStep: Int,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _: U.Type
) where U.Scalar == T {
    @inline(__always) func run<R: DeepTileRows>(_: R.Type) {
        deepKernel(k, a, b, bStep, c, ldc, accumulate, U.self, R.self)
    }
    switch rows {
    case 1: run(DeepRows<1>.self)
    case 2: run(DeepRows<2>.self)
    case 3: run(DeepRows<3>.self)
    case 4: run(DeepRows<4>.self)
    case 5: run(DeepRows<5>.self)
    case 6: run(DeepRows<6>.self)
#if NNSPEC_WIDE_SIMD
    case 7: run(DeepRows<7>.self)
    case 8: run(DeepRows<8>.self)
    case 9: run(DeepRows<9>.self)
    case 10: run(DeepRows<10>.self)
    case 11: run(DeepRows<11>.self)
    case 12: run(DeepRows<12>.self)
#endif
    default: numericsRequire(false, "deepGEMM: \(rows) rows in a tile, at most \(gemmDeepRows)")
    }
}

/// A deep tile's row count, as a type.
protocol DeepTileRows { static var count: Int { get } }
enum DeepRows<let rows: Int>: DeepTileRows { static var count: Int { rows } }

/// `C[r, :] = (accumulate ? C[r, :] : 0) + Σ_p op(A)[r, p] · B[p, :]` for r < `rows`, p ascending,
/// one rounded multiply and add per term, each row's lanes in one register. B[p, :] is the vector
/// at `b + p·bStep`; `rows` is `R.count`.
@inline(never)
func deepKernel<T: GEMMScalar, U: SIMD, R: DeepTileRows>(
    _ k: Int, _ a: Operand<T>, _ b: UnsafePointer<T>, _ bStep: Int,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _: U.Type, _: R.Type
) where U.Scalar == T {
    let rows = R.count
    @inline(__always) func load(_ r: Int) -> U {
        accumulate && r < rows ? UnsafeRawPointer(c + r * ldc).loadUnaligned(as: U.self) : U()
    }
    var c0 = load(0), c1 = load(1), c2 = load(2), c3 = load(3), c4 = load(4), c5 = load(5)
    var c6 = load(6), c7 = load(7), c8 = load(8), c9 = load(9), c10 = load(10), c11 = load(11)
    let rs = a.rs, cs = a.cs
    var pa = a.base, pb = b
    for _ in 0 ..< k {
        let bv = UnsafeRawPointer(pb).loadUnaligned(as: U.self)
        if rows > 0 { c0 = c0 + U(repeating: pa[0]) * bv }
        if rows > 1 { c1 = c1 + U(repeating: pa[rs]) * bv }
        if rows > 2 { c2 = c2 + U(repeating: pa[2 * rs]) * bv }
        if rows > 3 { c3 = c3 + U(repeating: pa[3 * rs]) * bv }
        if rows > 4 { c4 = c4 + U(repeating: pa[4 * rs]) * bv }
        if rows > 5 { c5 = c5 + U(repeating: pa[5 * rs]) * bv }
        if rows > 6 { c6 = c6 + U(repeating: pa[6 * rs]) * bv }
        if rows > 7 { c7 = c7 + U(repeating: pa[7 * rs]) * bv }
        if rows > 8 { c8 = c8 + U(repeating: pa[8 * rs]) * bv }
        if rows > 9 { c9 = c9 + U(repeating: pa[9 * rs]) * bv }
        if rows > 10 { c10 = c10 + U(repeating: pa[10 * rs]) * bv }
        if rows > 11 { c11 = c11 + U(repeating: pa[11 * rs]) * bv }
        pa += cs
        pb += bStep
    }
    @inline(__always) func store(_ r: Int, _ v: U) {
        if r < rows { UnsafeMutableRawPointer(c + r * ldc).storeBytes(of: v, as: U.self) }
    }
    store(0, c0); store(1, c1); store(2, c2); store(3, c3); store(4, c4); store(5, c5)
    store(6, c6); store(7, c7); store(8, c8); store(9, c9); store(10, c10); store(11, c11)
}
