import XCTest
import NNSpecNumerics

/// GEMM must equal the naive ascending-k, multiply-then-add recurrence bit for bit,
/// for every shape, transposition, precision, path and thread count.
final class GEMMTests: XCTestCase {
    typealias Real = BinaryFloatingPoint & SIMDScalar & Sendable

    static let transpositions = [(false, false), (true, false), (false, true), (true, true)]

    /// Stored operands for op(A) m×k and op(B) k×n.
    func operands<S: Real>(_ m: Int, _ n: Int, _ k: Int, _ ta: Bool, _ tb: Bool, seed: UInt64,
                           as _: S.Type) -> (Matrix<S>, Matrix<S>) {
        let a: Matrix<S> = ta ? randomMatrix(k, m, seed: seed) : randomMatrix(m, k, seed: seed)
        let b: Matrix<S> = tb ? randomMatrix(n, k, seed: seed + 1) : randomMatrix(k, n, seed: seed + 1)
        return (a, b)
    }

    /// Checks every variant of one shape: 4 transpositions × {overwrite, accumulate}
    /// × threads {1, 2, 3}, against the naive recurrence (on `sampleRows`, or all).
    func check<S: Real>(_ m: Int, _ n: Int, _ k: Int, _: S.Type, sampleRows: [Int]? = nil,
                        forceParallel: Bool = false,
                        file: StaticString = #filePath, line: UInt = #line) {
        let oldThreshold = NumericsConfig.parallelThreshold
        if forceParallel { NumericsConfig.parallelThreshold = 0 }
        defer { NumericsConfig.parallelThreshold = oldThreshold }
        for (ta, tb) in Self.transpositions {
            let (a, b) = operands(m, n, k, ta, tb, seed: UInt64(m * 1_000_003 + n * 1009 + k), as: S.self)
            let c0: Matrix<S> = randomMatrix(m, n, seed: 99)
            for accumulate in [false, true] {
                let what = "\(S.self) \(m)×\(k)·\(k)×\(n) tA=\(ta) tB=\(tb) acc=\(accumulate)"
                let expected = naiveGEMM(a, transposeA: ta, b, transposeB: tb, c: c0,
                                         accumulate: accumulate, rowsToCheck: sampleRows)
                var first: Matrix<S>?
                for threads in [1, 2, 3] {
                    var c = c0
                    gemm(a, transposeA: ta, b, transposeB: tb, into: &c, accumulate: accumulate,
                         threads: threads)
                    if let d = firstDifference(c, expected, rows: sampleRows) {
                        XCTFail("\(what) threads=\(threads) differs from naive at \(d)", file: file, line: line)
                    }
                    if let f = first {
                        XCTAssertTrue(f.isBitwiseIdentical(to: c),
                                      "\(what): threads=\(threads) not bit-identical to threads=1",
                                      file: file, line: line)
                    } else {
                        first = c
                    }
                }
            }
        }
    }

    // MARK: shapes

    func testOneByOne() {
        check(1, 1, 1, Float.self)
        check(1, 1, 1, Double.self)
    }

    func testOddSmallShapes() {
        for (m, n, k) in [(7, 5, 13), (1, 9, 3), (9, 1, 3), (3, 3, 1), (2, 17, 2), (13, 7, 31)] {
            check(m, n, k, Float.self)
            check(m, n, k, Double.self)
        }
    }

    /// Shapes around and across every block boundary of the blocked path
    /// (micro-tile 6 × NR, M blocks of 48…96, K blocks of 128/256, N blocks of 128…512),
    /// with threads forced on. (With op(B) stored, a C of at most 8192 elements over k ≥ 256
    /// goes to the deep path instead: 37×233 does not.)
    func testBlockBoundaries() {
        let shapes = [(6, 8, 128), (12, 16, 129), (37, 233, 257), (5, 530, 40), (61, 7, 300),
                      (20, 1030, 9), (100, 16, 10), (47, 129, 513), (203, 11, 140)]
        for (m, n, k) in shapes {
            check(m, n, k, Float.self, forceParallel: true)
            check(m, n, k, Double.self, forceParallel: true)
        }
    }

