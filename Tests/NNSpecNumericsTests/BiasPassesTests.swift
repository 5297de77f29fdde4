import XCTest
import NNSpecNumerics

/// The bias passes give, bit for bit, the plain loops they replace: `z[r, j] + b[j]` row by row,
/// and the bias gradient summed from +0 over ascending rows, for widths that reach every column
/// block (32, 16, 8) and the single-column tail, in float32 and float64.
final class BiasPassesTests: XCTestCase {
    private let shapes = [(rows: 1, cols: 1), (3, 7), (5, 8), (9, 10), (11, 16), (4, 17), (128 * 169, 32), (13, 61), (2, 0)]

    private func assertSameBits<S: BinaryFloatingPoint>(_ a: [S], _ b: [S], _ what: String) {
        XCTAssertEqual(a.count, b.count, what)
        for i in a.indices where !(a[i].sign == b[i].sign && a[i].exponentBitPattern == b[i].exponentBitPattern
                                     && a[i].significandBitPattern == b[i].significandBitPattern) {
            XCTFail("\(what)[\(i)]: \(a[i]) vs \(b[i])")
            return
        }
    }

    private func check<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        for (i, (rows, cols)) in shapes.enumerated() {
            let z: [S] = randomMatrix(rows, cols, seed: UInt64(10 + i)).data
            var bias: [S] = randomMatrix(1, cols, seed: UInt64(50 + i)).data
            if cols > 1 { bias[0] = -0.0; bias[1] = .nan }
            var added = z
            BiasPasses.add(bias, to: &added, rows: rows, cols: cols)
            assertSameBits(added, z.indices.map { z[$0] + bias[$0 % cols] }, "add \(rows)×\(cols)")

            var sums = [S](repeating: 7, count: cols)
            BiasPasses.gradient(z, rows: rows, cols: cols, into: &sums)
            let plain = (0 ..< cols).map { j in (0 ..< rows).reduce(S(0)) { s, r in s + z[r * cols + j] } }
            assertSameBits(sums, plain, "gradient \(rows)×\(cols)")
        }
    }

    func testBiasPassesMatchThePlainLoopsBitForBit() {
        check(Float.self)
        check(Double.self)
    }

    /// The sums run down the rows in order: a column whose ascending sum differs from its
    /// descending one (1 + 2⁻²⁴ + 2⁻²⁴ in float32) keeps the ascending value.
    func testGradientSumsInAscendingRowOrder() {
        let tiny = Float(0x1p-24)
        let delta: [Float] = [1, 1, tiny, tiny, tiny, tiny].flatMap { v in [Float](repeating: v, count: 16) }
        var g = [Float](repeating: 0, count: 16)
        BiasPasses.gradient(delta, rows: 6, cols: 16, into: &g)
        XCTAssertEqual(g, [Float](repeating: 2, count: 16))
        XCTAssertNotEqual(Float(2), tiny + tiny + tiny + tiny + 1 + 1)
    }
}
