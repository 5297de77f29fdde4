import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime
import XCTest

/// Threads only split independent output blocks of the matrix products; every sum keeps its
/// order, so a run's results file is the same bytes at any thread count and on every repeat.
final class DeterminismTests: XCTestCase {
    /// A network wide enough that its products are split across threads once the threshold is 0.
    static func wideRun(dtype: String) throws -> String {
        let spec = try makeSpec("""
            convention: keras
            dtype: \(dtype)
            seed: 5
            model:
              layers:
                - {name: hidden, units: 48, activation: tanh}
                - {name: out, units: 3, activation: softmax}
            loss: categorical_crossentropy
            optimizer: {kind: adam, learning_rate: 0.01}
            training: {epochs: 3, batch_size: 64}
            metrics: [loss, accuracy, auc]
            """)
        var rng = RandomState(seed: 11)
        let n = 300, d = 40
        let x = rng.normal(loc: 0, scale: 1, count: n * d)
        let y = (0 ..< n).flatMap { r -> [Double] in
            let c = x[r * d] > 0.5 ? 2 : (x[r * d + 1] > 0 ? 1 : 0)
            return (0 ..< 3).map { $0 == c ? 1 : 0 }
        }
        let data = MaterializedData(trainInputs: DataArray(rows: 240, columns: d, values: Array(x[..<(240 * d)])),
                                    trainTargets: DataArray(rows: 240, columns: 3, values: Array(y[..<(240 * 3)])),
                                    testInputs: DataArray(rows: 60, columns: d, values: Array(x[(240 * d)...])),
                                    testTargets: DataArray(rows: 60, columns: 3, values: Array(y[(240 * 3)...])))
        return try Runner.run(spec, data: data).json
    }

    func testResultsAreBitIdenticalAtOneAndTwoThreads() throws {
        let threshold = NumericsConfig.parallelThreshold
        NumericsConfig.parallelThreshold = 0
        defer { NumericsConfig.parallelThreshold = threshold }
        for dtype in ["float32", "float64"] {
            let one = try NumericsConfig.withThreadCount(1) { try Self.wideRun(dtype: dtype) }
            let two = try NumericsConfig.withThreadCount(2) { try Self.wideRun(dtype: dtype) }
            XCTAssertEqual(one, two, dtype)
        }
    }

    func testRepeatedRunsGiveTheSameBytes() throws {
        XCTAssertEqual(try Self.wideRun(dtype: "float32"), try Self.wideRun(dtype: "float32"))
    }
}
