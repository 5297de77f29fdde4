import XCTest
import NNSpecNumerics

/// Batch normalization's passes give, bit for bit, the plain loops the runtime wrote: per-channel
/// sums from +0 over the rows in order (the mean's, the squared deviations', the backward pass's
/// Σδ and Σδ·x̂), `x·α + shift`, and the input gradient `γ·inv·(δ − Σδ/n − x̂·Σδx̂/n)` with and
/// without γ — for channel counts with and without a vector tail (19 = 8 + 8 + 3, 3, 32).
final class BatchNormPassesTests: XCTestCase {
    private func assertSameBits<S: BinaryFloatingPoint>(_ a: [S], _ b: [S], _ what: String) {
        XCTAssertEqual(a.count, b.count, what)
        for i in a.indices where !((a[i].isNaN && b[i].isNaN) || bits(a[i]) == bits(b[i])) {
            XCTFail("\(S.self) \(what)[\(i)]: \(a[i]) vs \(b[i])")
        }
    }

    private func check<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type, rows n: Int, channels c: Int) {
        let what = "\(n)×\(c)"
        let x: [S] = randomMatrix(n, c, seed: 41).data, delta: [S] = randomMatrix(n, c, seed: 42).data
        let gamma: [S] = randomMatrix(1, c, seed: 43).data, shift: [S] = randomMatrix(1, c, seed: 44).data

        var sum = [S](repeating: 0, count: c)
        for q in 0 ..< n { for j in 0 ..< c { sum[j] = sum[j] + x[q * c + j] } }
        var got = [S](repeating: 7, count: c)
        BatchNormPasses.channelSums(x, rows: n, channels: c, into: &got)
        assertSameBits(got, sum, "channel sums \(what)")

        let mean = sum.map { $0 / S(n) }
        var squares = [S](repeating: 0, count: c)
        for q in 0 ..< n {
            for j in 0 ..< c {
                let d = x[q * c + j] - mean[j]
                squares[j] = squares[j] + d * d
            }
        }
        got = [S](repeating: 7, count: c)
        BatchNormPasses.squaredDeviationSums(x, mean: mean, rows: n, channels: c, into: &got)
        assertSameBits(got, squares, "squared deviations \(what)")

        let inv = squares.map { 1 / ($0 / S(n) + S(0.001)).squareRoot() }
        var z = [S](repeating: 7, count: n * c)
        BatchNormPasses.scaleShift(x, alpha: inv, shift: shift, rows: n, channels: c, into: &z)
        assertSameBits(z, (0 ..< n * c).map { x[$0] * inv[$0 % c] + shift[$0 % c] }, "scale and shift \(what)")

        var sd = [S](repeating: 0, count: c), sdx = [S](repeating: 0, count: c)
        for q in 0 ..< n {
            for j in 0 ..< c {
                sd[j] = sd[j] + delta[q * c + j]
                sdx[j] = sdx[j] + delta[q * c + j] * ((x[q * c + j] - mean[j]) * inv[j])
            }
        }
        var gotSD = [S](repeating: 7, count: c), gotSDX = [S](repeating: 7, count: c)
        BatchNormPasses.gradientSums(x, delta: delta, mean: mean, inverseStd: inv, rows: n, channels: c,
                                     sumDelta: &gotSD, sumDeltaXHat: &gotSDX)
        assertSameBits(gotSD, sd, "Σδ \(what)")
        assertSameBits(gotSDX, sdx, "Σδx̂ \(what)")

        let count = S(n)
        for withGamma in [true, false] {
            var expected = [S](repeating: 0, count: n * c)
            for q in 0 ..< n {
                for j in 0 ..< c {
                    let scale: S = withGamma ? gamma[j] : 1
                    let xhat = (x[q * c + j] - mean[j]) * inv[j]
                    expected[q * c + j] = scale * inv[j] * (delta[q * c + j] - sd[j] / count - xhat * sdx[j] / count)
                }
            }
            var dx = [S](repeating: 7, count: n * c)
            gamma.withUnsafeBufferPointer { g in
                BatchNormPasses.inputGradient(x, delta: delta, mean: mean, inverseStd: inv, gamma: withGamma ? g.baseAddress : nil,
                                              sumDelta: sd, sumDeltaXHat: sdx, count: count, rows: n, channels: c, into: &dx)
            }
            assertSameBits(dx, expected, "input gradient \(what)\(withGamma ? "" : " without γ")")
        }
    }

    func testBatchNormPassesMatchThePlainLoopsBitForBit() {
        for (rows, channels) in [(7, 19), (33, 3), (5, 32), (1, 9)] {
            check(Float.self, rows: rows, channels: channels)
            check(Double.self, rows: rows, channels: channels)
        }
    }
}
