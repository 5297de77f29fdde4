// General matrix multiply: C = op(A)·op(B) or C += op(A)·op(B), op = identity
// or transpose, for Float and Double. No BLAS: cache blocking + SIMD micro-kernel.
//
// ## Arithmetic and order (the determinism contract)
//
// Every output element is computed as this scalar recurrence, and nothing else:
//
//     s = accumulate ? C[i,j] : +0
//     for p in 0 ..< K (ascending):  s = s + (op(A)[i,p] * op(B)[p,j])
//     C[i,j] = s
//
// with a separately rounded multiply and add (never a fused multiply–add), in
// the precision of the operands. So:
//  * The result depends only on the operands and `accumulate`: not on the thread
//    count, the block sizes, which code path (small / blocked / edge tile) ran,
//    nor on the instruction set the binary was built for (Swift never contracts
//    `a * b + c` into an FMA, so SSE, AVX and NEON builds agree bit for bit).
//  * A naive triple loop `s = s + a*b` over ascending p reproduces it exactly;
//    the tests compare with `==` on bit patterns.
//  * Blocking over K is invisible: a K block continues from the partial sum the
//    previous block stored in C, which is exactly `s` after that many terms.
//  * Threads only split the rows of C into disjoint slabs; a sum is never split.
//
// Vectorization is across j (the SIMD lanes hold neighbouring columns of one
// row of C), and across the 6 rows of a micro-tile (independent registers), so
// the per-element recurrence above is untouched.

import Dispatch

// MARK: - Public API on matrices

/// `C = op(A)·op(B)` or, with `accumulate`, `C = C + op(A)·op(B)` (the products
/// are added to C one by one, in ascending k, starting from C's old value).
/// `op(X)` is `Xᵀ` when the matching `transpose` flag is set. C must already
/// have shape `rows(op(A)) × cols(op(B))`.
/// `threads` overrides `NumericsConfig.threadCount` for this call (the result
/// is the same for every value).
public func gemm<Scalar>(
    _ a: Matrix<Scalar>, transposeA: Bool = false,
    _ b: Matrix<Scalar>, transposeB: Bool = false,
    into c: inout Matrix<Scalar>, accumulate: Bool = false,
    threads: Int? = nil
) {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let kb = transposeB ? b.cols : b.rows
    let n = transposeB ? b.rows : b.cols
    numericsRequire(k == kb, "gemm: inner dimensions differ: op(A) is \(m)×\(k), op(B) is \(kb)×\(n)")
    numericsRequire(c.rows == m && c.cols == n,
                    "gemm: C is \(c.rows)×\(c.cols), expected \(m)×\(n)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate { c.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        return
    }
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                GEMM.multiply(m: m, n: n, k: k,
                              a: pa.baseAddress!, lda: a.cols, transposeA: transposeA,
                              b: pb.baseAddress!, ldb: b.cols, transposeB: transposeB,
                              c: pc.baseAddress!, ldc: n, accumulate: accumulate,
                              threads: threads)
            }
        }
    }
}

/// `op(A)·op(B)` into a new matrix.
public func matmul<Scalar>(
    _ a: Matrix<Scalar>, transposeA: Bool = false,
    _ b: Matrix<Scalar>, transposeB: Bool = false,
    threads: Int? = nil
) -> Matrix<Scalar> {
    let m = transposeA ? a.cols : a.rows
    let n = transposeB ? b.rows : b.cols
    var c = Matrix<Scalar>(rows: m, cols: n)
    gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c, threads: threads)
    return c
}

/// `A·B` (forward pass: X·W).
public func matmul<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, threads: Int? = nil) -> Matrix<Scalar> {
    matmul(a, transposeA: false, b, transposeB: false, threads: threads)
}

/// `Aᵀ·B` (weight gradient: Xᵀ·δ).
public func matmulTN<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, threads: Int? = nil) -> Matrix<Scalar> {
    matmul(a, transposeA: true, b, transposeB: false, threads: threads)
}

/// `A·Bᵀ` (backpropagation: δ·Wᵀ).
public func matmulNT<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, threads: Int? = nil) -> Matrix<Scalar> {
    matmul(a, transposeA: false, b, transposeB: true, threads: threads)
}

// MARK: - Raw entry point

public enum GEMM {
    /// BLAS-style row-major GEMM on raw storage:
    /// `C[i,j] (= C[i,j] +) Σ_p op(A)[i,p]·op(B)[p,j]` for `i < m, j < n`, `p < k` ascending.
    ///
    /// - A is `m×k` with row stride `lda` (or, with `transposeA`, stored `k×m`);
    ///   B is `k×n` with row stride `ldb` (or, with `transposeB`, stored `n×k`);
    ///   C is `m×n` with row stride `ldc`. C must not overlap A or B.
    /// - When `m == 0 || n == 0` nothing is touched (pointers may then be dangling);
    ///   when `k == 0`, C is zeroed unless accumulating.
    public static func multiply<Scalar: BinaryFloatingPoint & SIMDScalar>(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Scalar>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Scalar>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, accumulate: Bool,
        threads: Int? = nil
    ) {
        numericsRequire(m >= 0 && n >= 0 && k >= 0, "GEMM.multiply: negative size")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate {
                for i in 0 ..< m { (c + i * ldc).update(repeating: 0, count: n) }
            }
            return
        }
        numericsRequire(ldc >= n, "GEMM.multiply: ldc \(ldc) < n \(n)")
        numericsRequire(lda >= (transposeA ? m : k), "GEMM.multiply: lda \(lda) too small")
        numericsRequire(ldb >= (transposeB ? k : n), "GEMM.multiply: ldb \(ldb) too small")
        // Element (i, p) of op(X) is at base + i*rs + p*cs.
        let (ars, acs) = transposeA ? (1, lda) : (lda, 1)
        let (brs, bcs) = transposeB ? (1, ldb) : (ldb, 1)
        if Scalar.self == Float.self {
            gemmDriver(m, n, k,
                       Operand(a.withMemoryRebound(to: Float.self, capacity: 1) { $0 }, ars, acs),
                       Operand(b.withMemoryRebound(to: Float.self, capacity: 1) { $0 }, brs, bcs),
                       c.withMemoryRebound(to: Float.self, capacity: 1) { $0 }, ldc,
                       accumulate, threads)
        } else if Scalar.self == Double.self {
            gemmDriver(m, n, k,
                       Operand(a.withMemoryRebound(to: Double.self, capacity: 1) { $0 }, ars, acs),
                       Operand(b.withMemoryRebound(to: Double.self, capacity: 1) { $0 }, brs, bcs),
                       c.withMemoryRebound(to: Double.self, capacity: 1) { $0 }, ldc,
                       accumulate, threads)
        } else {
            // Any other format (e.g. Float16): same recurrence, plain loops.
            referenceGEMM(m, n, k, Operand(a, ars, acs), Operand(b, brs, bcs), c, ldc, accumulate)
        }
    }
}

