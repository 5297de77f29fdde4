import XCTest
import NNSpecNumerics

/// The ReLU loops give, bit for bit, the plain per-value formulas: `z > 0 ? z : 0` forward (in
/// place and from another buffer) and `a > 0 ? δ : 0` backward, NaN and −0 giving +0, over a
/// vector body and a tail (37 values).
final class RectifierTests: XCTestCase {
    private func values<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ seed: UInt64, _: S.Type) -> [S] {
        var v: [S] = randomMatrix(1, 37, seed: seed).data
        v[0] = .nan; v[1] = -0.0; v[2] = 0; v[3] = -.infinity; v[4] = .infinity
        return v
    }

    private func assertSameBits<S: BinaryFloatingPoint>(_ a: [S], _ b: [S], _ what: String) {
        for i in a.indices where !((a[i].isNaN && b[i].isNaN) || (a[i] == b[i] && a[i].sign == b[i].sign)) {
            XCTFail("\(what)[\(i)]: \(a[i]) vs \(b[i])")
        }
    }

    private func check<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        let z = values(1, S.self), delta = values(2, S.self)
        let expected = z.map { $0 > 0 ? $0 : 0 }
        var a = [S](repeating: 7, count: z.count)
        Rectifier.forward(z, &a, count: z.count)
        assertSameBits(a, expected, "forward")
        var inPlace = z
        inPlace.withUnsafeMutableBufferPointer { Rectifier.forward($0.baseAddress!, $0.baseAddress!, count: $0.count) }
        assertSameBits(inPlace, expected, "forward in place")
        var d = delta
        Rectifier.backward(&d, a: z, count: z.count)
        assertSameBits(d, z.indices.map { z[$0] > 0 ? delta[$0] : 0 }, "backward")
    }

    func testReLUMatchesThePlainFormulasBitForBit() {
        check(Float.self)
        check(Double.self)
    }
}
