import XCTest
import NNSpecNumerics

/// The layout transposes move every value of every sample to its place in the other order and
/// back, for images with one channel (a copy), one pixel, and several of both, in float32 and
/// float64.
final class ImageLayoutTests: XCTestCase {
    private func check<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        for (samples, h, w, c) in [(3, 4, 5, 1), (2, 1, 1, 7), (3, 5, 5, 32), (1, 2, 3, 4)] {
            let n = h * w * c
            let hwc: [S] = randomMatrix(samples, n, seed: UInt64(n)).data
            var chw = [S](repeating: 0, count: samples * n)
            ImageLayout.hwcToCHW(hwc, &chw, samples: samples, h: h, w: w, c: c)
            for s in 0 ..< samples {
                for y in 0 ..< h {
                    for x in 0 ..< w {
                        for k in 0 ..< c where chw[s * n + (k * h + y) * w + x] != hwc[s * n + (y * w + x) * c + k] {
                            XCTFail("\(S.self) \(samples)×(\(h), \(w), \(c)): sample \(s) pixel (\(y), \(x)) channel \(k)")
                            return
                        }
                    }
                }
            }
            var back = [S](repeating: 0, count: samples * n)
            ImageLayout.chwToHWC(chw, &back, samples: samples, h: h, w: w, c: c)
            XCTAssertEqual(back, hwc, "\(S.self) \(samples)×(\(h), \(w), \(c)) round trip")
        }
    }

    func testTransposesPlaceEveryValue() {
        check(Float.self)
        check(Double.self)
    }
}
