@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import XCTest

/// Dropout: TF1's keep_prob is the fraction kept; the mask stream keeps 1 − rate of the values,
/// scaled by 1/(1 − rate); masks change with the step and the seed, not within a step; at
/// evaluation the layer is the identity.
final class DropoutTests: XCTestCase {
    func testKeepProbIsOneMinusRate() throws {
        let spec = try makeSpec("""
            convention: tf1
            model:
              layers:
                - {units: 4, activation: relu}
                - {type: dropout, keep_prob: 0.2}
                - {units: 1}
            loss: mse
            """)
        XCTAssertEqual(try XCTUnwrap(spec.model.layers[1].rate), 0.8, accuracy: 1e-15)
        XCTAssertTrue(spec.compiledYAML.contains("rate: 0.8"), spec.compiledYAML)
    }

    func testMasksKeepOneMinusRateScaledAndAreAFunctionOfSeedLayerAndStep() {
        let n = 200_000, rate = 0.3
        let kernel = DropoutKernel<Double>(rate: rate, layer: 2, width: n)
        let ones = [Double](repeating: 1, count: n)
        func run(_ pass: TrainingPass?) -> [Double] {
            var z = [Double](repeating: .nan, count: n)
            ones.withUnsafeBufferPointer { x in z.withUnsafeMutableBufferPointer { kernel.forward(x.baseAddress!, rows: 1, into: $0.baseAddress!, pass: pass) } }
            return z
        }
        let step0 = run(TrainingPass(seed: 1, step: 0))
        let kept = step0.filter { $0 != 0 }
        XCTAssertEqual(Double(kept.count) / Double(n), 1 - rate, accuracy: 0.005)
        XCTAssertEqual(Set(kept), [1 / (1 - rate)])
        XCTAssertEqual(run(TrainingPass(seed: 1, step: 0)), step0, "the same step draws the same mask")
        XCTAssertNotEqual(run(TrainingPass(seed: 1, step: 1)), step0)
        XCTAssertNotEqual(run(TrainingPass(seed: 2, step: 0)), step0)
        XCTAssertEqual(run(nil), ones, "evaluation passes are the identity")
    }

    /// Evaluation uses no mask: the same network with and without its dropout layer (the same
    /// initial draws: dropout has no parameters) has the same evaluated loss, and a different
    /// training-pass loss.
    func testEvaluationIgnoresDropout() throws {
        func trainer(_ dropout: String) throws -> Trainer<Double> {
            let spec = try makeSpec("""
                convention: keras
                dtype: float64
                model:
                  layers:
                    - {name: h, units: 4, activation: tanh}
                \(dropout)    - {name: out, units: 1}
                loss: mse
                optimizer: {kind: sgd, learning_rate: 0.1}
                training: {epochs: 1, batch_size: full, shuffle: false}
                """)
            let data = SpatialLayerTests.data([3], rows: 8)
            return try Trainer<Double>(spec: spec, data: MaterializedData(
                trainInputs: data.trainInputs, trainTargets: DataArray(column: Array(data.trainTargets.values.prefix(8)))))
        }
        let with = try trainer("    - {type: dropout, rate: 0.5}\n"), without = try trainer("")
        XCTAssertEqual(with.net.parameters.array, without.net.parameters.array)
        XCTAssertEqual(with.trainingLoss(), without.trainingLoss())
        func trainingPassLoss(_ t: Trainer<Double>) -> Double { t.lossAndGradient(t.train.x.constPointer, t.train.y.constPointer, rows: t.train.rows) }
        XCTAssertNotEqual(trainingPassLoss(with), trainingPassLoss(without), "the training pass is masked")
    }
}