// MARK: - Kernel parameters

/// Micro-tile height: rows of C held in registers at once.
let gemmMR = 6

/// What the blocked kernel needs to know about a scalar type.
protocol GEMMScalar: BinaryFloatingPoint & SIMDScalar & Codable & SendableMetatype & GEMMDeepScalar & GEMMStreamScalar
    & GEMMTallScalar & GEMMShallowScalar {
    /// One row of a micro-tile: `Panel.scalarCount` (= NR) neighbouring columns of C.
    /// Sized as two native SSE registers (two AVX registers when built with
    /// `-D NNSPEC_WIDE_SIMD` and an AVX2 target, so a 6-row tile takes 12 of the
    /// 16 vector registers; one zmm register on an AVX-512 target).
    associatedtype Panel: SIMD where Panel.Scalar == Self
    /// Depth of a K block: a packed A sliver (6 × kc) and a packed B sliver
    /// (kc × NR) together stay in L1.
    static var blockK: Int { get }
    /// Columns of an N block: the packed `kc × nc` block of B stays in L2.
    static var blockN: Int { get }
    /// Rows of an M block (a multiple of 6): a packed `mc × kc` block of A stays in L2
    /// beside B's. Packing a whole block lets a transposed A be read row by row.
    static var blockM: Int { get }
    /// How many copies of each value packed A holds (1, or a native vector's width).
    static var aReplication: Int { get }
    /// Whether A slivers read in place over a deep K block run two B slivers at once
    /// (`microKernelPair`): needs 12 accumulators plus the two B rows in registers.
    static var pairsBSlivers: Bool { get }
    /// The panel whose every lane is the packed A value at `p` (`aReplication` copies there).
    static func broadcastA(_ p: UnsafePointer<Self>) -> Panel
    /// Writes `aReplication` copies of `v` at `p`.
    static func storeReplicated(_ p: UnsafeMutablePointer<Self>, _ v: Self)
}

#if NNSPEC_WIDE_SIMD
// AVX build (`-target-cpu haswell|znver4 -D NNSPEC_WIDE_SIMD`): a panel is two ymm
// registers (one zmm on znver4, where a broadcast of A folds into the multiply), and
// broadcasting from memory costs no shuffle. (Two zmm per tile row, 6 × 32, measured
// ~30% slower on Zen 4.)
extension Float: GEMMScalar {
    typealias Panel = SIMD16<Float>
    static var blockK: Int { 256 }
    static var blockN: Int { 256 }
    static var blockM: Int { 96 }
    static var aReplication: Int { 1 }
    static var pairsBSlivers: Bool { true }
    @inline(__always) static func broadcastA(_ p: UnsafePointer<Float>) -> Panel { Panel(repeating: p.pointee) }
    @inline(__always) static func storeReplicated(_ p: UnsafeMutablePointer<Float>, _ v: Float) { p.pointee = v }
}
extension Double: GEMMScalar {
    typealias Panel = SIMD8<Double>
    static var blockK: Int { 256 }
    static var blockN: Int { 128 }
    static var blockM: Int { 72 }
    static var aReplication: Int { 1 }
    static var pairsBSlivers: Bool { true }
    @inline(__always) static func broadcastA(_ p: UnsafePointer<Double>) -> Panel { Panel(repeating: p.pointee) }
    @inline(__always) static func storeReplicated(_ p: UnsafeMutablePointer<Double>, _ v: Double) { p.pointee = v }
}
#else
// Baseline x86-64 (SSE2) / NEON: a panel is two 128-bit registers. SSE has no
// broadcast-from-memory, so packed A stores every value replicated across a
// 128-bit lane and the kernel loads it ready-made (saves a shuffle per row).
extension Float: GEMMScalar {
    typealias Panel = SIMD8<Float>
    static var blockK: Int { 128 }
    static var blockN: Int { 512 }
    static var blockM: Int { 48 }
    static var aReplication: Int { 4 }
    static var pairsBSlivers: Bool { false }
    @inline(__always) static func broadcastA(_ p: UnsafePointer<Float>) -> Panel {
        let h = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
        return Panel(lowHalf: h, highHalf: h)
    }
    @inline(__always) static func storeReplicated(_ p: UnsafeMutablePointer<Float>, _ v: Float) {
        UnsafeMutableRawPointer(p).storeBytes(of: SIMD4<Float>(repeating: v), as: SIMD4<Float>.self)
    }
}
extension Double: GEMMScalar {
    typealias Panel = SIMD4<Double>
    static var blockK: Int { 128 }
    static var blockN: Int { 256 }
    static var blockM: Int { 48 }
    static var aReplication: Int { 2 }
    static var pairsBSlivers: Bool { false }
    @inline(__always) static func broadcastA(_ p: UnsafePointer<Double>) -> Panel {
        let h = UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
        return Panel(lowHalf: h, highHalf: h)
    }
    @inline(__always) static func storeReplicated(_ p: UnsafeMutablePointer<Double>, _ v: Double) {
        UnsafeMutableRawPointer(p).storeBytes(of: SIMD2<Double>(repeating: v), as: SIMD2<Double>.self)
    }
}
#endif

