// Tall products with only a few columns: the MNIST output layer's H·W2 (8000×30 · 30×10).
// The blocked kernel's lanes run along C's row, so a 10-wide C fills 10 of a register's 16
// lanes. Here a 256-bit register holds one column of C for eight rows (lane r is C[r, j]),
// so every lane is an output: per step p, the eight rows' A values A[0 ..< 8, p] meet
// B[p, j] broadcast into the multiply from memory (an embedded broadcast, no shuffle).
// A's values for eight rows at one p are a column of an 8 × 8 block of A, so each block of
// eight steps starts with that block transposed in registers; C's columns go back to rows
// through 4-wide register transposes and masked stores.
//
// Why 256-bit registers on an AVX-512 machine (measured on this project's Zen 4, register-only
// loops): independent 512-bit multiply–add pairs run at ~1.15 cycles each, 256-bit pairs at
// 0.5 (the full two multiplies and two adds per cycle); a broadcast or shuffle into a register
// costs a vector slot, a broadcast folded into the multiply costs only its load; vector loads
// issue two per cycle. Per eight steps of an 8-row block that is 160 vector operations plus 24
// shuffles against 88 loads, so the loop is bound by both at ~46 cycles (it runs at ~56).
// 8000×30 · 30×10: 65 µs on one core, 33 µs on two (~60 % of the 2-core peak); it was 82 and
// 44 µs with two columns of 16 lanes per register (A transposed into a buffer, B packed, C
// through a scratch tile).
//
// Every element is still `s = s + a·b` over ascending p, the multiply and the add each rounded
// (one lane per element), and threads split whole 8-row blocks, so the result is GEMM's
// contract (GEMM.swift's header), bit for bit. Float only.

// Built only for AVX-512 (`-D NNSPEC_AVX512`, the znver4 build): the embedded broadcasts, the
// 32 registers the sums and a transposed block take, and the masked stores are AVX-512's.
// Other builds take the blocked path, with the same bits.
#if NNSPEC_AVX512
import _Builtin_intrinsics.intel

/// Widest C (columns) the narrow path takes: twelve column sums beside a transposed 8 × 8 block
/// of A and its temporaries fill the 32 registers. A 16-wide C already fills the blocked
/// kernel's lanes.
let gemmNarrowMaxColumns = 12

/// Rows of C in one register block (a 256-bit register's lanes), and the steps of A transposed at once.
let gemmNarrowRows = 8

/// Whether `C = op(A)·op(B)` goes to `narrowGEMM`: Float, op(A)'s rows and op(B)'s rows
/// contiguous (A read in 8 × 8 blocks), C narrow, at least one 8-deep block of A and two 8-row
/// blocks. Small products never get here (`gemmSmallWork` comes first: the tiny nets' products
/// keep their unpacked path).
@inline(__always)
func gemmPrefersNarrow<T>(_ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>) -> Bool {
    T.self == Float.self && a.cs == 1 && b.cs == 1 && n <= gemmNarrowMaxColumns
        && k >= gemmNarrowRows && m >= 2 * gemmNarrowRows
}

/// `C (=|+=) op(A)·op(B)` for Float with `gemmPrefersNarrow`: whole 8-row blocks here, split
/// between threads; the last `m % 8` rows through `smallGEMM`.
func narrowGEMM(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Float>, _ b: Operand<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
) {
    let blocks = m / gemmNarrowRows
    let parts = min(blocks, gemmThreads(work: m * n * k, threads))
    if parts <= 1 {
        narrowBlocks(0 ..< blocks, n, k, a, b, c, ldc, accumulate)
    } else {
        let shared = UnsafeSendable((a, b, c))
        WorkerPool.run(parts: parts) { s in
            let (a, b, c) = shared.value
            narrowBlocks(s * blocks / parts ..< (s + 1) * blocks / parts, n, k, a, b, c, ldc, accumulate)
        }
    }
    let done = blocks * gemmNarrowRows
    if done < m { smallGEMM(done ..< m, n, k, a, b, c, ldc, accumulate) }
}

/// C's column count, as a type, so each specialization keeps exactly its sums.
protocol NarrowWidth { static var count: Int { get } }
enum NarrowColumns<let n: Int>: NarrowWidth { static var count: Int { n } }

/// 8-row blocks `blocks` of C.
@inline(never)
func narrowBlocks(
    _ blocks: Range<Int>, _ n: Int, _ k: Int, _ a: Operand<Float>, _ b: Operand<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool
) {
    @inline(__always) func run<W: NarrowWidth>(_: W.Type) {
        let i = blocks.lowerBound * gemmNarrowRows
        narrowKernel(blocks.count, k, a.base + i * a.rs, a.rs, b.base, b.rs, c + i * ldc, ldc, accumulate, W.self)
    }
    switch n {
    case 1: run(NarrowColumns<1>.self)
    case 2: run(NarrowColumns<2>.self)
    case 3: run(NarrowColumns<3>.self)
    case 4: run(NarrowColumns<4>.self)
    case 5: run(NarrowColumns<5>.self)
    case 6: run(NarrowColumns<6>.self)
    case 7: run(NarrowColumns<7>.self)
    case 8: run(NarrowColumns<8>.self)
    case 9: run(NarrowColumns<9>.self)
    case 10: run(NarrowColumns<10>.self)
    case 11: run(NarrowColumns<11>.self)
    case 12: run(NarrowColumns<12>.self)
    default: numericsRequire(false, "narrowGEMM: \(n) columns, at most \(gemmNarrowMaxColumns)")
    }
}

