// Tall products over a shallow sum with C a few panels wide: the MNIST output layer's input delta
// δ2·W2ᵀ (8000×10 · 10×30, W2 stored 30×10). The blocked kernel spends such a product on its
// overheads — per 6-row tile a K block of 10 steps, and C's last 14 of 30 columns in an edge tile
// run on a scratch tile and copied out row by row; its thread split by columns then gave one
// thread all the edge tiles. Here op(B) is packed once into whole panels (a SIMD panel of
// columns each), the last one ending at C's last column — overlapping the one before it rather
// than padded — so every tile is stored straight into C. Rows of A are read in place, six at a
// time, against two panels (12 accumulators); the lanes two overlapping panels share get the
// same sum, computed the same way, so they are written twice with the same bits. Threads take
// runs of 6-row bands.
//
// Every element is still `s = s + a·b` over ascending p, each multiply and add rounded (one lane
// per element), so the result is the contract's (GEMM.swift's header), bit for bit.

/// Deepest sum the shallow path takes: the packed op(B) (at most 4 float32 panels × 64 steps,
/// 16 KB) stays in L1. On one Zen 4 core, 8000×k · k×30 (B stored transposed) ran in 0.5× the
/// blocked path's time at k = 16 (float32; float64 0.7×), 0.7× at 32 (0.8×), 0.9× at 64 (float64
/// 0.9×) and about the same at 128.
let gemmShallowMaxK = 64

/// Widest C the shallow path takes, in panels.
let gemmShallowMaxPanels = 4

/// Whether `C = op(A)·op(B)` goes to `shallowGEMM`: broadcasts of A read in place
/// (`T.aReplication == 1`: the wide builds; the baseline build packs A replicated), a shallow
/// sum, C two or `gemmShallowMaxPanels` panels wide (the tile takes panels in pairs: a lone
/// panel would run twice — conv1's forward product, 6760×9 · 9×16, one float32 panel, ran 1.5×
/// slower so), and at least one 6-row band.
@inline(__always)
func gemmPrefersShallow<T: GEMMScalar>(_ m: Int, _ n: Int, _ k: Int, _: T.Type) -> Bool {
    let panels = (n + T.Panel.scalarCount - 1) / T.Panel.scalarCount
    return T.aReplication == 1 && k <= gemmShallowMaxK && m >= gemmMR
        && panels % 2 == 0 && panels <= gemmShallowMaxPanels
}

/// The shallow path of one scalar type: a protocol requirement for the same reason as
/// `GEMMDeepScalar` (specialized code reached from `gemmDriver` in debug builds too).
protocol GEMMShallowScalar {
    static func shallowProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Self>, _ b: Operand<Self>,
        _ c: UnsafeMutablePointer<Self>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?)
}

extension Float: GEMMShallowScalar {
    static func shallowProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Float>, _ b: Operand<Float>,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
    ) {
        shallowGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
    }
}

extension Double: GEMMShallowScalar {
    static func shallowProduct(
        _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Double>, _ b: Operand<Double>,
        _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
    ) {
        shallowGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
    }
}

/// `C (=|+=) op(A)·op(B)` with `gemmPrefersShallow`: op(B) packed once into panels (panel q
/// holds op(B)[0 ..< k, s_q ..< s_q + NR], `shallowPanelStart`), whole 6-row bands of C split
/// between threads, the last `m % 6` rows through `smallGEMM`.
func shallowGEMM<T: GEMMScalar>(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
) {
    let lanes = T.Panel.scalarCount
    let panels = (n + lanes - 1) / lanes
    let bands = m / gemmMR
    let parts = min(bands, gemmThreads(work: m * n * k, threads))
    withUnsafeTemporaryAllocation(of: T.self, capacity: panels * k * lanes) { buffer in
        let bp = buffer.baseAddress!
        for q in 0 ..< panels {
            packB(k, lanes, b.offset(0, shallowPanelStart(q, n, lanes)), bp + q * k * lanes, lanes)
        }
        let tiling = ShallowTiling(n: n, k: k, panels: panels, accumulate: accumulate)
        if parts <= 1 {
            shallowBands(0 ..< bands, tiling, a, UnsafePointer(bp), c, ldc)
        } else {
            let shared = UnsafeSendable((a, UnsafePointer(bp), c))
            WorkerPool.run(parts: parts) { s in
                let (a, bp, c) = shared.value
                shallowBands(WorkerPool.range(s, of: parts, count: bands), tiling, a, bp, c, ldc)
            }
        }
    }
    let done = bands * gemmMR
    if done < m { smallGEMM(done ..< m, n, k, a, b, c, ldc, accumulate) }
}

/// C's first column in panel `q` of `n`-column C cut into `lanes`-wide panels: the last panel
/// ends at C's last column.
@inline(__always)
func shallowPanelStart(_ q: Int, _ n: Int, _ lanes: Int) -> Int { min(q * lanes, n - lanes) }

/// What every band of `shallowGEMM` shares.
struct ShallowTiling: Sendable {
    var n, k, panels: Int
    var accumulate: Bool
}