/// Bytes the packed `kc × nc` block of B may take when the block is narrow. A narrow B
/// (C's width n ≲ 64: the products of thin layers) gets a K block deeper than `blockK`,
/// up to this budget (a quarter of Zen 4's 1 MiB L2, A's block beside it), so a tall A is read in
/// whole rows, once, rather than in `blockK`-wide strips over several sweeps: on 8000×784 ·
/// 784×30 that is ~1.5× faster, as the strips defeat the hardware prefetcher.
let gemmNarrowBBytes = 256 * 1024

/// Bytes of op(B) up to which a product with few rows reads B in place rather than packing it
/// (see `blockedGEMM`): B then stays in L2 between its slivers' strided reads. A larger B read
/// in place runs slower than packed (784×8000 · 8000×30 computed transposed: 53 → 48 GFLOP/s).
let gemmDirectBBytes = 768 * 1024

/// Bytes of op(A) read in place beyond which it no longer stays in a core's L2 (1 MiB on Zen 4),
/// so every pass over it streams it from L3 (see `GEMMSplit`).
let gemmStreamedABytes = 1 << 20

/// Parts per thread of a long row split (`GEMMSplit`), each at least `gemmMinimumPartWork`
/// multiply–adds (~290 µs of one float core at its peak).
let gemmPartsPerThread = 4
let gemmMinimumPartWork = 1 << 24

/// Bytes of the packed B block of a product with few rows (one M block; the weight gradient
/// computed transposed, 30×8000 · 8000×784): half of Zen 4's L2, the block as wide as C.
let gemmWideBBytes = 512 * 1024

/// The K block depth for a packed B block `ncPadded` columns wide.
@inline(__always)
func gemmDepth<T: GEMMScalar>(_ k: Int, _ ncPadded: Int, _: T.Type) -> Int {
    min(k, max(T.blockK, gemmNarrowBBytes / (ncPadded * MemoryLayout<T>.stride)))
}

/// When a tall A read in place meets a narrow B (at most `gemmPairSlivers` slivers) over a deep K
/// block (at least `gemmPairDepth`), B's slivers go two at a time through `microKernelPair`
/// (`T.pairsBSlivers`): each A value then comes from memory once per pair, not once per sliver —
/// 8000×784 · 784×30 runs ~8 % faster. Shallow blocks (k = 30) and wide B (n = 256) ran slower.
let gemmPairDepth = 256
let gemmPairSlivers = 4

/// Below this many multiply–adds the unpacked direct kernel is used.
let gemmSmallWork = 16 * 1024

/// Element (i, p) of op(X) is at `base + i*rs + p*cs`.
struct Operand<T> {
    var base: UnsafePointer<T>
    var rs: Int
    var cs: Int
    init(_ base: UnsafePointer<T>, _ rs: Int, _ cs: Int) {
        self.base = base; self.rs = rs; self.cs = cs
    }
    @inline(__always) subscript(i: Int, p: Int) -> T { base[i * rs + p * cs] }
    /// The operand shifted to start at element (i, p).
    @inline(__always) func offset(_ i: Int, _ p: Int) -> Operand {
        Operand(base + (i * rs + p * cs), rs, cs)
    }
}

/// Lets a pointer cross into a split over threads (each thread writes a disjoint part).
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

// MARK: - Driver

func gemmDriver<T: GEMMScalar>(
    _ m: Int, _ n: Int, _ k: Int,
    _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int,
    _ accumulate: Bool, _ threads: Int?
) {
    let work = m * n * k
    if work <= gemmSmallWork {
        smallGEMM(0 ..< m, n, k, a, b, c, ldc, accumulate)
        return
    }
    if gemmPrefersStream(m, n, k, a, b) {
        T.streamProduct(m, n, k, a, b, c, ldc, accumulate, threads)
        return
    }
    if gemmPrefersDeep(m, n, k, b) {
        T.deepProduct(m, n, k, a, b, c, ldc, accumulate, threads)
        return
    }
#if NNSPEC_AVX512
    if gemmPrefersNarrow(m, n, k, a, b) {
        narrowGEMM(m, n, k, Operand(cast(a.base), a.rs, a.cs), Operand(cast(b.base), b.rs, b.cs), cast(c), ldc,
                   accumulate, threads)
        return
    }
#endif
    if gemmPrefersShallow(m, n, k, T.self) {
        T.shallowProduct(m, n, k, a, b, c, ldc, accumulate, threads)
        return
    }
    if gemmPrefersTransposedProblem(m, n, k, a) {
        transposedGEMM(m, n, k, a, b, c, ldc, accumulate, threads)
        return
    }
    let split = GEMMSplit(m: m, n: n, k: k, a, b, threads: gemmThreads(work: work, threads))
    if split.parts <= 1 {
        blockedGEMM(0 ..< m, n, k, a, b, c, ldc, accumulate)
        return
    }
    let shared = UnsafeSendable((a, b, c))
    WorkerPool.run(parts: split.parts, threads: split.threads) { s in
        let (a, b, c) = shared.value
        let (lo, hi) = split.range(s)
        if lo >= hi { return }
        if split.byColumns {
            // Columns [lo, hi) of C: the same product with B and C shifted.
            blockedGEMM(0 ..< m, hi - lo, k, a, b.offset(0, lo), c + lo, ldc, accumulate)
        } else {
            blockedGEMM(lo ..< hi, n, k, a, b, c, ldc, accumulate)
        }
    }
}

/// The threads a product of `work` multiply–adds may use: one below
/// `NumericsConfig.parallelThreshold`, else `threads` or, when not given, `NumericsConfig.threadCount`.
@inline(__always)
func gemmThreads(work: Int, _ threads: Int?) -> Int {
    work >= NumericsConfig.parallelThreshold ? max(1, threads ?? NumericsConfig.threadCount) : 1
}

