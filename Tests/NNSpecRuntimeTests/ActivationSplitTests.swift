@testable import NNSpecRuntime
import NNSpecIR
import NNSpecNumerics
import XCTest

/// A large activation pass is split over the worker pool by element (softmax: row) ranges; at
/// 1, 2 and 3 threads, with splitting forced, every activation's forward and backward give the
/// bits of the unsplit pass.
final class ActivationSplitTests: XCTestCase {
    func testSplitPassesEqualTheUnsplitOnesBitForBit() {
        let rows = 301, cols = 29, count = rows * cols
        var rng = RandomState(seed: 41)
        let z = rng.normal(loc: 0, scale: 4, count: count).map { Float($0) }
        let upstream = rng.normal(loc: 0, scale: 1, count: count).map { Float($0) }
        let old = NumericsConfig.parallelThreshold
        defer { NumericsConfig.parallelThreshold = old }
        for activation in Activation.allCases {
            func pass(threads: Int, threshold: Int) -> [Float] {
                NumericsConfig.parallelThreshold = threshold
                return NumericsConfig.withThreadCount(threads) {
                    var a = [Float](repeating: 0, count: count), delta = upstream
                    activation.forward(z, &a, rows: rows, cols: cols)
                    activation.backward(&delta, z: z, a: a, rows: rows, cols: cols)
                    return a + delta
                }
            }
            let unsplit = pass(threads: 1, threshold: .max)
            for threads in [2, 3] {
                let split = pass(threads: threads, threshold: 0)
                XCTAssertEqual(split.map(\.bitPattern), unsplit.map(\.bitPattern), "\(activation) threads=\(threads)")
            }
        }
    }
}
