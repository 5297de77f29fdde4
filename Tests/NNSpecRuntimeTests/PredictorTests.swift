import Foundation
import NNSpecData
import NNSpecIR
import NNSpecRuntime
import XCTest

/// A one-layer spec: `units` outputs with `activation`, in `dtype`.
private func oneLayer(_ activation: String, dtype: String = "float64") throws -> Spec {
    try makeSpec("""
        dtype: \(dtype)
        model:
          layers:
            - {name: out, units: 1, activation: \(activation)}
        loss: mse
        optimizer: {kind: sgd, learning_rate: 0.1}
        training: {epochs: 1}
        """)
}

final class PredictorTests: XCTestCase {
    func testPredictionsAreTheForwardPassOfTheGivenParameters() throws {
        let spec = try makeSpec("""
            dtype: float64
            model:
              layers:
                - {name: hidden, units: 2, activation: relu}
                - {name: out, units: 1, activation: sigmoid}
            loss: binary_crossentropy
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1}
            """)
        // hidden: W = [[1, -1], [2, 0.5]], b = [0, 1]; out: W = [[0.5], [-1]], b = [0.25].
        let parameters = [
            DenseParameters(name: "hidden", fanIn: 2, fanOut: 2, kernel: [1, -1, 2, 0.5], bias: [0, 1]),
            DenseParameters(name: "out", fanIn: 2, fanOut: 1, kernel: [0.5, -1], bias: [0.25]),
        ]
        let x = DataArray(rows: 2, columns: 2, values: [1, 1, -1, 2])
        let p = try Predictor.predict(spec, parameters: parameters, inputs: x)
        XCTAssertEqual(p.shape, [2, 1])
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        // Row 1: h = relu([3, 0.5]) = [3, 0.5], z = 1.5 − 0.5 + 0.25. Row 2: h = relu([3, 3]), z = 1.5 − 3 + 0.25.
        XCTAssertEqual(p.values[0], sigmoid(1.25), accuracy: 1e-15)
        XCTAssertEqual(p.values[1], sigmoid(-1.25), accuracy: 1e-15)
    }

    func testFloat32SpecsPredictInFloat32() throws {
        let spec = try oneLayer("linear", dtype: "float32")
        let parameters = [DenseParameters(name: "out", fanIn: 1, fanOut: 1, kernel: [0.1], bias: [0.7])]
        let p = try Predictor.predict(spec, parameters: parameters, inputs: DataArray(rows: 1, columns: 1, values: [0.3]))
        XCTAssertEqual(p.values[0], Double(Float(0.1) * Float(0.3) + Float(0.7)))
        XCTAssertNotEqual(p.values[0], 0.1 * 0.3 + 0.7, "a float64 forward pass would give the other rounding")
    }

    func testManyRowsArePredictedInChunksWithTheSameValues() throws {
        let spec = try oneLayer("tanh")
        let parameters = [DenseParameters(name: "out", fanIn: 1, fanOut: 1, kernel: [0.01], bias: [0])]
        let n = 2500
        let p = try Predictor.predict(spec, parameters: parameters, inputs: DataArray(rows: n, columns: 1, values: (0 ..< n).map(Double.init)))
        XCTAssertEqual(p.rows, n)
        for i in [0, 1023, 1024, 2047, 2048, n - 1] { XCTAssertEqual(p.values[i], tanh(0.01 * Double(i)), accuracy: 1e-15) }
    }

    func testParametersOfAnotherShapeAreRefusedByLayer() throws {
        let spec = try oneLayer("linear")
        let wrong = [DenseParameters(name: "out", fanIn: 2, fanOut: 1, kernel: [1, 2], bias: [0])]
        XCTAssertThrowsError(try Predictor.predict(spec, parameters: wrong, inputs: DataArray(rows: 1, columns: 1, values: [1]))) { error in
            XCTAssertEqual((error as? RunError)?.message, "the kernel of layer 'out' has shape [2, 1]; the layer's is [1, 1]")
        }
    }
}