/// The 8 × 8 block at `a` (row stride `lda`) transposed: vector j holds a[0 ..< 8, j]. In
/// registers: `unpcklps`/`unpckhps` pair rows 2i and 2i + 1, `unpcklpd`/`unpckhpd` then make v_j
/// hold a[0 ..< 4, j] | a[0 ..< 4, 4 + j] (v_(4+j) the same for rows 4 ..< 8), and the 128-bit
/// halves of v_j and v_(4+j) make columns j and 4 + j.
@inline(__always)
func transposed8x8(_ a: UnsafePointer<Float>, _ lda: Int) -> NarrowTransposed {
    @inline(__always) func row(_ r: Int) -> __m256 { UnsafeRawPointer(a + r * lda).loadUnaligned(as: SIMD8<Float>.self) }
    let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6), r7 = row(7)
    let (v0, v1, v2, v3) = transposed4x4Pairs(r0, r1, r2, r3)
    let (v4, v5, v6, v7) = transposed4x4Pairs(r4, r5, r6, r7)
    return (SIMD8(lowHalf: v0.lowHalf, highHalf: v4.lowHalf), SIMD8(lowHalf: v1.lowHalf, highHalf: v5.lowHalf),
            SIMD8(lowHalf: v2.lowHalf, highHalf: v6.lowHalf), SIMD8(lowHalf: v3.lowHalf, highHalf: v7.lowHalf),
            SIMD8(lowHalf: v0.highHalf, highHalf: v4.highHalf), SIMD8(lowHalf: v1.highHalf, highHalf: v5.highHalf),
            SIMD8(lowHalf: v2.highHalf, highHalf: v6.highHalf), SIMD8(lowHalf: v3.highHalf, highHalf: v7.highHalf))
}

/// Four rows x0 ..< x4 transposed within each 128-bit half: vector j holds x[0 ..< 4][j] in
/// its low half and x[0 ..< 4][4 + j] in its high half (eight shuffles).
@inline(__always)
func transposed4x4Pairs(_ x0: __m256, _ x1: __m256, _ x2: __m256, _ x3: __m256) -> (__m256, __m256, __m256, __m256) {
    @inline(__always) func lo(_ x: __m256, _ y: __m256) -> __m256 {
        _mm256_castpd_ps(_mm256_unpacklo_pd(_mm256_castps_pd(x), _mm256_castps_pd(y)))
    }
    @inline(__always) func hi(_ x: __m256, _ y: __m256) -> __m256 {
        _mm256_castpd_ps(_mm256_unpackhi_pd(_mm256_castps_pd(x), _mm256_castps_pd(y)))
    }
    let u0 = _mm256_unpacklo_ps(x0, x1), u1 = _mm256_unpackhi_ps(x0, x1)
    let u2 = _mm256_unpacklo_ps(x2, x3), u3 = _mm256_unpackhi_ps(x2, x3)
    return (lo(u0, u2), hi(u0, u2), lo(u1, u3), hi(u1, u3))
}

/// The sums of an 8-row block of C: `s_j` holds C[0 ..< 8, j] (j < `W.count`; the rest stay zero).
struct NarrowSums<W: NarrowWidth> {
    typealias V = SIMD8<Float>
    var s0 = V(), s1 = V(), s2 = V(), s3 = V(), s4 = V(), s5 = V()
    var s6 = V(), s7 = V(), s8 = V(), s9 = V(), s10 = V(), s11 = V()

    /// Column j's sums replaced by `f(j, s_j)`, for every column j < `W.count`.
    @inline(__always) mutating func update(_ f: (Int, V) -> V) {
        let n = W.count
        if n > 0 { s0 = f(0, s0) }
        if n > 1 { s1 = f(1, s1) }
        if n > 2 { s2 = f(2, s2) }
        if n > 3 { s3 = f(3, s3) }
        if n > 4 { s4 = f(4, s4) }
        if n > 5 { s5 = f(5, s5) }
        if n > 6 { s6 = f(6, s6) }
        if n > 7 { s7 = f(7, s7) }
        if n > 8 { s8 = f(8, s8) }
        if n > 9 { s9 = f(9, s9) }
        if n > 10 { s10 = f(10, s10) }
        if n > 11 { s11 = f(11, s11) }
    }

    /// One step p: column j's sums plus `t`·B[p, j] (`t` = A[0 ..< 8, p], `row` = B's row p),
    /// each B[p, j] broadcast into its multiply.
    @inline(__always) mutating func add(_ t: V, _ row: UnsafePointer<Float>) {
        update { j, s in s + t * V(repeating: row[j]) }
    }

