import XCTest
import NNSpecNumerics

/// The vector Adam loops give, bit for bit, the scalar formulas they document, in both
/// forms and both precisions, over a vector body and a scalar tail (37 elements).
final class AdamUpdateTests: XCTestCase {
    private struct State<S: BinaryFloatingPoint> { var w, g, m, v: [S] }

    private func state<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) -> State<S> {
        let n = 37
        let w: Matrix<S> = randomMatrix(1, n, seed: 11), g: Matrix<S> = randomMatrix(1, n, seed: 12)
        let m: Matrix<S> = randomMatrix(1, n, seed: 13), r: Matrix<S> = randomMatrix(1, n, seed: 14)
        var s = State(w: w.data, g: g.data, m: m.data, v: r.data.map { $0 * $0 })
        s.v[0] = 0; s.g[0] = 0; s.g[1] = .nan   // √0, a zero gradient, NaN propagation
        return s
    }

    private func assertSameBits<S: BinaryFloatingPoint>(_ a: [S], _ b: [S], _ what: String) {
        XCTAssertEqual(a.count, b.count)
        for i in a.indices where !((a[i].isNaN && b[i].isNaN) || (a[i] == b[i] && a[i].sign == b[i].sign)) {
            XCTFail("\(what)[\(i)]: \(a[i]) vs \(b[i])")
        }
    }

    private func checkAccumulator<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        var s = state(S.self), r = s
        let b1: S = 0.1, b2: S = 0.001, alpha: S = 0.0003, eps: S = 1e-7
        AdamUpdate.accumulator(w: &s.w, g: s.g, m: &s.m, v: &s.v, count: s.w.count,
                               b1: b1, b2: b2, alpha: alpha, epsilon: eps)
        for i in r.w.indices {
            r.m[i] = r.m[i] + (r.g[i] - r.m[i]) * b1
            r.v[i] = r.v[i] + (r.g[i] * r.g[i] - r.v[i]) * b2
            r.w[i] = r.w[i] - r.m[i] * alpha / (r.v[i].squareRoot() + eps)
        }
        assertSameBits(s.m, r.m, "m"); assertSameBits(s.v, r.v, "v"); assertSameBits(s.w, r.w, "w")
    }

    private func checkEstimate<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        var s = state(S.self), r = s
        let b1: S = 0.1, beta2: S = 0.999, b2: S = 0.001, step: S = 0.003, corr: S = 0.05, eps: S = 1e-8
        AdamUpdate.estimate(w: &s.w, g: s.g, m: &s.m, v: &s.v, count: s.w.count,
                            b1: b1, beta2: beta2, b2: b2, stepSize: step, correction: corr, epsilon: eps)
        for i in r.w.indices {
            r.m[i] = r.m[i] + (r.g[i] - r.m[i]) * b1
            r.v[i] = r.v[i] * beta2 + r.g[i] * r.g[i] * b2
            r.w[i] = r.w[i] - step * (r.m[i] / (r.v[i].squareRoot() / corr + eps))
        }
        assertSameBits(s.m, r.m, "m"); assertSameBits(s.v, r.v, "v"); assertSameBits(s.w, r.w, "w")
    }

    func testAccumulatorFormMatchesScalarFormulaBitForBit() {
        checkAccumulator(Float.self)
        checkAccumulator(Double.self)
    }

    func testEstimateFormMatchesScalarFormulaBitForBit() {
        checkEstimate(Float.self)
        checkEstimate(Double.self)
    }

    /// A large update is split over the worker pool by element ranges; at 1, 2 and 3 threads
    /// (splitting forced) both forms give the bits of the unsplit update.
    func testSplitUpdateEqualsUnsplitBitForBit() {
        let n = 40_037
        let w: Matrix<Float> = randomMatrix(1, n, seed: 21), g: Matrix<Float> = randomMatrix(1, n, seed: 22)
        let m: Matrix<Float> = randomMatrix(1, n, seed: 23), r: Matrix<Float> = randomMatrix(1, n, seed: 24)
        let start = State(w: w.data, g: g.data, m: m.data, v: r.data.map { $0 * $0 })
        let old = NumericsConfig.parallelThreshold
        defer { NumericsConfig.parallelThreshold = old }
        func update(threads: Int, threshold: Int) -> (State<Float>, State<Float>) {
            NumericsConfig.parallelThreshold = threshold
            return NumericsConfig.withThreadCount(threads) {
                var a = start, e = start
                for _ in 0 ..< 3 {
                    AdamUpdate.accumulator(w: &a.w, g: a.g, m: &a.m, v: &a.v, count: n,
                                           b1: 0.1, b2: 0.001, alpha: 0.0003, epsilon: 1e-7)
                    AdamUpdate.estimate(w: &e.w, g: e.g, m: &e.m, v: &e.v, count: n, b1: 0.1, beta2: 0.999,
                                        b2: 0.001, stepSize: 0.003, correction: 0.05, epsilon: 1e-8)
                }
                return (a, e)
            }
        }
        let (a1, e1) = update(threads: 1, threshold: .max)
        for threads in [2, 3] {
            let (a, e) = update(threads: threads, threshold: 0)
            for (x, y, form) in [(a, a1, "accumulator"), (e, e1, "estimate")] {
                assertSameBits(x.w, y.w, "\(form) threads=\(threads) w")
                assertSameBits(x.m, y.m, "\(form) threads=\(threads) m")
                assertSameBits(x.v, y.v, "\(form) threads=\(threads) v")
            }
        }
    }
}
