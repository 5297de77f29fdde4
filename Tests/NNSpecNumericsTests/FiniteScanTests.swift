import XCTest
import NNSpecNumerics

final class FiniteScanTests: XCTestCase {
    /// Finite buffers (including the largest magnitudes and −0) give nil; otherwise the first
    /// NaN or ±∞ is found wherever it sits: in the vector body or in the scalar tail.
    private func check<S: BinaryFloatingPoint & SIMDScalar>(_: S.Type) {
        var x = [S](repeating: 1, count: 37)
        x[3] = -.greatestFiniteMagnitude; x[4] = -0; x[5] = .leastNonzeroMagnitude
        XCTAssertNil(FiniteScan.firstNonFinite(x, count: x.count))
        XCTAssertNil(FiniteScan.firstNonFinite(x, count: 0))
        for (bad, at) in [(S.nan, 2), (S.infinity, 20), (-S.infinity, 36)] {
            var y = x
            y[at] = bad
            y[min(at + 1, 36)] = .nan
            XCTAssertEqual(FiniteScan.firstNonFinite(y, count: y.count), at)
            XCTAssertNil(FiniteScan.firstNonFinite(y, count: at))
        }
    }

    func testFindsTheFirstNonFiniteElement() {
        check(Float.self)
        check(Double.self)
    }
}
