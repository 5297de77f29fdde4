import XCTest
@testable import NNSpecNumerics

/// The streaming path (GEMMStream.swift): op(A) = Xᵀ read in place from X's rows, lanes along
/// X's columns, one accumulator per column of C, depth in chunks, threads over strips of X's
/// columns. Still the naive recurrence, bit for bit, at 1, 2 and 3 threads.
extension GEMMTests {
    /// Asserts that `Xᵀ·B` of this shape (X stored k×lda, B k×ldb) takes the streaming path in
    /// builds that have it (AVX-512), so the checks below test what they name.
    func assertStreams<S: GEMMScalar>(_ m: Int, _ n: Int, _ k: Int, _: S.Type, lda: Int? = nil, ldb: Int? = nil,
                                      file: StaticString = #filePath, line: UInt = #line) {
        guard gemmStreamColumns > 0 else { return }
        let x = UnsafeMutablePointer<S>.allocate(capacity: 1)
        defer { x.deallocate() }
        let a = Operand(UnsafePointer(x), 1, lda ?? m), b = Operand(UnsafePointer(x), ldb ?? n, 1)
        XCTAssertFalse(gemmPrefersDeep(m, n, k, b), "\(S.self) \(m)×\(k)·\(k)×\(n) goes deep", file: file, line: line)
        XCTAssertTrue(gemmPrefersStream(m, n, k, a, b), "\(S.self) \(m)×\(k)·\(k)×\(n) does not stream", file: file, line: line)
    }

    /// Shapes across the streaming path's edges: C 30 columns wide (a full tile) and 29, 26, 3
    /// and 1; m a multiple of the panel (20 float32 strips) or not (the last strip overlaps the
    /// one before: 297 = 18·16 + 9, 291 = 36·8 + 3, 17 = 16 + 1); one strip, or fewer strips
    /// than threads; the depth the shallowest taken (16), one chunk, or several with a last
    /// chunk shorter than the prefetch lead (float32 at 30 columns: chunks of 273 rows,
    /// 1102 = 4·273 + 10; float64 at 29: 141 rows, 1148 = 8·141 + 20). The naive recurrence, bit
    /// for bit, at 1, 2 and 3 threads, accumulating or not (the other transpositions of each
    /// shape take the other paths).
    func testStreamingTransposedTallAgainstNarrow() {
        for (m, n, k) in [(297, 30, 1102), (320, 26, 1024), (2000, 3, 1030), (17, 3, 1024), (16, 1, 1100),
                          (300, 30, 16)] {
            assertStreams(m, n, k, Float.self)
            check(m, n, k, Float.self, sampleRows: m > 400 ? [0, 15, 16, 999, 1000, 1983, 1984, m - 1] : nil,
                  forceParallel: true)
        }
        for (m, n, k) in [(291, 29, 1148), (300, 30, 1024), (100, 1, 1024)] {
            assertStreams(m, n, k, Double.self)
            check(m, n, k, Double.self, forceParallel: true)
        }
    }

    /// The raw entry point on sub-matrix views: X's rows longer than C is tall (lda > m), δ's and
    /// C's rows longer than C is wide; C's padding untouched.
    func testStreamingRawStrides() {
        let m = 301, n = 30, k = 1100
        let lda = m + 5, ldb = n + 3, ldc = n + 2
        assertStreams(m, n, k, Float.self, lda: lda, ldb: ldb)
        assertStreams(m, n, k, Double.self, lda: lda, ldb: ldb)
        for threads in [1, 2, 3] {
            checkRawStrides(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, transposeA: true, threads: threads, Float.self)
            checkRawStrides(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, transposeA: true, threads: threads, Double.self)
        }
    }
}
