// Tall products with only a few columns: the MNIST output layer's H·W2 (8000×30 · 30×10).
// The blocked kernel's lanes run along C's row, so a 10-wide C fills 10 of a register's 16
// lanes; here a register holds two columns of C for eight rows instead — lanes 0 ..< 8 are
// C[0 ..< 8, 2q], lanes 8 ..< 16 are C[0 ..< 8, 2q + 1] — so every lane is an output. Per step p,
// the eight rows' A values (A[0 ..< 8, p], in both halves) meet B[p, 2q] eight times then
// B[p, 2q + 1] eight times, from a copy of B packed that way (a few KB, once per product).
// A's values for eight rows at one p are a column of an 8 × 8 block of A: each block's rows are
// transposed in registers into a small per-block buffer; C's rows come back through the same
// transpose. Two 8-row blocks share each of B's vectors.
//
// 8000×30 · 30×10 on one Zen 4 core: 135 µs blocked (6 × 16 tiles with 10 useful lanes, each
// tile stored through a scratch tile), 80 µs here — ~68 % in the multiply loop (~12.8 cycles
// per p against 10 for its 10 multiplies), ~20 % transposing A, the rest storing C.
//
// Every element is still `s = s + a·b` over ascending p, the multiply and the add each rounded
// (one lane per element), and threads split whole 8-row blocks, so the result is GEMM's
// contract (GEMM.swift's header), bit for bit. Float only: AVX-512's 16 lanes are what the
// layout fills.

// Built only for AVX-512 (`-D NNSPEC_AVX512`, the znver4 build): the layout fills 16 lanes, and
// its shuffles are AVX-512's. Other builds take the blocked path, with the same bits.
#if NNSPEC_AVX512
import _Builtin_intrinsics.intel

/// Widest C (columns) the narrow path takes: at most six column pairs, so twelve accumulators
/// for two blocks. A 16-wide C already fills the blocked kernel's lanes.
let gemmNarrowMaxColumns = 12

/// Rows of C in one register block.
let gemmNarrowRows = 8

/// Whether `C = op(A)·op(B)` goes to `narrowGEMM`: Float, op(A)'s rows and op(B)'s rows
/// contiguous (A read in 8 × 8 blocks), C narrow, at least one 8-deep block of A and two 8-row
/// blocks, packed B within `gemmNarrowPackedBBytes`. Small products never get here
/// (`gemmSmallWork` comes first: the tiny nets' products keep their unpacked path).
@inline(__always)
func gemmPrefersNarrow<T>(_ m: Int, _ n: Int, _ k: Int, _ a: Operand<T>, _ b: Operand<T>) -> Bool {
    T.self == Float.self && a.cs == 1 && b.cs == 1 && n <= gemmNarrowMaxColumns
        && k >= gemmNarrowRows && m >= 2 * gemmNarrowRows
        && narrowPackedBCount(k, n) * MemoryLayout<Float>.stride <= gemmNarrowPackedBBytes
}

/// `C (=|+=) op(A)·op(B)` for Float with `gemmPrefersNarrow`: whole 8-row blocks here, split
/// between threads; the last `m % 8` rows through `smallGEMM`.
func narrowGEMM(
    _ m: Int, _ n: Int, _ k: Int, _ a: Operand<Float>, _ b: Operand<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ threads: Int?
) {
    let blocks = m / gemmNarrowRows
    let parts = min(blocks, gemmThreads(work: m * n * k, threads))
    withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: narrowPackedBCount(k, n) / 16) { buffer in
        let bp = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: Float.self)
        packNarrowB(k, n, b, bp)
        if parts <= 1 {
            narrowBlocks(0 ..< blocks, n, k, a, bp, c, ldc, accumulate)
        } else {
            let shared = UnsafeSendable((a, UnsafePointer(bp), c))
            WorkerPool.run(parts: parts) { s in
                let (a, bp, c) = shared.value
                narrowBlocks(s * blocks / parts ..< (s + 1) * blocks / parts, n, k, a, bp, c, ldc, accumulate)
            }
        }
    }
    let done = blocks * gemmNarrowRows
    if done < m { smallGEMM(done ..< m, n, k, a, b, c, ldc, accumulate) }
}

/// C's column count, as a type, so each specialization keeps exactly its accumulators.
protocol NarrowWidth { static var count: Int { get } }
enum NarrowColumns<let n: Int>: NarrowWidth { static var count: Int { n } }

/// 8-row blocks `blocks` of C.
@inline(never)
func narrowBlocks(
    _ blocks: Range<Int>, _ n: Int, _ k: Int, _ a: Operand<Float>, _ bp: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool
) {
    @inline(__always) func run<W: NarrowWidth>(_: W.Type) {
        // Two blocks' packed A (k 8-lane vectors each), then the registers' scratch.
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: k + gemmNarrowMaxColumns) { buffer in
            let ap = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: SIMD8<Float>.self)
            var block = blocks.lowerBound
            while block < blocks.upperBound {
                // A lone last block is computed twice over, into the same place, with the same bits.
                let next = block + 1 < blocks.upperBound ? block + 1 : block
                let i = block * gemmNarrowRows, i2 = next * gemmNarrowRows
                packNarrowA(k, a.base + i * a.rs, a.rs, ap)
                packNarrowA(k, a.base + i2 * a.rs, a.rs, ap + k)
                narrowKernel(k, ap, bp, c + i * ldc, c + i2 * ldc, ldc, accumulate, buffer.baseAddress! + k, W.self)
                block += 2
            }
        }
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