    /// The MNIST training shapes: X (8000×784) · W (784×30), Xᵀ·δ, δ·Wᵀ. The naive check
    /// runs on a sample of rows (first, last, slab and tile edges, random) to keep
    /// the debug-build test fast; thread comparison covers every element.
    func testMNISTShapes() {
        var rng = TestRNG(seed: 7)
        func sample(_ m: Int) -> [Int] {
            var r: Set<Int> = [0, 1, 5, 6, 7, m / 2 - 1, m / 2, m / 2 + 1, m / 3, (2 * m) / 3, m - 7, m - 6, m - 1]
            for _ in 0 ..< 20 { r.insert(Int(rng.next() % UInt64(m))) }
            return r.filter { $0 >= 0 && $0 < m }.sorted()
        }
        let x: Matrix<Float> = randomMatrix(8000, 784, seed: 1, wide: false)
        let w: Matrix<Float> = randomMatrix(784, 30, seed: 2, wide: false)
        let delta: Matrix<Float> = randomMatrix(8000, 30, seed: 3, wide: false)
        let cases: [(String, Matrix<Float>, Bool, Matrix<Float>, Bool)] = [
            ("X·W", x, false, w, false), ("Xᵀ·δ", x, true, delta, false), ("δ·Wᵀ", delta, false, w, true),
        ]
        for (name, a, ta, b, tb) in cases {
            let m = ta ? a.cols : a.rows, n = tb ? b.rows : b.cols
            let rows = sample(m)
            let zero = Matrix<Float>(rows: m, cols: n)
            let expected = naiveGEMM(a, transposeA: ta, b, transposeB: tb, c: zero, accumulate: false,
                                     rowsToCheck: rows)
            let c1 = matmul(a, transposeA: ta, b, transposeB: tb, threads: 1)
            XCTAssertNil(firstDifference(c1, expected, rows: rows), "\(name) vs naive")
            for t in [2, 3] {
                let ct = matmul(a, transposeA: ta, b, transposeB: tb, threads: t)
                XCTAssertTrue(ct.isBitwiseIdentical(to: c1), "\(name): threads=\(t) not bit-identical")
            }
        }
        // Double, one variant (the kernel is shared across variants, packing is tested above).
        let xd = Matrix<Double>(x), wd = Matrix<Double>(w)
        let rows = sample(8000)
        let expected = naiveGEMM(xd, transposeA: false, wd, transposeB: false,
                                 c: Matrix(rows: 8000, cols: 30), accumulate: false, rowsToCheck: rows)
        let d1 = matmul(xd, wd, threads: 1)
        XCTAssertNil(firstDifference(d1, expected, rows: rows))
        XCTAssertTrue(matmul(xd, wd, threads: 2).isBitwiseIdentical(to: d1))
        XCTAssertTrue(matmul(xd, wd, threads: 3).isBitwiseIdentical(to: d1))
    }

    /// Shapes each driver decision takes: a narrow product of a stored-transposed A against a
    /// deep K (computed as Cᵀ = op(B)ᵀ·op(A)ᵀ in scratch, then transposed back, also when
    /// accumulating), K blocks deepened for a narrow B, and a short, wide batch product that
    /// threads split by columns of C rather than rows. Every one must still be the naive
    /// recurrence, bit for bit, at 1, 2 and 3 threads.
    func testTransposedProblemDeepBlocksAndColumnSplit() {
        check(280, 34, 500, Float.self, forceParallel: true)    // Xᵀ·δ-like: n ≪ m, k ≫ n (C too large for the deep path, too wide to stream)
        check(280, 34, 500, Double.self, forceParallel: true)
        check(40, 30, 2500, Float.self)                          // K block deeper than blockK (transposed B; stored B goes deep)
        check(24, 260, 100, Float.self, forceParallel: true)     // 4 row panels, 17+ column slivers
        check(24, 260, 100, Double.self, forceParallel: true)
    }

    /// Products with few rows (one M block): a B too large for L2 packed as wide as C in shallow
    /// K blocks (40×300 · 300×790: two float32 blocks, four float64), and a smaller B read in
    /// place, its partial last sliver packed (33×200 · 200×70). The naive recurrence, bit for
    /// bit, at 1, 2 and 3 threads.
    func testFewRowsWideAndInPlaceB() {
        check(40, 790, 300, Float.self, forceParallel: true)
        check(40, 790, 300, Double.self, forceParallel: true)
        check(33, 70, 200, Float.self, forceParallel: true)
        check(33, 70, 200, Double.self, forceParallel: true)
    }

