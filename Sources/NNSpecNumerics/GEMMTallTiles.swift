// The tall register tile of the paired-sliver path (`pairedTiles` in GEMM.swift), double only:
// 8 rows of a tall A read in place × two B slivers (2·NR columns), 16 accumulators beside B's
// two rows. The full-batch float64 forward product X·W (8000×784 · 784×30) spends its time
// here: each step of p loads B's two vectors once for 4/3 of the 6-row pair tile's
// multiply–adds, and the loop's bookkeeping is spread over as much more work (see
// `GEMMTallScalar.tallBand` for what was measured).
//
// Every element is still `s = s + a·b` over ascending p (one accumulator lane per element, a
// rounded multiply then a rounded add), so the result is the contract's (GEMM.swift's header).

/// A band of `gemmTallRows` rows of C through the tall tile: `tallPairedBand`'s arguments.
typealias GEMMTallBand<T> = (_ nc: Int, _ kc: Int, _ load: Bool, _ a: UnsafePointer<T>, _ lda: Int,
                             _ bp: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>, _ ldc: Int) -> Void

/// The tall tile for one scalar type. A protocol requirement, so that `pairedTiles` reaches code
/// specialized in this file also where files compile one by one (see `GEMMDeepScalar`).
protocol GEMMTallScalar {
    /// `tallPairedBand` for the types whose in-place rows of `pairedTiles` run through the tall
    /// tile, nil for the others. Measured on the 8000×784 · 784×30 product against the 6-row pair
    /// tile (`nnspec-bench --gemm`, Zen 4, interleaved runs on the shared machine): double, 1
    /// thread (CPU time) 8.13 against 8.38 ms, 2 threads (both threads pinned to their cores)
    /// 9.3–9.4 against 9.9–10.1 ms. Float: 1 thread 4.16 against 4.24 ms, but 2 threads 8.2–8.3
    /// against 5.5–5.7 ms (pinned as above; unpinned, and with 12-row tiles, slower too) — a
    /// slowdown only when both cores run the tile, not explained here (a C model of the same loop
    /// ran 8 rows at 73 % of the 2-core peak, as fast as 6). So float keeps the 6-row pair tile.
    static var tallBand: GEMMTallBand<Self>? { get }
}

extension Float: GEMMTallScalar {
    static var tallBand: GEMMTallBand<Float>? { nil }
}

extension Double: GEMMTallScalar {
    static var tallBand: GEMMTallBand<Double>? { tallPairedBand }
}

/// Rows of the tall tile. 12 float rows ran ~2.5 % slower than 8 on one thread (a C model of
/// the loop ran 12 fastest, 82 % of a core's peak against 79 % for 8: Swift's loop needs more
/// general registers for 12 rows' addresses beside the frame pointer), and a 12-row double loop
/// spilled accumulators to the stack.
let gemmTallRows = 8

/// The shortest run of tall tiles that ends where a 6-row sliver does: lcm(8, 6) = 24 rows.
let gemmTallSpan: Int = {
    var span = gemmTallRows
    while span % gemmMR != 0 { span += gemmTallRows }
    return span
}()

/// Rows of an M block's in-place part (`fullRows`, whole slivers) that go through tall tiles:
/// whole runs of `gemmTallSpan`, so that the 6-row tiles take over at a sliver boundary.
@inline(__always)
func gemmTallEnd(_ fullRows: Int) -> Int {
    fullRows / gemmTallSpan * gemmTallSpan
}

/// `gemmTallRows` rows of C (from `c`, `nc` columns, row stride `ldc`) over one K block of `kc`:
/// A's rows read in place (from `a`, row stride `lda`, the block's first column), B's packed
/// slivers at `bp` (`kc × NR` each) taken two at a time. A tile narrower than its slivers (C's
/// last columns) runs on a scratch tile on the stack and is copied out (and in first, with
/// `load`); a last lone sliver runs as a pair with itself, the copy's columns dropped.
func tallPairedBand<T: GEMMScalar>(
    _ nc: Int, _ kc: Int, _ load: Bool, _ a: UnsafePointer<T>, _ lda: Int,
    _ bp: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>, _ ldc: Int
) {
    let rows = gemmTallRows, nr = T.Panel.scalarCount, w = 2 * nr
    withUnsafeTemporaryAllocation(of: T.self, capacity: rows * w) { scratchBuffer in
        let scratch = scratchBuffer.baseAddress!
        var jr = 0
        while jr < nc {
            let cols = min(nc - jr, w)
            let b0 = bp + jr * kc, cTile = c + jr
            let full = cols == w
            let (out, ldo) = full ? (cTile, ldc) : (scratch, w)
            if !full && load {
                for r in 0 ..< rows { (scratch + r * w).update(from: cTile + r * ldc, count: cols) }
            }
            microKernelTall(kc, a, a, lda, b0, cols > nr ? b0 + kc * nr : b0, out, ldo, load)
            if !full {
                for r in 0 ..< rows { (cTile + r * ldc).update(from: scratch + r * w, count: cols) }
            }
            jr += w
        }
    }
}