/// How a product is divided among threads: into disjoint slabs of whole micro-panels of C's
/// rows (each thread then packs all of B) or of whole NR-wide slivers of its columns (each
/// thread packs all of A it must pack). Either way every output element is computed by one
/// thread, whole, so the division changes no bit; it is chosen by a rough cost in cycles —
/// the longest thread's multiply–adds plus what it packs or streams — that favours balanced
/// slabs and little duplicated packing (a 128-row batch against a 784×256 kernel splits by
/// columns). A long row split is cut into up to `gemmPartsPerThread` parts per thread.
struct GEMMSplit: Sendable {
    /// Threads the product may use, and parts it is cut into (at least as many).
    var threads: Int
    var parts: Int
    var byColumns: Bool
    var unit: Int
    var unitsPerPart: Int
    var extent: Int

    /// `packsA`: op(A) is packed (else read in place); `streamsA`: op(A) read in place is larger
    /// than a core's L2 (`gemmStreamedABytes`).
    init(m: Int, n: Int, k: Int, threads requested: Int, packsA: Bool, streamsA: Bool, nr: Int,
         transposedA: Bool, transposedB: Bool) {
        let mr = gemmMR
        let panels = (m + mr - 1) / mr, slivers = (n + nr - 1) / nr
        // Cycles per packed element: a strided gather or scatter costs ~4× a vector copy. A large
        // A read in place is streamed from L3 by every part that needs its rows: a column split
        // makes each part stream all of it (8000×784 · 784×30: two threads split by columns took
        // ~30 % longer than by rows), charged like a vector copy.
        let aPackCost = packsA ? (transposedA ? 1.0 : 0.5) : (streamsA ? 0.25 : 0)
        let bPackCost = transposedB ? 1.0 : 0.25
        func cost(_ units: Int, _ parts: Int, byColumns: Bool) -> Double {
            let per = (units + parts - 1) / parts
            let rows = byColumns ? panels * mr : per * mr
            let cols = byColumns ? per * nr : slivers * nr
            // ~16 multiply–adds per cycle on an AVX core; packing as above.
            return Double(rows) * Double(cols) * Double(k) / 16
                + Double(rows) * Double(k) * aPackCost + Double(k) * Double(cols) * bPackCost
        }
        let p = max(1, requested)
        let rowParts = min(p, panels), colParts = min(p, slivers)
        let byColumns = cost(slivers, colParts, byColumns: true) < cost(panels, rowParts, byColumns: false)
        self.byColumns = byColumns
        threads = byColumns ? colParts : rowParts
        if byColumns || threads <= 1 {
            parts = threads
        } else {
            // Parts are claimed by whichever thread is free, so finer parts let a thread that got
            // its core late (or lost it) leave the rest to the others instead of a serial tail.
            // Each part packs B again: at most 1/64 of its multiply–adds' cost (by the model
            // above, rows · 1/16 ≥ 64 · bPackCost), and each is `gemmMinimumPartWork` at least.
            // A whole number of parts per thread, so that threads running alike finish together.
            let byWork = m * n * k / gemmMinimumPartWork
            let byPacking = m / Int(64 * 16 * bPackCost)
            let perThread = min(gemmPartsPerThread, min(byWork, byPacking, panels) / threads)
            parts = threads * max(1, perThread)
        }
        unit = byColumns ? nr : mr
        unitsPerPart = ((byColumns ? slivers : panels) + parts - 1) / parts
        extent = byColumns ? n : m
    }

    /// The split of `op(A)·op(B)` for `blockedGEMM` on `threads` threads.
    init<T: GEMMScalar>(m: Int, n: Int, k: Int, _ a: Operand<T>, _ b: Operand<T>, threads: Int) {
        self.init(m: m, n: n, k: k, threads: threads, packsA: !(T.aReplication == 1 && a.cs == 1),
                  streamsA: m * k * MemoryLayout<T>.stride > gemmStreamedABytes, nr: T.Panel.scalarCount,
                  transposedA: a.rs == 1 && a.cs != 1, transposedB: b.cs != 1)
    }

    /// Part `s`'s rows (or columns) of C.
    func range(_ s: Int) -> (Int, Int) {
        let size = unitsPerPart * unit
        let lo = min(extent, s * size)
        return (lo, min(extent, lo + size))
    }
}

/// Whether `C = op(A)·op(B)` is better computed as `Cᵀ = op(B)ᵀ·op(A)ᵀ` into scratch. That pays
/// when op(A) is stored transposed (packing it is a scalar scatter of m·k values) and C is
/// narrow (n ≪ m) and shallow against k: the weight gradient Xᵀ·δ (784×8000 · 8000×30) then
/// packs δᵀ (30·8000 values) and copies X's rows as vectors, and transposes only C's 784×30.
/// Each element is still `s = s + a·b` over ascending p (`a·b` and `b·a` round alike). (On
/// AVX-512 a C at most `gemmStreamColumns` wide streams instead: `gemmPrefersStream`.)
@inline(__always)
func gemmPrefersTransposedProblem<T>(_ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>) -> Bool {
    a.rs == 1 && a.cs != 1 && n < m && (k / 2) * (m - n) > m * n
}

/// `C = op(A)·op(B)` computed as `Cᵀ = op(B)ᵀ·op(A)ᵀ` in a scratch `n × m` matrix, then
/// transposed into C (with `accumulate`, C's old values are transposed in first).
func transposedGEMM<T: GEMMScalar>(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
) {
    let ct = UnsafeMutablePointer<T>.allocate(capacity: m * n)
    defer { ct.deallocate() }
    if accumulate {
        for i in 0 ..< m { for j in 0 ..< n { ct[j * m + i] = c[i * ldc + j] } }
    }
    // Element (j, p) of op(B)ᵀ is op(B)[p, j]; element (p, i) of op(A)ᵀ is op(A)[i, p].
    gemmDriver(n, m, k, Operand(b.base, b.cs, b.rs), Operand(a.base, a.cs, a.rs), ct, m, accumulate, threads)
    for i in 0 ..< m { for j in 0 ..< n { c[i * ldc + j] = ct[j * m + i] } }
}