/// 6-row bands `bands` of C, `gemmShallowRun` bands at a time. Panels go through the tile in
/// pairs, (0, 1), (2, 3): the last panel, which may overlap the one before it, shares a tile with
/// it, and a tile never reads back columns another has written (with `accumulate` each tile loads
/// all its columns of C before storing any).
@inline(never)
func shallowBands<T: GEMMScalar>(
    _ bands: Range<Int>, _ t: ShallowTiling, _ a: Operand<T>, _ bp: UnsafePointer<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int
) {
    let lanes = T.Panel.scalarCount, sliver = t.k * lanes
    var band = bands.lowerBound
    while band < bands.upperBound {
        let run = min(gemmShallowRun, bands.upperBound - band)
        let i = band * gemmMR
        let rows = a.base + i * a.rs, cRow = c + i * ldc
        for q in stride(from: 0, to: t.panels, by: 2) {
            shallowTiles(run, t.k, rows, rows, a.rs, a.cs, bp + q * sliver, bp + (q + 1) * sliver,
                         cRow + shallowPanelStart(q, t.n, lanes), cRow + shallowPanelStart(q + 1, t.n, lanes),
                         ldc, t.accumulate)
        }
        band += run
    }
}

/// Bands one pair of panels runs through before the next pair takes them: C's rows they write
/// (96 × 30 float64: 23 KB) stay in L1 for the next pair.
let gemmShallowRun = 16

/// `bands` 6 × 2-panel register tiles down C: `C[r, panel] = (load ? C[r, panel] : 0) +
/// Σ_p A[r, p]·B[p, panel]` for the panels at `c` (B's at `b0 + p·NR`) and `d` (B's at
/// `b1 + p·NR`), r < 6·`bands`, p < `k` ascending, one rounded multiply and add per term.
/// A[r, p] is at `a + r·aRow + p·aStep`; `a` and `aAgain` are the same rows, read through two
/// pointers so that each multiply folds its own broadcast of A from memory (see
/// `microKernelPair`); not inlined, so the optimizer cannot see they are equal. A tile loads
/// both its panels of C before it stores either: `c` and `d` may overlap.
@inline(never)
func shallowTiles<T: GEMMScalar>(
    _ bands: Int, _ k: Int, _ a: UnsafePointer<T>, _ aAgain: UnsafePointer<T>, _ aRow: Int, _ aStep: Int,
    _ b0: UnsafePointer<T>, _ b1: UnsafePointer<T>,
    _ c: UnsafeMutablePointer<T>, _ d: UnsafeMutablePointer<T>, _ ldc: Int, _ load: Bool
) {
    typealias V = T.Panel
    @inline(__always) func get(_ p: UnsafeMutablePointer<T>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) func put(_ p: UnsafeMutablePointer<T>, _ v: V) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    @inline(__always) func bc(_ p: UnsafePointer<T>) -> V { T.broadcastA(p) }
    let r = aRow, w = V.scalarCount
    var a = a, aAgain = aAgain, c = c, d = d
    for _ in 0 ..< bands {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var d0 = V(), d1 = V(), d2 = V(), d3 = V(), d4 = V(), d5 = V()
        if load {
            c0 = get(c); c1 = get(c + ldc); c2 = get(c + 2 * ldc)
            c3 = get(c + 3 * ldc); c4 = get(c + 4 * ldc); c5 = get(c + 5 * ldc)
            d0 = get(d); d1 = get(d + ldc); d2 = get(d + 2 * ldc)
            d3 = get(d + 3 * ldc); d4 = get(d + 4 * ldc); d5 = get(d + 5 * ldc)
        }
        for p in 0 ..< k {
            let u = UnsafeRawPointer(b0 + p * w).loadUnaligned(as: V.self)
            let v = UnsafeRawPointer(b1 + p * w).loadUnaligned(as: V.self)
            let o = p * aStep
            c0 = c0 + bc(a + o) * u; d0 = d0 + bc(aAgain + o) * v
            c1 = c1 + bc(a + (r + o)) * u; d1 = d1 + bc(aAgain + (r + o)) * v
            c2 = c2 + bc(a + (2 * r + o)) * u; d2 = d2 + bc(aAgain + (2 * r + o)) * v
            c3 = c3 + bc(a + (3 * r + o)) * u; d3 = d3 + bc(aAgain + (3 * r + o)) * v
            c4 = c4 + bc(a + (4 * r + o)) * u; d4 = d4 + bc(aAgain + (4 * r + o)) * v
            c5 = c5 + bc(a + (5 * r + o)) * u; d5 = d5 + bc(aAgain + (5 * r + o)) * v
        }
        put(c, c0); put(c + ldc, c1); put(c + 2 * ldc, c2)
        put(c + 3 * ldc, c3); put(c + 4 * ldc, c4); put(c + 5 * ldc, c5)
        put(d, d0); put(d + ldc, d1); put(d + 2 * ldc, d2)
        put(d + 3 * ldc, d3); put(d + 4 * ldc, d4); put(d + 5 * ldc, d5)
        a += gemmMR * r; aAgain += gemmMR * r
        c += gemmMR * ldc; d += gemmMR * ldc
    }
}
