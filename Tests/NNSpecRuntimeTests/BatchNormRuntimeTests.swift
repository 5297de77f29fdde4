@testable import NNSpecRuntime
import Foundation
import NNSpecData
import NNSpecIR
import XCTest

/// Batch normalization by hand: a training pass normalizes with the batch's biased statistics
/// and moves the running ones in the convention's form (Keras' biased variance weighted by
/// 1 − 0.99, PyTorch's unbiased one weighted by 0.1); an inference pass uses the running
/// statistics; reported results and predictions are inference-mode; the results file lists γ,
/// β and the running statistics with their shapes and reads back.
final class BatchNormRuntimeTests: XCTestCase {
    /// One feature, x = [1, 2, 3, 6] (mean 3, biased variance 3.5, unbiased 14/3), straight into
    /// a batch normalization and a fixed identity output.
    func trainer(_ convention: String, momentum: String = "") throws -> Trainer<Double> {
        let spec = try makeSpec("""
            convention: \(convention)
            dtype: float64
            model:
              layers:
                - {name: bn, type: batch_normalization\(momentum)}
                - {name: out, units: 1, kernel_initializer: ones, bias_initializer: zeros}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1, batch_size: full, shuffle: false}
            """)
        let data = MaterializedData(trainInputs: DataArray(shape: [4, 1], values: [1, 2, 3, 6]),
                                    trainTargets: DataArray(shape: [4, 1], values: [0, 0, 0, 0]))
        return try Trainer<Double>(spec: spec, data: data)
    }

    func testATrainingPassNormalizesWithTheBatchAndMovesTheRunningStatisticsKerasForm() throws {
        let t = try trainer("keras")
        t.net.forward(t.train.x.constPointer, rows: 4, pass: TrainingPass(seed: 0, step: 0))
        let s = (3.5 + 1e-3).squareRoot()
        for (i, x) in [1.0, 2, 3, 6].enumerated() { XCTAssertEqual(t.net.outputA[i], (x - 3) / s, accuracy: 1e-12) }
        let state = t.net.state.array
        XCTAssertEqual(state[0], 0.01 * 3, accuracy: 1e-15, "moving = 0.99·moving + 0.01·batch")
        XCTAssertEqual(state[1], 0.99 + 0.01 * 3.5, accuracy: 1e-15, "the biased variance")
    }

    func testTorchFormWeightsTheBatchByMomentumWithTheUnbiasedVariance() throws {
        let t = try trainer("torch")
        t.net.forward(t.train.x.constPointer, rows: 4, pass: TrainingPass(seed: 0, step: 0))
        let state = t.net.state.array
        XCTAssertEqual(state[0], 0.1 * 3, accuracy: 1e-15)
        XCTAssertEqual(state[1], 0.9 + 0.1 * 14.0 / 3, accuracy: 1e-15, "running = 0.9·running + 0.1·(unbiased variance)")
        // Keras' 0.99 copied literally into PyTorch keeps 1% of the running value.
        let literal = try trainer("torch", momentum: ", momentum: 0.99")
        literal.net.forward(literal.train.x.constPointer, rows: 4, pass: TrainingPass(seed: 0, step: 0))
        XCTAssertEqual(literal.net.state.array[0], 0.99 * 3, accuracy: 1e-15)
    }

    func testAnInferencePassUsesTheRunningStatisticsAndChangesNothing() throws {
        let t = try trainer("torch")
        t.net.state[0] = 2
        t.net.state[1] = 4
        t.net.forward(t.train.x.constPointer, rows: 4)
        for (i, x) in [1.0, 2, 3, 6].enumerated() { XCTAssertEqual(t.net.outputA[i], (x - 2) / (4 + 1e-5).squareRoot(), accuracy: 1e-12) }
        XCTAssertEqual(t.net.state.array, [2, 4])
    }

    func testEachTrainingStepUpdatesTheStatisticsOnceAndTheResultsAreInferenceMode() throws {
        let t = try trainer("keras")
        let result = t.run()
        // Full batch, one step: the data do not change, so the moving statistics move once.
        XCTAssertEqual(t.steps, 1)
        let bn = try XCTUnwrap(result.parameters.first { $0.name == "bn" })
        XCTAssertEqual(bn.tensors.map(\.name), ["gamma", "beta", "moving_mean", "moving_variance"])
        XCTAssertEqual(bn.tensors.map(\.shape), [[1], [1], [1], [1]])
        XCTAssertEqual(bn.tensor("moving_mean")!.values[0], 0.03, accuracy: 1e-15)
        XCTAssertEqual(bn.tensor("moving_variance")!.values[0], 0.99 + 0.035, accuracy: 1e-15)
        // The final loss is evaluated with the moving statistics (x − 0.03)/√(1.025 + ε), not the batch's.
        let gamma = bn.tensor("gamma")!.values[0], beta = bn.tensor("beta")!.values[0]
        let out = result.parameters.first { $0.name == "out" }!
        let s = (0.99 + 0.035 + 1e-3).squareRoot()
        let predictions = [1.0, 2, 3, 6].map { ((($0 - 0.03) / s) * gamma + beta) * out.kernel[0] + out.bias![0] }
        XCTAssertEqual(result.finalLoss!, predictions.map { $0 * $0 }.reduce(0, +) / 4, accuracy: 1e-12)
    }

    func testTheResultsFileWritesShapedTensorsAndReadsThemBack() throws {
        XCTAssertTrue(try trainer("torch").run().json.contains("\"running_var\": {"))
        // (Keras here: the prediction lowers the spec against its own one-row data, a batch
        // PyTorch's unbiased variance refuses.)
        let t = try trainer("keras")
        let result = t.run()
        let json = result.json
        XCTAssertTrue(json.contains("\"moving_variance\": {"), json)
        XCTAssertTrue(json.contains("\"shape\": [1, 1]"), "the dense kernel is written with its shape in a model with batch normalization")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-bn-\(UUID().uuidString).json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let back = try ResultsFile.read(file.path)
        XCTAssertEqual(back.parameters, result.parameters)
        // Predictions from the file's parameters load the running statistics too.
        let predicted = try Predictor.predict(t.spec, parameters: back.parameters, inputs: DataArray(shape: [4, 1], values: [1, 2, 3, 6]))
        t.net.forward(t.train.x.constPointer, rows: 4)
        XCTAssertEqual(predicted.values, (0 ..< 4).map { t.net.outputA[$0] })
    }
}