/// The defining recurrence, written out plainly (used for non-Float/Double types).
func referenceGEMM<T: BinaryFloatingPoint>(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
) {
    for i in 0 ..< m {
        for j in 0 ..< n {
            var s: T = accumulate ? c[i * ldc + j] : 0
            for p in 0 ..< k { s = s + a[i, p] * b[p, j] }
            c[i * ldc + j] = s
        }
    }
}

// MARK: - Small problems: no packing, no threads

/// Rows `rows` of C, unpacked. Same recurrence per element as everywhere else.
@inline(never)
func smallGEMM<T: GEMMScalar>(
    _ rows: Range<Int>, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
) {
    typealias V = T.Panel
    let w = V.scalarCount
    if b.cs == 1 && n >= 4 {
        // Rows of B are contiguous: vectors across j (panel width, then 4 lanes,
        // then scalars), registers across p.
        @inline(__always) func strip<U: SIMD>(_ i: Int, _ j: Int, _ ci: UnsafeMutablePointer<T>, _: U.Type)
            where U.Scalar == T {
            var s: U = accumulate ? UnsafeRawPointer(ci + j).loadUnaligned(as: U.self) : U()
            var pb = b.base + j
            for p in 0 ..< k {
                s = s + U(repeating: a[i, p]) * UnsafeRawPointer(pb).loadUnaligned(as: U.self)
                pb += b.rs
            }
            UnsafeMutableRawPointer(ci + j).storeBytes(of: s, as: U.self)
        }
        for i in rows {
            let ci = c + i * ldc
            var j = 0
            while j + w <= n {
                strip(i, j, ci, V.self)
                j += w
            }
            while j + 4 <= n {
                strip(i, j, ci, SIMD4<T>.self)
                j += 4
            }
            while j < n {
                var s: T = accumulate ? ci[j] : 0
                for p in 0 ..< k { s = s + a[i, p] * b[p, j] }
                ci[j] = s
                j += 1
            }
        }
    } else {
        // Dot-product form (narrow C or transposed B), four rows at a time so
        // that four independent sums are in flight.
        var i = rows.lowerBound
        while i + 4 <= rows.upperBound {
            let c0 = c + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
            for j in 0 ..< n {
                var s0: T = accumulate ? c0[j] : 0
                var s1: T = accumulate ? c1[j] : 0
                var s2: T = accumulate ? c2[j] : 0
                var s3: T = accumulate ? c3[j] : 0
                for p in 0 ..< k {
                    let y = b[p, j]
                    s0 = s0 + a[i, p] * y
                    s1 = s1 + a[i + 1, p] * y
                    s2 = s2 + a[i + 2, p] * y
                    s3 = s3 + a[i + 3, p] * y
                }
                c0[j] = s0; c1[j] = s1; c2[j] = s2; c3[j] = s3
            }
            i += 4
        }
        while i < rows.upperBound {
            let ci = c + i * ldc
            for j in 0 ..< n {
                var s: T = accumulate ? ci[j] : 0
                for p in 0 ..< k { s = s + a[i, p] * b[p, j] }
                ci[j] = s
            }
            i += 1
        }
    }
}

// MARK: - Blocked kernel