    /// Column j's sums.
    @inline(__always) func column(_ j: Int) -> V {
        switch j {
        case 0: s0
        case 1: s1
        case 2: s2
        case 3: s3
        case 4: s4
        case 5: s5
        case 6: s6
        case 7: s7
        case 8: s8
        case 9: s9
        case 10: s10
        default: s11
        }
    }

    /// Sums starting from C's values (8 rows at `c`, row stride `ldc`).
    @inline(__always) mutating func load(_ c: UnsafePointer<Float>, _ ldc: Int) {
        update { j, _ in
            V(c[j], c[ldc + j], c[2 * ldc + j], c[3 * ldc + j], c[4 * ldc + j], c[5 * ldc + j], c[6 * ldc + j], c[7 * ldc + j])
        }
    }

    /// The sums into C's 8 rows at `c` (row stride `ldc`), four columns at a time: the four
    /// columns transposed within 128-bit halves (row r's four values in the low half, row
    /// r + 4's in the high half), each half stored masked to the columns that exist.
    @inline(__always) func store(_ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        let n = W.count
        var j = 0
        while j < n {
            let w = min(4, n - j)
            let (v0, v1, v2, v3) = transposed4x4Pairs(column(j), column(j + 1), column(j + 2), column(j + 3))
            let low = UInt8(truncatingIfNeeded: (1 << w) - 1), high = low << 4
            @inline(__always) func put(_ r: Int, _ v: __m256) {
                if w == 4 {
                    UnsafeMutableRawPointer(c + r * ldc + j).storeBytes(of: v.lowHalf, as: SIMD4<Float>.self)
                } else {
                    _mm256_mask_storeu_ps(c + r * ldc + j, low, v)
                }
                // Lanes 4 ..< 4 + w land at row r + 4's columns j ..< j + w.
                _mm256_mask_storeu_ps(c + (r + 4) * ldc + j - 4, high, v)
            }
            put(0, v0); put(1, v1); put(2, v2); put(3, v3)
            j += 4
        }
    }
}

/// `count` 8 × `W.count` blocks of C from `c` on: `C[r, j] = (accumulate ? C[r, j] : 0) + Σ_p A[r, p]·B[p, j]`,
/// p ascending, A's rows at `a` (row stride `lda`), B's rows at `b` (row stride `ldb`). Each
/// 8-step block of A is transposed in registers; a last k % 8 steps come from the block ending
/// at step k (its first columns, already summed, are skipped).
@inline(never)
func narrowKernel<W: NarrowWidth>(
    _ count: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _: W.Type
) {
    var block = transposed8x8(a, lda)
    for rows in 0 ..< count {
        let i = rows * gemmNarrowRows
        narrowBlock(k, a + i * lda, lda, b, ldb, c + i * ldc, ldc, accumulate, &block, next: rows + 1 < count, W.self)
    }
}

/// Eight 8-lane vectors: an 8 × 8 block of A transposed (vector j holds the block's column j).
typealias NarrowTransposed = (
    SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
)

/// One 8-row block of `narrowKernel`. Steps go eight at a time, A's 8 × 8 block at the
/// first of them transposed in registers (one block ahead); the last block of steps ends at step k, so when k
/// is not a multiple of 8 it overlaps the one before and its first `first` steps, already
/// summed, are skipped. The guard on each step also keeps the steps in order: unrolled
/// without it, the compiler grouped each column's eight adds into one chain, and the chains
/// ran one after another (75 rather than ~45 cycles per eight steps on Zen 4).
@inline(__always)
func narrowBlock<W: NarrowWidth>(
    _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ block: inout NarrowTransposed, next: Bool, _: W.Type
) {
    var sums = NarrowSums<W>()
    if accumulate { sums.load(c, ldc) }
    var p = 0, p0 = 0
    while p < k {
        let t = block, first = p - p0, row = b + p0 * ldb
        // The next block of A (the next 8 rows' first one after the last) is transposed before
        // these steps, so its loads and shuffles overlap them (after them, the steps waited for
        // it: 70 rather than 67 µs).
        let p0Next = min(p0 + gemmNarrowRows, k - gemmNarrowRows)
        if p0 + gemmNarrowRows < k {
            block = transposed8x8(a + p0Next, lda)
        } else if next {
            block = transposed8x8(a + gemmNarrowRows * lda, lda)
        }
        if first <= 0 { sums.add(t.0, row) }
        if first <= 1 { sums.add(t.1, row + ldb) }
        if first <= 2 { sums.add(t.2, row + 2 * ldb) }
        if first <= 3 { sums.add(t.3, row + 3 * ldb) }
        if first <= 4 { sums.add(t.4, row + 4 * ldb) }
        if first <= 5 { sums.add(t.5, row + 5 * ldb) }
        if first <= 6 { sums.add(t.6, row + 6 * ldb) }
        sums.add(t.7, row + 7 * ldb)
        p = p0 + gemmNarrowRows
        p0 = p0Next
    }
    sums.store(c, ldc)
}
#endif
