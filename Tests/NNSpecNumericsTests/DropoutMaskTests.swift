import XCTest
import NNSpecNumerics

/// Dropout's mask stream is the documented chain of SplitMix64 finalizers (written out again
/// here), and applying it keeps exactly the values whose uniform draw is ≥ the rate, scaled, bit
/// for bit as the plain per-value formula, rates at a draw's exact value included.
final class DropoutMaskTests: XCTestCase {
    private func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func plainUniform(seed: UInt32, layer: Int, step: Int, index: Int) -> Double {
        let h = mix(mix(mix(UInt64(seed) ^ (UInt64(layer) << 32)) ^ UInt64(step)) ^ UInt64(index))
        return Double(h >> 11) * 0x1p-53
    }

    func testUniformIsTheDocumentedStream() {
        for (seed, layer, step) in [(UInt32(0), 0, 0), (42, 5, 17), (.max, 3, 1 << 40)] {
            for index in [0, 1, 2, 1000, 123_456] {
                XCTAssertEqual(DropoutMask.uniform(seed: seed, layer: layer, step: step, index: index),
                               plainUniform(seed: seed, layer: layer, step: step, index: index))
            }
        }
    }

    private func check<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        let (seed, layer, step) = (UInt32(7), 5, 93)
        let draw5 = plainUniform(seed: seed, layer: layer, step: step, index: 5)
        // A rate equal to value 5's draw keeps it; the next double up drops it.
        let rates = [0, 0.25, 0.5, 0.9, draw5, draw5.nextUp, 1 - 0x1p-53, 1, 1.5, -0.5, .nan]
        for count in [1, 37, 130] {
            let x: [S] = randomMatrix(1, count, seed: UInt64(count)).data
            for rate in rates {
                let scale = S(1 / (1 - rate))
                let expected = (0 ..< count).map { i in
                    plainUniform(seed: seed, layer: layer, step: step, index: i) >= rate ? x[i] * scale : 0
                }
                var y = [S](repeating: 3, count: count)
                DropoutMask.apply(seed: seed, layer: layer, step: step, rate: rate, scale: scale, x, into: &y, count: count)
                var inPlace = x
                inPlace.withUnsafeMutableBufferPointer {
                    DropoutMask.apply(seed: seed, layer: layer, step: step, rate: rate, scale: scale, $0.baseAddress!,
                                      into: $0.baseAddress!, count: count)
                }
                for i in 0 ..< count where y[i] != expected[i] && !(y[i].isNaN && expected[i].isNaN) || inPlace[i] != y[i] && !y[i].isNaN {
                    XCTFail("\(S.self) rate \(rate) count \(count) [\(i)]: \(y[i]) / \(inPlace[i]) vs \(expected[i])")
                    break
                }
                if count > 5, rate == draw5 { XCTAssertNotEqual(y[5], 0) }
                if count > 5, rate == draw5.nextUp { XCTAssertEqual(y[5], 0) }
                XCTAssertEqual(DropoutMask.keeps(seed: seed, layer: layer, step: step, index: 5, rate: rate), draw5 >= rate)
            }
        }
    }

    func testApplyKeepsExactlyTheDrawsAtOrAboveTheRate() {
        check(Float.self)
        check(Double.self)
    }
}