/// Rows `rows` of C, packed and blocked. Loop order: jc (N block) → pc (K block,
/// B block packed once) → ic (M block of A packed, L2) → ir (6-row sliver of A,
/// L1) → jr (NR-column sliver of B). Suits the tall, narrow products of training
/// (N ≤ ~800, M large): each A sliver is used for every column sliver while hot.
/// A tall A read in place against a narrow B over a deep K block meets B's slivers two at a
/// time instead (`pairedTiles`, see `gemmPairDepth`).
@inline(never)
func blockedGEMM<T: GEMMScalar>(
    _ rows: Range<Int>, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
) {
    let mr = gemmMR
    let nr = T.Panel.scalarCount
    let mcMax = min(((rows.count + mr - 1) / mr) * mr, T.blockM)
    // Few rows (one M block) and a B too large to read in place: the packed A block is small, so
    // B's block spans every column of C and is shallow instead (`gemmWideBBytes`), and B is read
    // in whole rows, once — not in `blockN`-wide strips that the prefetcher cannot follow.
    let fewRows = rows.count <= T.blockM
    let ncMax = fewRows ? n : min(n, T.blockN)
    let ncPadded = ((ncMax + nr - 1) / nr) * nr
    let kcMax = fewRows ? min(k, max(mr, gemmWideBBytes / (ncPadded * MemoryLayout<T>.stride)))
                        : gemmDepth(k, ncPadded, T.self)
    let apCount = mcMax * kcMax * T.aReplication
    let bpCount = ((ncMax + nr - 1) / nr) * nr * kcMax
    let align = 64
    let stride = MemoryLayout<T>.stride
    let raw = UnsafeMutableRawPointer.allocate(
        byteCount: (apCount + bpCount + 2 * mr * nr) * stride + 2 * align, alignment: align)
    defer { raw.deallocate() }
    let ap = raw.bindMemory(to: T.self, capacity: apCount)
    let bpRaw = raw + ((apCount * stride + align - 1) / align) * align
    let bp = bpRaw.bindMemory(to: T.self, capacity: bpCount)
    let tileRaw = bpRaw + ((bpCount * stride + align - 1) / align) * align
    let tile = tileRaw.bindMemory(to: T.self, capacity: 2 * mr * nr)
    tile.update(repeating: 0, count: 2 * mr * nr)
    // Read A in place when packing would only copy it: no replication and rows of
    // op(A) contiguous (broadcasts load straight from memory). Partial slivers at
    // the bottom edge are still packed (zero-padded).
    let directA = T.aReplication == 1 && a.cs == 1
    let pairs = T.pairsBSlivers && directA && kcMax >= gemmPairDepth && ncPadded <= gemmPairSlivers * nr

    // Read B in place when its rows are contiguous and C has so few rows that one M block holds
    // them all (the weight gradient computed transposed: 30×8000 · 8000×784): every B sliver is
    // then used by every row sliver straight after it is read, so packing B would only copy the
    // whole of it once more. The loop turns to jr → ir for that; edge slivers are still packed.
    let directB = b.cs == 1 && fewRows && k * n * MemoryLayout<T>.stride <= gemmDirectBBytes

    /// The `mr × nr` tile of C at (row `i`, column `j`) from the A sliver and B sliver given.
    @inline(__always)
    func runTile(_ i: Int, _ j: Int, _ mrr: Int, _ nrr: Int, _ kc: Int, _ load: Bool, _ direct: Bool,
              _ aSliver: UnsafePointer<T>, _ aRow: Int, _ aStep: Int, _ bSliver: UnsafePointer<T>, _ bStep: Int) {
        let cTile = c + i * ldc + j
        if mrr == mr && nrr == nr {
            if direct {
                microKernel(kc, aSliver, aRow, 1, bSliver, bStep, cTile, ldc, load, T.Panel.self)
            } else {
                microKernel(kc, aSliver, T.aReplication, mr * T.aReplication, bSliver, bStep, cTile, ldc, load, T.Panel.self)
            }
            return
        }
        // Edge tile: run the full kernel on a scratch tile.
        if load {
            for r in 0 ..< mrr {
                (tile + r * nr).update(from: cTile + r * ldc, count: nrr)
            }
        }
        microKernel(kc, aSliver, aRow, aStep, bSliver, bStep, tile, nr, load, T.Panel.self)
        for r in 0 ..< mrr {
            (cTile + r * ldc).update(from: tile + r * nr, count: nrr)
        }
    }

    var jc = 0
    while jc < n {
        let nc = min(ncMax, n - jc)
        var pc = 0
        while pc < k {
            let kc = min(kcMax, k - pc)
            // After the first K block, C holds the partial sums to continue from.
            let load = accumulate || pc > 0
            if !directB { packB(kc, nc, b.offset(pc, jc), bp, nr) }
            var ic = rows.lowerBound
            while ic < rows.upperBound {
                let mc = min(mcMax, rows.upperBound - ic)
                let fullRows = directA ? (mc / mr) * mr : 0
                if fullRows < mc {
                    packA(mc - fullRows, kc, a.offset(ic + fullRows, pc), ap, mr)
                }
                // Element (r, p) of the sliver at row `ir` is at aSliver + r*aRow + p*aStep.
                @inline(__always)
                func aSliver(_ ir: Int) -> (UnsafePointer<T>, Int, Int, Bool) {
                    if ir < fullRows { return (a.base + (ic + ir) * a.rs + pc, a.rs, 1, true) }
                    return (UnsafePointer(ap + (ir - fullRows) * kc * T.aReplication), T.aReplication, mr * T.aReplication, false)
                }
                if directB {
                    var jr = 0
                    while jr < nc {
                        let nrr = min(nr, nc - jr)
                        var bSliver = b.base + pc * b.rs + (jc + jr), bStep = b.rs
                        if nrr < nr {
                            packB(kc, nrr, b.offset(pc, jc + jr), bp, nr)
                            bSliver = UnsafePointer(bp); bStep = nr
                        }
                        var ir = 0
                        while ir < mc {
                            let (aS, aRow, aStep, direct) = aSliver(ir)
                            runTile(ic + ir, jc + jr, min(mr, mc - ir), nrr, kc, load, direct, aS, aRow, aStep, bSliver, bStep)
                            ir += mr
                        }
                        jr += nr
                    }
                } else if pairs {
                    pairedTiles(mc, fullRows, nc, kc, load, a.base + ic * a.rs + pc, a.rs, ap, bp,
                                c + ic * ldc + jc, ldc, tile)
                } else {
                    var ir = 0
                    while ir < mc {
                        let mrr = min(mr, mc - ir)
                        let (aS, aRow, aStep, direct) = aSliver(ir)
                        var jr = 0
                        while jr < nc {
                            runTile(ic + ir, jc + jr, mrr, min(nr, nc - jr), kc, load, direct, aS, aRow, aStep, bp + jr * kc, nr)
                            jr += nr
                        }
                        ir += mr
                    }
                }
                ic += mc
            }
            pc += kc
        }
        jc += nc
    }
}

/// Packs the `mc × kc` block of op(A) at `a` into slivers of `mr` rows:
/// sliver s holds, for p = 0 ..< kc, the `mr` values A[s·mr + r, p] (zero past mc),
/// each written `T.aReplication` times in a row.
@inline(__always)
func packA<T: GEMMScalar>(_ mc: Int, _ kc: Int, _ a: Operand<T>, _ dst: UnsafeMutablePointer<T>, _ mr: Int) {
    let rep = T.aReplication
    var d = dst
    @inline(__always) func put(_ d: UnsafeMutablePointer<T>, _ r: Int, _ v: T) {
        T.storeReplicated(d + r * rep, v)
    }
    if a.rs == 1 {
        // op(A) = stored Aᵀ: row p of the stored matrix holds op(A)[0 ..< mc, p]
        // contiguously. Walk p outermost so the stored matrix is read row by row
        // (streaming), scattering each row across the slivers.
        let fullSlivers = mc / mr
        let sliverStride = kc * mr * rep
        for p in 0 ..< kc {
            let src = a.base + p * a.cs
            var dp = dst + p * mr * rep
            for s in 0 ..< fullSlivers {
                let sp = src + s * mr
                put(dp, 0, sp[0]); put(dp, 1, sp[1]); put(dp, 2, sp[2])
                put(dp, 3, sp[3]); put(dp, 4, sp[4]); put(dp, 5, sp[5])
                dp += sliverStride
            }
            let rest = mc - fullSlivers * mr
            if rest > 0 {
                let sp = src + fullSlivers * mr
                for r in 0 ..< rest { put(dp, r, sp[r]) }
                for r in rest ..< mr { put(dp, r, 0) }
            }
        }
        return
    }
    var i0 = 0
    while i0 < mc {
        let rowsHere = min(mr, mc - i0)
        if a.cs == 1 && rowsHere == mr {
            // Rows of op(A) contiguous in p: read 6 streams.
            let r0 = a.base + i0 * a.rs
            let r1 = r0 + a.rs, r2 = r1 + a.rs, r3 = r2 + a.rs, r4 = r3 + a.rs, r5 = r4 + a.rs
            for p in 0 ..< kc {
                put(d, 0, r0[p]); put(d, 1, r1[p]); put(d, 2, r2[p])
                put(d, 3, r3[p]); put(d, 4, r4[p]); put(d, 5, r5[p])
                d += 6 * rep
            }
        } else {
            for p in 0 ..< kc {
                for r in 0 ..< rowsHere { put(d, r, a[i0 + r, p]) }
                for r in rowsHere ..< mr { put(d, r, 0) }
                d += mr * rep
            }
        }
        i0 += mr
    }
}

