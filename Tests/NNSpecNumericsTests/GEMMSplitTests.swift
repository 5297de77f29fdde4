import XCTest
@testable import NNSpecNumerics

/// The split `gemmDriver` makes of `op(A)·op(B)` with A and B read as stored (or transposed).
private func split<T: GEMMScalar>(_ m: Int, _ n: Int, _ k: Int, _: T.Type, transposeA: Bool = false,
                                  transposeB: Bool = false, threads: Int) -> GEMMSplit {
    // Only the strides are read: the pointer is never dereferenced.
    let x = UnsafeMutablePointer<T>.allocate(capacity: 1)
    defer { x.deallocate() }
    let a = transposeA ? Operand(UnsafePointer(x), 1, m) : Operand(UnsafePointer(x), k, 1)
    let b = transposeB ? Operand(UnsafePointer(x), 1, k) : Operand(UnsafePointer(x), n, 1)
    return GEMMSplit(m: m, n: n, k: k, a, b, threads: threads)
}

/// How `GEMMSplit` divides a blocked product among threads: by rows or columns of C, and into
/// how many parts. The division never changes a bit (GEMMTests checks that); these pin down the
/// decisions themselves, which only move time.
final class GEMMSplitTests: XCTestCase {
    /// Every row (or column) of C in exactly one part, parts in order, boundaries on whole
    /// micro-panels (slivers).
    func assertCovers(_ s: GEMMSplit, file: StaticString = #filePath, line: UInt = #line) {
        var next = 0
        for p in 0 ..< s.parts {
            let (lo, hi) = s.range(p)
            XCTAssertEqual(lo, min(next, s.extent), "part \(p)", file: file, line: line)
            if hi < s.extent { XCTAssertEqual(hi % s.unit, 0, "part \(p) ends mid-panel", file: file, line: line) }
            next = max(next, hi)
        }
        XCTAssertEqual(next, s.extent, file: file, line: line)
    }

    /// The MNIST forward product X·W (8000×784 · 784×30): X (25 MB) read in place is streamed
    /// from L3 by every part that needs its rows, so a column split — each part streaming all of
    /// X — costs more than a row split. Without that charge the model saw a near tie and split
    /// by columns (its B packing is the only difference).
    func testALargeAReadInPlaceSplitsByRows() {
        func model(streamsA: Bool) -> GEMMSplit {
            GEMMSplit(m: 8000, n: 30, k: 784, threads: 2, packsA: false, streamsA: streamsA, nr: 16,
                      transposedA: false, transposedB: false)
        }
        XCTAssertFalse(model(streamsA: true).byColumns)
        XCTAssertTrue(model(streamsA: false).byColumns)
        XCTAssertFalse(split(8000, 30, 784, Float.self, threads: 2).byColumns)
        XCTAssertFalse(split(8000, 30, 784, Double.self, threads: 2).byColumns)
    }

    /// A long row split is cut into `gemmPartsPerThread` parts per thread where each part stays
    /// long (`gemmMinimumPartWork`): X·W at 2 threads in 8 parts, at 3 in 9 (188 M multiply–adds
    /// make 11 parts of the minimum). One thread: one part.
    func testALongRowSplitHasAWholeNumberOfPartsPerThread() {
        for (threads, parts) in [(1, 1), (2, 8), (3, 9)] {
            for s in [split(8000, 30, 784, Float.self, threads: threads), split(8000, 30, 784, Double.self, threads: threads)] {
                XCTAssertEqual(s.threads, threads)
                XCTAssertEqual(s.parts, parts, "\(threads) threads")
                XCTAssertEqual(s.parts % s.threads, 0)
                assertCovers(s)
            }
        }
    }

    /// Finer parts each pack B again, so a part keeps at least 64× the model's packing cost in
    /// multiply–adds: δ·Wᵀ (8000×30 · 30×784, B gathered from Wᵀ at 4× a copy's cost) gets 6
    /// parts at 2 and at 3 threads; 1024³ at 3 threads, 3 (one per thread).
    func testPartsStayLargeAgainstRepackingB() {
        let back = split(8000, 784, 30, Float.self, transposeB: true, threads: 2)
        XCTAssertEqual(back.parts, 6)
        assertCovers(back)
        XCTAssertEqual(split(8000, 784, 30, Float.self, transposeB: true, threads: 3).parts, 6)
        let square = GEMMSplit(m: 1024, n: 1024, k: 1024, threads: 3, packsA: false, streamsA: true, nr: 16,
                               transposedA: false, transposedB: false)
        XCTAssertEqual(square.parts, 3)
    }

    /// Products too short for finer parts keep one part per thread, and column splits never
    /// get finer (C's few slivers): the Adam net's 128×784 · 784×256 and a 363-row conv panel.
    func testShortProductsAndColumnSplitsKeepOnePartPerThread() {
        for threads in [2, 3] {
            let adam = split(128, 256, 784, Float.self, threads: threads)
            XCTAssertEqual(adam.parts, adam.threads)
            assertCovers(adam)
            let conv = split(363, 32, 144, Double.self, threads: threads)
            XCTAssertEqual(conv.parts, conv.threads)
            assertCovers(conv)
        }
        let columns = GEMMSplit(m: 128, n: 256, k: 784, threads: 2, packsA: false, streamsA: false, nr: 16,
                                transposedA: false, transposedB: false)
        XCTAssertTrue(columns.byColumns)
        XCTAssertEqual(columns.parts, 2)
    }
}

extension GEMMTests {
    /// A row split into more parts than threads (1031 rows: edge panel; 33 columns: edge
    /// sliver) is still the naive recurrence, bit for bit, at 1, 2 and 3 threads, every
    /// transposition, overwriting and accumulating.
    func testFinerRowPartsThanThreads() {
        let stored = split(1031, 33, 2000, Float.self, threads: 2)
        XCTAssertFalse(stored.byColumns)
        XCTAssertGreaterThan(stored.parts, stored.threads)
        let rows = [0, 1, 5, 6, 257, 258, 259, 515, 516, 773, 774, 1024, 1025, 1030]
        check(1031, 33, 2000, Float.self, sampleRows: rows)
        check(1031, 33, 2000, Double.self, sampleRows: rows)
    }
}
