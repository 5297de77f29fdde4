import XCTest
import NNSpecNumerics

/// The activation passes give, bit for bit, the plain per-value formulas the runtime wrote:
/// sigmoid `1/(1 + e^−z)`, tanh, TensorFlow's softplus, a row's softmax, and their derivatives
/// from the output (sigmoid, tanh, softmax) or from z (softplus) — over a vector body and a tail,
/// in place and from another buffer, with NaN, ±0, ±∞ and values large enough to saturate.
final class ActivationPassesTests: XCTestCase {
    private func values<S: RealFunctions>(_ seed: UInt64, _: S.Type, count: Int = 45) -> [S] {
        var v: [S] = randomMatrix(1, count, seed: seed).data
        v = v.map { $0 * 20 }  // past exp's range in float32, and softplus' cut-offs
        for (i, special) in [S.nan, -0.0, 0, -.infinity, .infinity, 100, -100].enumerated() where i < count { v[i] = special }
        return v
    }

    private func assertSameBits<S: BinaryFloatingPoint>(_ a: [S], _ b: [S], _ what: String,
                                                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        for i in a.indices where !((a[i].isNaN && b[i].isNaN) || bits(a[i]) == bits(b[i])) {
            XCTFail("\(S.self) \(what)[\(i)]: \(a[i]) vs \(b[i])", file: file, line: line)
        }
    }

    /// `pass` from `z` into a fresh buffer and in place, against `formula` per value.
    private func checkForward<S: RealFunctions>(_ z: [S], _ what: String, _ formula: (S) -> S,
                                                _ pass: (UnsafePointer<S>, UnsafeMutablePointer<S>, Int) -> Void) {
        let expected = z.map(formula)
        var a = [S](repeating: 7, count: z.count)
        z.withUnsafeBufferPointer { pz in a.withUnsafeMutableBufferPointer { pass(pz.baseAddress!, $0.baseAddress!, z.count) } }
        assertSameBits(a, expected, what)
        var inPlace = z
        inPlace.withUnsafeMutableBufferPointer { pass($0.baseAddress!, $0.baseAddress!, $0.count) }
        assertSameBits(inPlace, expected, "\(what) in place")
    }

    private func check<S: RealFunctions>(_: S.Type) {
        let z = values(1, S.self), delta = values(2, S.self)
        let a = z.map { 1 / (1 + S.exp(-$0)) }
        checkForward(z, "sigmoid", { 1 / (1 + S.exp(-$0)) }) { ActivationPasses.sigmoid($0, $1, count: $2) }
        checkForward(z, "tanh", { S.tanh($0) }) { ActivationPasses.tanh($0, $1, count: $2) }
        let t = S.log(S.ulpOfOne) + 2
        checkForward(z, "softplus", { x in x > -t ? x : (x < t ? S.exp(x) : S.log(S.exp(x) + 1)) }) {
            ActivationPasses.softplus($0, $1, count: $2)
        }

        var d = delta
        ActivationPasses.sigmoidBackward(&d, a: a, count: a.count)
        assertSameBits(d, a.indices.map { delta[$0] * a[$0] * (1 - a[$0]) }, "sigmoid backward")
        d = delta
        ActivationPasses.tanhBackward(&d, a: a, count: a.count)
        assertSameBits(d, a.indices.map { delta[$0] * (1 - a[$0] * a[$0]) }, "tanh backward")
        d = delta
        ActivationPasses.softplusBackward(&d, z: z, count: z.count)
        assertSameBits(d, z.indices.map { delta[$0] / (S.exp(-z[$0]) + 1) }, "softplus backward")
    }

    /// Softmax row by row: the max, e^(z − max) summed in order, each divided by the sum; and its
    /// backward pass, the row's dot product in order.
    private func checkSoftmax<S: RealFunctions>(_: S.Type, rows: Int, cols: Int) {
        let z: [S] = values(3, S.self, count: rows * cols)
        let delta: [S] = values(4, S.self, count: rows * cols)
        var expected = z
        for r in 0 ..< rows {
            let row = Array(z[r * cols ..< (r + 1) * cols])
            var m = row[0]
            for v in row.dropFirst() where v > m { m = v }
            var sum: S = 0
            var e = [S]()
            for v in row { e.append(S.exp(v - m)); sum += e.last! }
            for j in 0 ..< cols { expected[r * cols + j] = e[j] / sum }
        }
        var a = [S](repeating: 7, count: z.count)
        ActivationPasses.softmax(z, &a, rows: rows, cols: cols)
        assertSameBits(a, expected, "softmax \(rows)×\(cols)")
        var inPlace = z
        inPlace.withUnsafeMutableBufferPointer { ActivationPasses.softmax($0.baseAddress!, $0.baseAddress!, rows: rows, cols: cols) }
        assertSameBits(inPlace, expected, "softmax \(rows)×\(cols) in place")

        var backward = delta
        for r in 0 ..< rows {
            var dot: S = 0
            for j in 0 ..< cols { dot += delta[r * cols + j] * a[r * cols + j] }
            for j in 0 ..< cols { backward[r * cols + j] = (delta[r * cols + j] - dot) * a[r * cols + j] }
        }
        var d = delta
        ActivationPasses.softmaxBackward(&d, a: a, rows: rows, cols: cols)
        assertSameBits(d, backward, "softmax backward \(rows)×\(cols)")
    }

    func testActivationPassesMatchThePlainFormulasBitForBit() {
        check(Float.self)
        check(Double.self)
    }

    func testSoftmaxPassesMatchThePlainRowLoopsBitForBit() {
        for (rows, cols) in [(5, 13), (3, 1), (2, 40)] {
            checkSoftmax(Float.self, rows: rows, cols: cols)
            checkSoftmax(Double.self, rows: rows, cols: cols)
        }
    }
}