/// Packs the `kc × nc` block of op(B) at `b` into slivers of `nr` columns:
/// sliver s holds, for p = 0 ..< kc, the `nr` values B[p, s·nr + q] (zero past nc).
@inline(__always)
func packB<T: GEMMScalar>(_ kc: Int, _ nc: Int, _ b: Operand<T>, _ dst: UnsafeMutablePointer<T>, _ nr: Int) {
    if b.cs == 1 && nc >= nr {
        // Rows of op(B) contiguous: read them in order (one stream the prefetcher follows),
        // each row's NR-wide pieces going to their slivers; a partial last sliver below.
        let full = nc / nr
        var src = b.base
        for p in 0 ..< kc {
            var d = dst + p * nr
            for s in 0 ..< full {
                UnsafeMutableRawPointer(d).storeBytes(
                    of: UnsafeRawPointer(src + s * nr).loadUnaligned(as: T.Panel.self), as: T.Panel.self)
                d += kc * nr
            }
            src += b.rs
        }
        if full * nr < nc {
            packB(kc, nc - full * nr, b.offset(0, full * nr), dst + full * kc * nr, nr)
        }
        return
    }
    var d = dst
    var j0 = 0
    while j0 < nc {
        let colsHere = min(nr, nc - j0)
        if b.cs == 1 {
            var src = b.base + j0
            if colsHere == nr {
                for _ in 0 ..< kc {
                    UnsafeMutableRawPointer(d).storeBytes(
                        of: UnsafeRawPointer(src).loadUnaligned(as: T.Panel.self), as: T.Panel.self)
                    d += nr
                    src += b.rs
                }
            } else {
                for _ in 0 ..< kc {
                    d.update(from: src, count: colsHere)
                    (d + colsHere).update(repeating: 0, count: nr - colsHere)
                    d += nr
                    src += b.rs
                }
            }
        } else {
            // op(B) = stored Bᵀ: walk each column of op(B) (a stored row) contiguously.
            for q in 0 ..< colsHere {
                let src = b.base + (j0 + q) * b.cs
                var dq = d + q
                for p in 0 ..< kc {
                    dq.pointee = src[p * b.rs]
                    dq += nr
                }
            }
            if colsHere < nr {
                for p in 0 ..< kc { (d + p * nr + colsHere).update(repeating: 0, count: nr - colsHere) }
            }
            d += kc * nr
        }
        j0 += nr
    }
}

/// The 6 × NR register tile: `C[r, :] = (load ? C[r, :] : 0) + Σ_p A[r, p] * B[p, :]`,
/// p ascending, one rounded multiply and one rounded add per term. A[r, p] is
/// read (as `T.broadcastA`) at `a + r*aRow + p*aStep` — a packed sliver (6 values
/// per p, each replicated `T.aReplication` times) or op(A) itself; B[p, :] at
/// `b + p*bStep` — a packed B sliver (`bStep` = NR) or op(B)'s rows in place.
@inline(__always)
func microKernel<T: GEMMScalar>(
    _ kc: Int, _ a: UnsafePointer<T>, _ aRow: Int, _ aStep: Int, _ b: UnsafePointer<T>, _ bStep: Int,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ load: Bool, _: T.Panel.Type
) {
    typealias V = T.Panel
    let rep = aRow
    var c0: V, c1: V, c2: V, c3: V, c4: V, c5: V
    if load {
        c0 = UnsafeRawPointer(c).loadUnaligned(as: V.self)
        c1 = UnsafeRawPointer(c + ldc).loadUnaligned(as: V.self)
        c2 = UnsafeRawPointer(c + 2 * ldc).loadUnaligned(as: V.self)
        c3 = UnsafeRawPointer(c + 3 * ldc).loadUnaligned(as: V.self)
        c4 = UnsafeRawPointer(c + 4 * ldc).loadUnaligned(as: V.self)
        c5 = UnsafeRawPointer(c + 5 * ldc).loadUnaligned(as: V.self)
    } else {
        c0 = V(); c1 = V(); c2 = V(); c3 = V(); c4 = V(); c5 = V()
    }
    var pa = a, pb = b
    for _ in 0 ..< kc {
        let bv = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
        c0 = c0 + T.broadcastA(pa) * bv
        c1 = c1 + T.broadcastA(pa + rep) * bv
        c2 = c2 + T.broadcastA(pa + 2 * rep) * bv
        c3 = c3 + T.broadcastA(pa + 3 * rep) * bv
        c4 = c4 + T.broadcastA(pa + 4 * rep) * bv
        c5 = c5 + T.broadcastA(pa + 5 * rep) * bv
        pa += aStep
        pb += bStep
    }
    UnsafeMutableRawPointer(c).storeBytes(of: c0, as: V.self)
    UnsafeMutableRawPointer(c + ldc).storeBytes(of: c1, as: V.self)
    UnsafeMutableRawPointer(c + 2 * ldc).storeBytes(of: c2, as: V.self)
    UnsafeMutableRawPointer(c + 3 * ldc).storeBytes(of: c3, as: V.self)
    UnsafeMutableRawPointer(c + 4 * ldc).storeBytes(of: c4, as: V.self)
    UnsafeMutableRawPointer(c + 5 * ldc).storeBytes(of: c5, as: V.self)
}