/// Bytes of op(B) packed as `narrowKernel` reads it (16 lanes per column pair per p) that the
/// narrow path accepts: it stays in L1 beside A's rows (30 × 5 pairs for H·W2: 9.6 KB).
let gemmNarrowPackedBBytes = 24 * 1024

/// Floats in op(B) packed by `packNarrowB`: 16 per column pair per p.
@inline(__always)
func narrowPackedBCount(_ k: Int, _ n: Int) -> Int { k * ((n + 1) / 2) * 16 }

/// op(B) (k × n) as `narrowKernel` reads it: for each p, for each column pair q, B[p, 2q] eight
/// times then B[p, 2q + 1] eight times (B[p, 2q] sixteen times for an odd n's last column).
func packNarrowB(_ k: Int, _ n: Int, _ b: Operand<Float>, _ dst: UnsafeMutablePointer<Float>) {
    let pairs = (n + 1) / 2
    for p in 0 ..< k {
        for q in 0 ..< pairs {
            let d = dst + (p * pairs + q) * 16
            let x = b[p, 2 * q], y = 2 * q + 1 < n ? b[p, 2 * q + 1] : x
            for r in 0 ..< 8 { d[r] = x; d[8 + r] = y }
        }
    }
}

/// The 8 × 8 block at `a` (row stride `lda`) transposed: vector j holds a[0 ..< 8, j]. In
/// registers: `unpcklps`/`unpckhps` pair rows 2i and 2i + 1, `unpcklpd`/`unpckhpd` then make v_j
/// hold a[0 ..< 4, j] | a[0 ..< 4, 4 + j] (v_(4+j) the same for rows 4 ..< 8), and the 128-bit
/// halves of v_j and v_(4+j) make columns j and 4 + j.
@inline(__always)
func transposed8x8(_ a: UnsafePointer<Float>, _ lda: Int) -> (
    SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
) {
    @inline(__always) func lo(_ x: __m256, _ y: __m256) -> __m256 {
        _mm256_castpd_ps(_mm256_unpacklo_pd(_mm256_castps_pd(x), _mm256_castps_pd(y)))
    }
    @inline(__always) func hi(_ x: __m256, _ y: __m256) -> __m256 {
        _mm256_castpd_ps(_mm256_unpackhi_pd(_mm256_castps_pd(x), _mm256_castps_pd(y)))
    }
    @inline(__always) func row(_ r: Int) -> __m256 { UnsafeRawPointer(a + r * lda).loadUnaligned(as: SIMD8<Float>.self) }
    let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6), r7 = row(7)
    let u0 = _mm256_unpacklo_ps(r0, r1), u1 = _mm256_unpackhi_ps(r0, r1)
    let u2 = _mm256_unpacklo_ps(r2, r3), u3 = _mm256_unpackhi_ps(r2, r3)
    let u4 = _mm256_unpacklo_ps(r4, r5), u5 = _mm256_unpackhi_ps(r4, r5)
    let u6 = _mm256_unpacklo_ps(r6, r7), u7 = _mm256_unpackhi_ps(r6, r7)
    let v0 = lo(u0, u2), v1 = hi(u0, u2), v2 = lo(u1, u3), v3 = hi(u1, u3)
    let v4 = lo(u4, u6), v5 = hi(u4, u6), v6 = lo(u5, u7), v7 = hi(u5, u7)
    return (SIMD8(lowHalf: v0.lowHalf, highHalf: v4.lowHalf), SIMD8(lowHalf: v1.lowHalf, highHalf: v5.lowHalf),
            SIMD8(lowHalf: v2.lowHalf, highHalf: v6.lowHalf), SIMD8(lowHalf: v3.lowHalf, highHalf: v7.lowHalf),
            SIMD8(lowHalf: v0.highHalf, highHalf: v4.highHalf), SIMD8(lowHalf: v1.highHalf, highHalf: v5.highHalf),
            SIMD8(lowHalf: v2.highHalf, highHalf: v6.highHalf), SIMD8(lowHalf: v3.highHalf, highHalf: v7.highHalf))
}