    /// Small outputs over a deep sum (k ≥ 256) go to the deep path (GEMMDeep.swift: tiles of C in
    /// registers while p streams through both operands in place): a convolution's kernel
    /// gradient colsᵀ·δ (9×16, conv1's, over fewer positions), 13 rows (two uneven row tiles) ×
    /// 37 columns (two panels and a last partial strip computed overlapping the one before), 10
    /// and 5 columns (8- and 4-lane vectors, each with an overlapping last strip), the shallowest
    /// sum taken, and a conv2-like 96×32 (8 row tiles × 2 panels; the naive sum checked on rows
    /// at tile edges). Threads take whole tiles, or split 9 rows into 5 + 4 and 3 + 3 + 3. The
    /// naive recurrence, bit for bit, at 1, 2 and 3 threads, transposed or not, accumulating or not.
    func testDeepSumsOverSmallOutputs() {
        for (m, n, k) in [(9, 16, 700), (13, 37, 500), (30, 10, 400), (11, 5, 300), (20, 8, 256)] {
            check(m, n, k, Float.self, forceParallel: true)
            check(m, n, k, Double.self, forceParallel: true)
        }
        let edges = [0, 1, 11, 12, 13, 47, 48, 83, 84, 94, 95]
        check(96, 32, 600, Float.self, sampleRows: edges, forceParallel: true)
        check(96, 32, 600, Double.self, sampleRows: edges, forceParallel: true)
    }

    /// A tall A read in place against a narrow B over deep K blocks: B's slivers go two at a time
    /// through the paired 6 × 2NR tile (wide builds), with edge pairs (30 = 16 + 14 columns,
    /// 17 = 16 + 1), a lone last sliver (40 = 2·16 + 8, 48), bottom rows packed (m not a multiple
    /// of 6, two M blocks), and a second, shallower K block continuing the sums (k = 1400).
    /// The naive recurrence, bit for bit, at 1, 2 and 3 threads.
    func testNarrowBDeepKPairedSlivers() {
        for (m, n, k) in [(100, 30, 300), (101, 40, 1400), (97, 17, 260), (103, 48, 256)] {
            check(m, n, k, Float.self, forceParallel: true)
        }
        for (m, n, k) in [(100, 30, 300), (101, 20, 2900), (97, 9, 260), (103, 32, 256)] {
            check(m, n, k, Double.self, forceParallel: true)
        }
    }

    /// The tall tiles of the paired path (wide builds, double: 8 rows of A read in place × two
    /// B slivers; float runs the same shapes through its 6-row pair tiles): M blocks whose
    /// in-place rows end mid-run (157 = 96 + 61 rows: 48 in tall tiles, 12 in 6-row tiles, the
    /// 61st packed), edge pairs (30 = 2·8 + 14, 9 columns; float 30 = 16 + 14, 17), a lone last
    /// sliver run as a pair with itself (24 = 2·8 + 8), and later K blocks continuing the sums
    /// from C through the scratch tile (k = 2900). The naive recurrence, bit for bit,
    /// overwriting and accumulating, at 1, 2 and 3 threads.
    func testTallTilesOfThePairedPath() {
        for (m, n, k) in [(157, 30, 300), (150, 17, 260), (203, 40, 1400), (108, 48, 256)] {
            check(m, n, k, Float.self, forceParallel: true)
        }
        for (m, n, k) in [(157, 30, 300), (101, 20, 2900), (97, 9, 260), (150, 24, 256)] {
            check(m, n, k, Double.self, forceParallel: true)
        }
    }

    /// Tall tiles reading A's rows at a stride wider than k (a sub-matrix view), with C's padding
    /// left untouched: the tiles step through A by `lda`, not k. (C must be too large for the
    /// deep path: 290×30.)
    func testTallTilesWithRowStride() {
        for threads in [1, 2, 3] {
            checkRawStrides(m: 290, n: 30, k: 300, lda: 305, ldb: 30, ldc: 33, threads: threads, Float.self)
            checkRawStrides(m: 290, n: 30, k: 300, lda: 305, ldb: 30, ldc: 33, threads: threads, Double.self)
        }
    }