/// An M block of C (`mc` rows from `c`, `nc` columns) whose B slivers go two at a time through
/// `microKernelPair` (a last lone sliver through `microKernel`). The block's first `fullRows`
/// rows of A are read in place (row stride `lda` from `a`), the rest from the packed slivers at
/// `ap`; B's slivers are packed at `bp`. Edge tiles run on `scratch` (6 × 2NR). Kept out of
/// `blockedGEMM` so that its per-tile loop keeps its registers (with this loop beside it,
/// 6760×9 · 9×16 ran 40 % slower).
@inline(never)
func pairedTiles<T: GEMMScalar>(
    _ mc: Int, _ fullRows: Int, _ nc: Int, _ kc: Int, _ load: Bool,
    _ a: UnsafePointer<T>, _ lda: Int, _ ap: UnsafePointer<T>, _ bp: UnsafePointer<T>,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ scratch: UnsafeMutablePointer<T>
) {
    let mr = gemmMR, nr = T.Panel.scalarCount, w = 2 * nr
    let tallBand = T.tallBand
    let tallEnd = tallBand == nil ? 0 : gemmTallEnd(fullRows)
    var ir = 0
    while ir < mc {
        if ir < tallEnd, let tallBand {
            // 8 rows read in place at once (GEMMTallTiles.swift).
            tallBand(nc, kc, load, a + ir * lda, lda, bp, c + ir * ldc, ldc)
            ir += gemmTallRows
            continue
        }
        let mrr = min(mr, mc - ir)
        // Element (r, p) of the A sliver is at aS + r*aRow + p*aStep.
        let (aS, aRow, aStep) = ir < fullRows
            ? (a + ir * lda, lda, 1)
            : (ap + (ir - fullRows) * kc * T.aReplication, T.aReplication, mr * T.aReplication)
        let cRow = c + ir * ldc
        var jr = 0
        while jr < nc {
            let cols = min(nc - jr, w)
            let b0 = bp + jr * kc, cTile = cRow + jr
            let full = mrr == mr && cols == (cols > nr ? w : nr)
            let (out, ldo) = full ? (cTile, ldc) : (scratch, w)
            if !full && load {
                for r in 0 ..< mrr { (scratch + r * w).update(from: cTile + r * ldc, count: cols) }
            }
            if cols > nr {
                microKernelPair(kc, aS, aS, aRow, aStep, b0, b0 + kc * nr, nr, out, ldo, load)
            } else {
                microKernel(kc, aS, aRow, aStep, b0, nr, out, ldo, load, T.Panel.self)
            }
            if !full {
                for r in 0 ..< mrr { (cTile + r * ldc).update(from: scratch + r * w, count: cols) }
            }
            jr += w
        }
        ir += mr
    }
}

/// The 6 × 2NR register tile: `microKernel` over two B slivers (`b0`, `b1`, each read at
/// `+ p*bStep`) with each A value broadcast once per sliver. `a` and `aAgain` are the same
/// sliver: read through two pointers, the two broadcasts of a value stay two loads folded into
/// the multiplies (Zen 4's `vmulps zmm, zmm, m32{1to16}`) instead of one explicit broadcast
/// shared by both — a shuffle on the FP pipes that made this tile ~30% slower than the 6 × NR one.
/// Not inlined, so the optimizer cannot see the two pointers are equal.
@inline(never)
func microKernelPair<T: GEMMScalar>(
    _ kc: Int, _ a: UnsafePointer<T>, _ aAgain: UnsafePointer<T>, _ aRow: Int, _ aStep: Int,
    _ b0: UnsafePointer<T>, _ b1: UnsafePointer<T>, _ bStep: Int,
    _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ load: Bool
) {
    typealias V = T.Panel
    let w = V.scalarCount
    @inline(__always) func get(_ p: UnsafeMutablePointer<T>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) func put(_ p: UnsafeMutablePointer<T>, _ v: V) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
    var d0 = V(), d1 = V(), d2 = V(), d3 = V(), d4 = V(), d5 = V()
    if load {
        c0 = get(c); c1 = get(c + ldc); c2 = get(c + 2 * ldc)
        c3 = get(c + 3 * ldc); c4 = get(c + 4 * ldc); c5 = get(c + 5 * ldc)
        d0 = get(c + w); d1 = get(c + ldc + w); d2 = get(c + 2 * ldc + w)
        d3 = get(c + 3 * ldc + w); d4 = get(c + 4 * ldc + w); d5 = get(c + 5 * ldc + w)
    }
    let r = aRow
    var pa = a, qa = aAgain, pb = b0, qb = b1
    for _ in 0 ..< kc {
        let u = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
        let v = UnsafeRawPointer(qb).loadUnaligned(as: V.self)
        c0 = c0 + T.broadcastA(pa) * u;         d0 = d0 + T.broadcastA(qa) * v
        c1 = c1 + T.broadcastA(pa + r) * u;     d1 = d1 + T.broadcastA(qa + r) * v
        c2 = c2 + T.broadcastA(pa + 2 * r) * u; d2 = d2 + T.broadcastA(qa + 2 * r) * v
        c3 = c3 + T.broadcastA(pa + 3 * r) * u; d3 = d3 + T.broadcastA(qa + 3 * r) * v
        c4 = c4 + T.broadcastA(pa + 4 * r) * u; d4 = d4 + T.broadcastA(qa + 4 * r) * v
        c5 = c5 + T.broadcastA(pa + 5 * r) * u; d5 = d5 + T.broadcastA(qa + 5 * r) * v
        pa += aStep; qa += aStep
        pb += bStep; qb += bStep
    }
    put(c, c0); put(c + ldc, c1); put(c + 2 * ldc, c2)
    put(c + 3 * ldc, c3); put(c + 4 * ldc, c4); put(c + 5 * ldc, c5)
    put(c + w, d0); put(c + ldc + w, d1); put(c + 2 * ldc + w, d2)
    put(c + 3 * ldc + w, d3); put(c + 4 * ldc + w, d4); put(c + 5 * ldc + w, d5)
}