/// The 8 × 2NR register tile: `C[r, :] = (load ? C[r, :] : 0) + Σ_p A[r, p] * [B0 B1][p, :]`,
/// p ascending, one rounded multiply and one rounded add per term; A[r, p] at `a + r*lda + p`,
/// B0's row p at `b0 + p*NR`, B1's at `b1 + p*NR` (packed slivers). `a` and `aAgain` are the
/// same rows, read through two pointers so that both broadcasts of a value stay loads folded
/// into the multiplies (as in `microKernelPair`); not inlined, so the optimizer cannot see they
/// are equal.
@inline(never)
func microKernelTall<T: GEMMScalar>(
    _ kc: Int, _ a: UnsafePointer<T>, _ aAgain: UnsafePointer<T>, _ lda: Int,
    _ b0: UnsafePointer<T>, _ b1: UnsafePointer<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ load: Bool
) {
    typealias V = T.Panel
    let w = V.scalarCount
    @inline(__always) func get(_ p: UnsafeMutablePointer<T>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) func put(_ p: UnsafeMutablePointer<T>, _ v: V) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    @inline(__always) func bc(_ p: UnsafePointer<T>) -> V { T.broadcastA(p) }
    var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()
    var d0 = V(), d1 = V(), d2 = V(), d3 = V(), d4 = V(), d5 = V(), d6 = V(), d7 = V()
    if load {
        c0 = get(c); d0 = get(c + w)
        c1 = get(c + ldc); d1 = get(c + ldc + w)
        c2 = get(c + 2 * ldc); d2 = get(c + 2 * ldc + w)
        c3 = get(c + 3 * ldc); d3 = get(c + 3 * ldc + w)
        c4 = get(c + 4 * ldc); d4 = get(c + 4 * ldc + w)
        c5 = get(c + 5 * ldc); d5 = get(c + 5 * ldc + w)
        c6 = get(c + 6 * ldc); d6 = get(c + 6 * ldc + w)
        c7 = get(c + 7 * ldc); d7 = get(c + 7 * ldc + w)
    }
    // B's two rows at one byte offset from their slivers' starts, A's values at an index from
    // its rows': so written, the loop's addresses fit the general registers left beside the
    // frame pointer (stepping a pointer per sliver and per row spilled accumulators to the
    // stack in a 12-row version of this loop).
    let r = lda, rowBytes = w * MemoryLayout<T>.stride
    let pb = UnsafeRawPointer(b0), qb = UnsafeRawPointer(b1)
    for p in 0 ..< kc {
        let o = p &* rowBytes
        let u = (pb + o).loadUnaligned(as: V.self)
        let v = (qb + o).loadUnaligned(as: V.self)
        c0 = c0 + bc(a + p) * u; d0 = d0 + bc(aAgain + p) * v
        c1 = c1 + bc(a + (r + p)) * u; d1 = d1 + bc(aAgain + (r + p)) * v
        c2 = c2 + bc(a + (2 * r + p)) * u; d2 = d2 + bc(aAgain + (2 * r + p)) * v
        c3 = c3 + bc(a + (3 * r + p)) * u; d3 = d3 + bc(aAgain + (3 * r + p)) * v
        c4 = c4 + bc(a + (4 * r + p)) * u; d4 = d4 + bc(aAgain + (4 * r + p)) * v
        c5 = c5 + bc(a + (5 * r + p)) * u; d5 = d5 + bc(aAgain + (5 * r + p)) * v
        c6 = c6 + bc(a + (6 * r + p)) * u; d6 = d6 + bc(aAgain + (6 * r + p)) * v
        c7 = c7 + bc(a + (7 * r + p)) * u; d7 = d7 + bc(aAgain + (7 * r + p)) * v
    }
    put(c, c0); put(c + w, d0)
    put(c + ldc, c1); put(c + ldc + w, d1)
    put(c + 2 * ldc, c2); put(c + 2 * ldc + w, d2)
    put(c + 3 * ldc, c3); put(c + 3 * ldc + w, d3)
    put(c + 4 * ldc, c4); put(c + 4 * ldc + w, d4)
    put(c + 5 * ldc, c5); put(c + 5 * ldc + w, d5)
    put(c + 6 * ldc, c6); put(c + 6 * ldc + w, d6)
    put(c + 7 * ldc, c7); put(c + 7 * ldc + w, d7)
}
