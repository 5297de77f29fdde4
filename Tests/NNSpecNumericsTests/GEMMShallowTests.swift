import XCTest
@testable import NNSpecNumerics

/// The shallow path (GEMMShallow.swift): op(B) packed once into two or four panels, the last one
/// overlapping the one before it, rows of A read in place in 6-row bands against two panels at a
/// time, threads over runs of bands. Still the naive recurrence, bit for bit, at 1, 2 and 3 threads.
extension GEMMTests {
    /// Asserts that a product of this shape takes the shallow path in builds that have it (those
    /// that broadcast A in place), or — `takes: false` — that it does not, so the checks below
    /// test what they name.
    func assertShallow<S: GEMMScalar>(_ m: Int, _ n: Int, _ k: Int, _: S.Type, takes: Bool = true,
                                      file: StaticString = #filePath, line: UInt = #line) {
        guard S.aReplication == 1 else { return }
        XCTAssertEqual(gemmPrefersShallow(m, n, k, S.self), takes,
                       "\(S.self) \(m)×\(k)·\(k)×\(n) shallow", file: file, line: line)
    }

    /// Shapes across the shallow path's edges, every transposition, overwriting and accumulating:
    /// C two panels wide with the last overlapping (float32 17, 20, 30 columns; float64 9, 10,
    /// 15), exactly two or four panels (32, 64; 16, 32), four with the last overlapping (50; 30);
    /// rows leaving no remainder (96), or 1–5 rows past the last 6-row band, and bands not a
    /// multiple of the runs a pair of panels takes at once (605 rows: 100 bands, 6 runs of 16 and
    /// 4, and 5 rows); depths 1, 10 and the deepest taken (64). Each shape passes the
    /// small-product path.
    func testShallowSumsOverTallProducts() {
        for (m, n, k) in [(101, 30, 10), (97, 17, 64), (605, 30, 1), (96, 32, 10), (103, 20, 9),
                          (99, 50, 10), (102, 64, 7)] {
            assertShallow(m, n, k, Float.self)
            check(m, n, k, Float.self, forceParallel: true)
        }
        for (m, n, k) in [(101, 30, 10), (97, 9, 64), (1205, 15, 1), (96, 32, 10), (103, 10, 30), (98, 16, 11)] {
            assertShallow(m, n, k, Double.self)
            check(m, n, k, Double.self, forceParallel: true)
        }
        // The MNIST output layer's input delta, 8000×10 · 10×30, rows sampled at band and thread edges.
        assertShallow(8000, 30, 10, Float.self)
        let rows = [0, 5, 6, 95, 96, 2663, 2664, 3995, 3996, 5327, 5328, 7991, 7992, 7997, 7998, 7999]
        check(8000, 30, 10, Float.self, sampleRows: rows)
        check(8000, 30, 10, Double.self, sampleRows: rows)
    }

    /// What the shallow path leaves to the others: a lone panel (float32 16 columns), an odd
    /// count of panels (40), more than four (70), a sum one step deeper than it takes, fewer rows
    /// than a band. The same recurrence there too.
    func testShallowPathBounds() {
        for (m, n, k, takes) in [(1100, 16, 10, false), (410, 40, 10, false), (240, 70, 10, false),
                                 (260, 30, 65, false), (5, 64, 64, false), (6, 64, 64, true)] {
            assertShallow(m, n, k, Float.self, takes: takes)
            check(m, n, k, Float.self, forceParallel: true)
        }
    }

    /// The raw entry point on sub-matrix views: A's stored rows longer than k (or, read
    /// transposed, than C is tall), B's and C's rows longer than C is wide; C's padding untouched.
    func testShallowRawStrides() {
        for threads in [1, 2, 3] {
            for (transposeA, lda) in [(false, 13), (true, 105)] {
                checkRawStrides(m: 101, n: 30, k: 10, lda: lda, ldb: 33, ldc: 35, transposeA: transposeA,
                                threads: threads, Float.self)
                checkRawStrides(m: 101, n: 30, k: 10, lda: lda, ldb: 33, ldc: 35, transposeA: transposeA,
                                threads: threads, Double.self)
            }
        }
    }
}