    /// Tall products with at most 12 columns (AVX-512 builds: one column of eight rows per
    /// register, A transposed 8 × 8 in registers, B broadcast from memory, C stored four
    /// columns at a time with masks; the other builds' paths otherwise): every width 1–13
    /// (widths not a multiple of 4 leave a partial group of columns to store; 13 is past the
    /// path), depths that are and are not multiples of 8 (8 ... 16: the last block of A overlaps
    /// the one before it by every amount 1–7; 30, 31), rows leaving a remainder below 8 and
    /// odd counts of 8-row blocks, and deep products (48 blocks of steps, and one step more).
    /// Each shape is large enough to pass the small-product path. The naive recurrence, bit for
    /// bit, at 1, 2 and 3 threads.
    func testTallNarrowColumns() {
        for n in 1 ... 13 {
            for k in [8, 9, 10, 11, 12, 13, 14, 15, 16, 30, 31] {
                let m = 16_384 / (n * k) + 2 * n + 27   // odd counts of blocks and remainders vary with n
                check(m, n, k, Float.self, forceParallel: true)
            }
        }
        // 8000×30 · 30×10 (the MNIST output layer), rows sampled.
        check(8000, 10, 30, Float.self, sampleRows: [0, 1, 7, 8, 15, 16, 3999, 4000, 7991, 7992, 7999])
        check(41, 2, 384, Float.self, forceParallel: true)
        check(41, 2, 385, Float.self, forceParallel: true)
        // B read in place with rows wider than n (and A's wider than k, C's wider than n).
        for threads in [1, 2, 3] {
            checkRawStrides(m: 61, n: 10, k: 30, lda: 33, ldb: 13, ldc: 12, threads: threads, Float.self)
            checkRawStrides(m: 131, n: 7, k: 19, lda: 19, ldb: 11, ldc: 7, threads: threads, Float.self)
        }
        // A with rows wider than k, C with rows wider than n (its extra columns untouched), special
        // values; 3 threads accumulate onto the 2-thread result.
        var a: Matrix<Float> = randomMatrix(200, 40, seed: 7)
        let b: Matrix<Float> = randomMatrix(30, 9, seed: 8)
        a[3, 0] = -0.0; a[9, 5] = .infinity; a[17, 29] = .nan; a[18, 2] = -.infinity
        func sum(_ i: Int, _ j: Int, from s0: Float) -> Float {
            var s = s0
            for p in 0 ..< 30 { s = s + a[i, p] * b[p, j] }
            return s
        }
        var c = [Float](repeating: 1, count: 200 * 12)
        for threads in [1, 2, 3] {
            let before = c
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        GEMM.multiply(m: 200, n: 9, k: 30, a: pa.baseAddress!, lda: 40, transposeA: false,
                                      b: pb.baseAddress!, ldb: 9, transposeB: false,
                                      c: pc.baseAddress!, ldc: 12, accumulate: threads == 3, threads: threads)
                    }
                }
            }
            for i in 0 ..< 200 {
                for j in 0 ..< 12 {
                    let expected = j >= 9 ? 1 : sum(i, j, from: threads == 3 ? before[i * 12 + j] : 0)
                    XCTAssertEqual(c[i * 12 + j].bitPattern, expected.bitPattern, "row \(i) column \(j) threads \(threads)")
                }
            }
        }
    }

    func testZeroSized() {
        for (ta, tb) in Self.transpositions {
            // k == 0: C = 0, or C unchanged when accumulating.
            let a0 = Matrix<Float>(rows: ta ? 0 : 4, cols: ta ? 4 : 0)
            let b0 = Matrix<Float>(rows: tb ? 3 : 0, cols: tb ? 0 : 3)
            XCTAssertEqual(matmul(a0, transposeA: ta, b0, transposeB: tb), Matrix(rows: 4, cols: 3))
            var c = Matrix<Float>(rows: 4, cols: 3, repeating: 2)
            gemm(a0, transposeA: ta, b0, transposeB: tb, into: &c, accumulate: true)
            XCTAssertEqual(c, Matrix(rows: 4, cols: 3, repeating: 2))
            gemm(a0, transposeA: ta, b0, transposeB: tb, into: &c)
            XCTAssertEqual(c, Matrix(rows: 4, cols: 3))
            // m == 0 or n == 0: empty results.
            let am = Matrix<Double>(rows: ta ? 5 : 0, cols: ta ? 0 : 5)
            let b5 = Matrix<Double>(rows: tb ? 3 : 5, cols: tb ? 5 : 3)
            XCTAssertEqual(matmul(am, transposeA: ta, b5, transposeB: tb).shape.rows, 0)
            let a5 = Matrix<Double>(rows: ta ? 5 : 2, cols: ta ? 2 : 5)
            let bn = Matrix<Double>(rows: tb ? 0 : 5, cols: tb ? 5 : 0)
            let r = matmul(a5, transposeA: ta, bn, transposeB: tb)
            XCTAssertEqual(r.rows, 2); XCTAssertEqual(r.cols, 0)
        }
    }

    // MARK: paths and semantics

    /// The unpacked small path and the blocked path compute the same recurrence:
    /// the same product must come out identical on both sides of the size cut-over.
    func testSmallAndBlockedPathsAgree() {
        // 24×24×24 = 13 824 mult-adds (small path); 26×24×27 = 16 848 (blocked path).
        check(24, 24, 24, Float.self)
        check(26, 24, 27, Float.self)
        check(24, 24, 24, Double.self)
        check(26, 24, 27, Double.self)
    }

    /// The naive test really sees summation order: with these operands, the reversed
    /// order gives a different answer, so equality above is not vacuous.
    func testOrderIsObservable() {
        let a: Matrix<Float> = randomMatrix(9, 200, seed: 5)
        let b: Matrix<Float> = randomMatrix(200, 11, seed: 6)
        let c = matmul(a, b)
        var differs = 0
        for i in 0 ..< 9 {
            for j in 0 ..< 11 {
                var s: Float = 0
                for p in (0 ..< 200).reversed() { s = s + a[i, p] * b[p, j] }
                if s.bitPattern != c[i, j].bitPattern { differs += 1 }
            }
        }
        XCTAssertGreaterThan(differs, 20)
        // And it is not a fused multiply-add either.
        var fmaDiffers = 0
        for i in 0 ..< 9 {
            for j in 0 ..< 11 {
                var s: Float = 0
                for p in 0 ..< 200 { s = s.addingProduct(a[i, p], b[p, j]) }
                if s.bitPattern != c[i, j].bitPattern { fmaDiffers += 1 }
            }
        }
        XCTAssertGreaterThan(fmaDiffers, 0)
    }

    func testConvenienceForms() {
        let a: Matrix<Double> = randomMatrix(5, 4, seed: 1)
        let b: Matrix<Double> = randomMatrix(4, 3, seed: 2)
        let ab = matmul(a, b)
        XCTAssertTrue(matmulTN(a.transposed(), b).isBitwiseIdentical(to: ab))
        XCTAssertTrue(matmulNT(a, b.transposed()).isBitwiseIdentical(to: ab))
        XCTAssertTrue(matmul(a.transposed(), transposeA: true, b.transposed(), transposeB: true)
            .isBitwiseIdentical(to: ab))
        // A small known product.
        let x = Matrix<Float>([[1, 2], [3, 4]])
        let y = Matrix<Float>([[5, 6], [7, 8]])
        XCTAssertEqual(matmul(x, y), Matrix([[19, 22], [43, 50]]))
        XCTAssertEqual(matmulTN(x, y), Matrix([[26, 30], [38, 44]]))
        XCTAssertEqual(matmulNT(x, y), Matrix([[17, 23], [39, 53]]))
    }

    /// Accumulating twice equals one pass over the concatenated K (the recurrence
    /// just continues), which is what gradient accumulation relies on.
    func testAccumulateContinuesTheSum() {
        let a: Matrix<Float> = randomMatrix(50, 300, seed: 11)
        let b: Matrix<Float> = randomMatrix(300, 20, seed: 12)
        let whole = matmul(a, b)
        let aT = a.transposed()
        let a1 = aT.rows(0 ..< 170).transposed(), a2 = aT.rows(170 ..< 300).transposed()
        var c = matmul(a1, b.rows(0 ..< 170))
        gemm(a2, b.rows(170 ..< 300), into: &c, accumulate: true)
        XCTAssertTrue(c.isBitwiseIdentical(to: whole))
    }

    /// The raw entry point with leading dimensions larger than the logical width
    /// (sub-matrix views), leaving C's padding untouched.
    func testRawStrides() {
        checkRawStrides(m: 13, n: 10, k: 21, lda: 24, ldb: 15, ldc: 12, threads: 2, Float.self)
    }

    /// `GEMM.multiply` on op(A)·B into an m×n view of C (row stride ldc, padding preset to −7):
    /// op(A) the m×k view of an m×lda matrix, or with `transposeA` the transpose of the k×m view
    /// of a k×lda one (read in place); B the k×n view of a k×ldb one. The naive recurrence's
    /// bits, padding untouched.
    func checkRawStrides<S: Real>(m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, transposeA: Bool = false,
                                  threads: Int, _: S.Type, file: StaticString = #filePath, line: UInt = #line) {
        let (aRows, aCols) = transposeA ? (k, m) : (m, k)
        let a: Matrix<S> = randomMatrix(aRows, lda, seed: 21)
        let b: Matrix<S> = randomMatrix(k, ldb, seed: 22)
        var cbuf = [S](repeating: -7, count: m * ldc)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                cbuf.withUnsafeMutableBufferPointer { pc in
                    GEMM.multiply(m: m, n: n, k: k, a: pa.baseAddress!, lda: lda, transposeA: transposeA,
                                  b: pb.baseAddress!, ldb: ldb, transposeB: false,
                                  c: pc.baseAddress!, ldc: ldc, accumulate: false, threads: threads)
                }
            }
        }
        let aView = Matrix(rows: aRows, cols: aCols, data: (0 ..< aRows).flatMap { i in (0 ..< aCols).map { a[i, $0] } })
        let bView = Matrix(rows: k, cols: n, data: (0 ..< k).flatMap { p in (0 ..< n).map { b[p, $0] } })
        let expected = naiveGEMM(aView, transposeA: transposeA, bView, transposeB: false,
                                 c: Matrix(rows: m, cols: n), accumulate: false)
        for i in 0 ..< m {
            for j in 0 ..< ldc {
                if j < n {
                    XCTAssertEqual(bits(cbuf[i * ldc + j]), bits(expected[i, j]),
                                   "\(S.self) threads=\(threads) (\(i), \(j))", file: file, line: line)
                } else {
                    XCTAssertEqual(cbuf[i * ldc + j], -7, "padding (\(i), \(j)) touched", file: file, line: line)
                }
            }
        }
    }

    /// Signed zeros, infinities and NaN follow the recurrence too.
    func testSpecialValues() {
        let a = Matrix<Float>([[-0.0, 1], [.infinity, 0], [.nan, 1], [-1, -0.0]])
        let b = Matrix<Float>([[0, 2], [-0.0, 3]])
        let expected = naiveGEMM(a, transposeA: false, b, transposeB: false,
                                 c: Matrix(rows: 4, cols: 2), accumulate: false)
        for t in [1, 2] {
            XCTAssertNil(firstDifference(matmul(a, b, threads: t), expected))
        }
        XCTAssertEqual(matmul(a, b)[0, 0].sign, .plus)  // (+0 + -0·0) + 1·-0 = +0
    }

    #if !(os(macOS) && arch(x86_64))
    /// Formats without a SIMD kernel (Float16) take the plain reference loop: same recurrence.
    func testFloat16FallsBackToTheSameRecurrence() {
        check(9, 5, 7, Float16.self)
        check(40, 30, 20, Float16.self, forceParallel: true)
    }
    #endif

    func testGlobalThreadCountIsHonoured() {
        let a: Matrix<Double> = randomMatrix(300, 200, seed: 31)
        let b: Matrix<Double> = randomMatrix(200, 40, seed: 32)
        let oldThreshold = NumericsConfig.parallelThreshold
        NumericsConfig.parallelThreshold = 0
        defer { NumericsConfig.parallelThreshold = oldThreshold }
        let one = NumericsConfig.withThreadCount(1) { matmul(a, b) }
        let three = NumericsConfig.withThreadCount(3) { matmul(a, b) }
        XCTAssertTrue(one.isBitwiseIdentical(to: three))
        XCTAssertGreaterThanOrEqual(NumericsConfig.threadCount, 1)
    }
}