/// A's eight rows from `a` (row stride `lda`), k columns, as `narrowKernel` reads them: for each p,
/// A[0 ..< 8, p] in the vector at `dst + p`, 8 × 8 blocks transposed in registers. A last k % 8
/// columns come from the block ending at column k (its first columns are written again, the
/// same). Kept apart from the kernel: inlined there, the optimizer mixed the two into scalar pieces.
@inline(never)
func packNarrowA(_ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ dst: UnsafeMutablePointer<SIMD8<Float>>) {
    @inline(__always) func block(_ p0: Int) {
        let t = transposed8x8(a + p0, lda), d = dst + p0
        d[0] = t.0; d[1] = t.1; d[2] = t.2; d[3] = t.3; d[4] = t.4; d[5] = t.5; d[6] = t.6; d[7] = t.7
    }
    var p = 0
    while p + 8 <= k {
        block(p)
        p += 8
    }
    if p < k { block(k - 8) }
}

/// Two 8 × `W.count` blocks of C, at `c` and `d` (the same block twice for a lone last one):
/// `C[r, j] = (accumulate ? C[r, j] : 0) + Σ_p A[r, p]·B[p, j]`, p ascending, their A packed by
/// `packNarrowA` at `ap` and `ap + k`, B packed by `packNarrowB` at `b`. Register q of a block
/// holds columns 2q (lanes 0 ..< 8) and 2q + 1 (lanes 8 ..< 16; an odd last column twice); each of B's vectors serves both blocks
/// (one per block, 8000×30 · 30×10 ran 1.4× slower: the loads of B, not the multiplies, set the
/// pace). `scratch` (12 vectors) holds the registers on their way to and from C.
@inline(never)
func narrowKernel<W: NarrowWidth>(
    _ k: Int, _ ap: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool,
    _ scratch: UnsafeMutablePointer<SIMD16<Float>>, _: W.Type
) {
    typealias V = SIMD16<Float>
    let n = W.count, pairs = (n + 1) / 2
    // C[r, j] of block h is lane r (j even) or 8 + r (j odd) of its register j / 2, in the scratch:
    // float (h·6·16 + 8·j + r).
    let tile = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self)
    @inline(__always) func lane(_ h: Int, _ r: Int, _ j: Int) -> Int { (h * 6 + j / 2) * 16 + (j % 2) * 8 + r }
    @inline(__always) func load(_ c: UnsafeMutablePointer<Float>, _ h: Int) {
        for r in 0 ..< gemmNarrowRows { for j in 0 ..< n { tile[lane(h, r, j)] = c[r * ldc + j] } }
    }
    // The scratch of block h is Cᵀ (column j's eight rows at 8·j): its first eight columns go
    // back to C transposed in registers, a row at a time, the rest one by one.
    @inline(__always) func store(_ c: UnsafeMutablePointer<Float>, _ h: Int) {
        if n >= 8 {
            let t = transposed8x8(tile + lane(h, 0, 0), 8)
            @inline(__always) func put(_ r: Int, _ v: SIMD8<Float>) {
                UnsafeMutableRawPointer(c + r * ldc).storeBytes(of: v, as: SIMD8<Float>.self)
            }
            put(0, t.0); put(1, t.1); put(2, t.2); put(3, t.3); put(4, t.4); put(5, t.5); put(6, t.6); put(7, t.7)
        }
        for r in 0 ..< gemmNarrowRows {
            for j in (n >= 8 ? 8 : 0) ..< n { c[r * ldc + j] = tile[lane(h, r, j)] }
        }
    }
    if accumulate { load(c, 0); load(d, 1) }
    @inline(__always) func start(_ q: Int) -> V { accumulate && q % 6 < pairs ? scratch[q] : V() }
    var c0 = start(0), c1 = start(1), c2 = start(2), c3 = start(3), c4 = start(4), c5 = start(5)
    var d0 = start(6), d1 = start(7), d2 = start(8), d3 = start(9), d4 = start(10), d5 = start(11)
    var pb = b
    for p in 0 ..< k {
        let g = V(lowHalf: ap[p], highHalf: ap[p]), h = V(lowHalf: ap[k + p], highHalf: ap[k + p])
        @inline(__always) func bPair(_ q: Int) -> V { UnsafeRawPointer(pb + q * 16).load(as: V.self) }
        if pairs > 0 { let v = bPair(0); c0 = c0 + g * v; d0 = d0 + h * v }
        if pairs > 1 { let v = bPair(1); c1 = c1 + g * v; d1 = d1 + h * v }
        if pairs > 2 { let v = bPair(2); c2 = c2 + g * v; d2 = d2 + h * v }
        if pairs > 3 { let v = bPair(3); c3 = c3 + g * v; d3 = d3 + h * v }
        if pairs > 4 { let v = bPair(4); c4 = c4 + g * v; d4 = d4 + h * v }
        if pairs > 5 { let v = bPair(5); c5 = c5 + g * v; d5 = d5 + h * v }
        pb += pairs * 16
    }
    @inline(__always) func finish(_ q: Int, _ v: V) { if q % 6 < pairs { scratch[q] = v } }
    finish(0, c0); finish(1, c1); finish(2, c2); finish(3, c3); finish(4, c4); finish(5, c5)
    finish(6, d0); finish(7, d1); finish(8, d2); finish(9, d3); finish(10, d4); finish(11, d5)
    store(c, 0)
    store(d, 1)
}
#endif
