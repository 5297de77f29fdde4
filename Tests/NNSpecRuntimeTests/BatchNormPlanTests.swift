import NNSpecData
import NNSpecIR
import NNSpecPlan
import XCTest

/// What the plan derives for batch normalization: γ and β per feature or channel with their
/// initializers and penalties, the running statistics as non-trainable state, and the momentum
/// resolved to one weight of the old running value whatever the convention wrote.
final class BatchNormPlanTests: XCTestCase {
    func plan(_ convention: String, shape: [Int] = [3], layers: String, optimizer: String = "sgd") throws -> ExperimentPlan {
        let features = shape.reduce(1, *)
        let spec = try makeSpec("""
            convention: \(convention)
            model:
              input_shape: \(shape)
              layers:
            \(layers)
                - {units: 1}
            loss: mse
            optimizer: \(optimizer)
            training: {batch_size: 4}
            """)
        return try ExperimentPlan(spec: spec, shapes: DataShapes(trainingRows: 4, features: features, targetShape: [4, 1]))
    }

    func testAfterDenseOneGammaAndBetaPerFeatureAndRunningStatisticsAsState() throws {
        let p = try plan("keras", layers: "    - {units: 5}\n    - {type: batch_normalization}")
        let bn = p.layers[1]
        XCTAssertEqual(bn.outputShape, [5])
        let gamma = try XCTUnwrap(p.tensor(layer: 1, .gamma)), beta = try XCTUnwrap(p.tensor(layer: 1, .beta))
        XCTAssertEqual([gamma.shape, beta.shape], [[5], [5]])
        XCTAssertEqual(gamma.distribution, .constant(1))
        XCTAssertEqual(beta.distribution, .constant(0))
        XCTAssertEqual(gamma.offset, p.tensor(layer: 0, .bias)!.offset + 5, "laid out after the dense layer's bias")
        XCTAssertEqual(p.parameterCount, 3 * 5 + 5 + 5 + 5 + 5 + 1)
        let mean = try XCTUnwrap(p.statistic(layer: 1, .mean)), variance = try XCTUnwrap(p.statistic(layer: 1, .variance))
        XCTAssertEqual([mean.name, variance.name], ["moving_mean", "moving_variance"])
        XCTAssertEqual([mean.initialValue, variance.initialValue], [0, 1])
        XCTAssertEqual([mean.offset, variance.offset], [0, 5])
        XCTAssertEqual(p.stateCount, 10)
        let kind = try XCTUnwrap(bn.kind as? BatchNormLayer)
        XCTAssertEqual(kind.runningWeight, 0.99)
        XCTAssertEqual(kind.epsilon, 1e-3)
        XCTAssertFalse(kind.unbiasedRunningVariance)
    }

    func testTorchMomentumIsResolvedToTheWeightOfTheOldRunningValue() throws {
        let p = try plan("torch", layers: "    - {units: 2}\n    - {type: batch_norm1d}")
        let kind = try XCTUnwrap(p.layers[1].kind as? BatchNormLayer)
        XCTAssertEqual(kind.runningWeight, 0.9, accuracy: 1e-15, "PyTorch's 0.1 weights the batch")
        XCTAssertTrue(kind.unbiasedRunningVariance)
        XCTAssertEqual(p.statistic(layer: 1, .variance)?.name, "running_var")
        let literal = try plan("torch", layers: "    - {units: 2}\n    - {type: batch_norm1d, momentum: 0.99}")
        XCTAssertEqual((literal.layers[1].kind as! BatchNormLayer).runningWeight, 0.01, accuracy: 1e-15,
                       "Keras' 0.99 copied into PyTorch keeps only 1% of the running value")
    }

    func testAfterAConvolutionPerChannelOnTheDataFormatsChannelAxis() throws {
        let conv = "    - {type: conv2d, filters: 4, kernel_size: 2}\n    - {type: batch_normalization}\n    - {type: flatten}"
        let last = try plan("keras", shape: [5, 5, 2], layers: conv)
        XCTAssertEqual(last.layers[1].outputShape, [4, 4, 4])
        XCTAssertEqual(last.tensor(layer: 1, .gamma)?.shape, [4])
        let first = try plan("torch", shape: [2, 6, 5], layers: conv)
        XCTAssertEqual(first.layers[1].outputShape, [4, 5, 4], "(c, h, w)")
        XCTAssertEqual(first.tensor(layer: 1, .beta)?.shape, [4])
        XCTAssertEqual(first.statistic(layer: 1, .mean)?.shape, [4])
    }

    func testPenaltiesKerasOnlyWhereWrittenTorchWeightDecayOnGammaAndBeta() throws {
        let keras = try plan("keras", layers: "    - {units: 2}\n    - {type: batch_normalization, gamma_regularizer: {l2: 0.5}}")
        XCTAssertEqual(keras.tensor(layer: 1, .gamma)?.l2Coefficient, 1)
        XCTAssertEqual(keras.tensor(layer: 1, .beta)?.penalties, [])
        let torch = try plan("torch", layers: "    - {units: 2}\n    - {type: batch_norm1d}",
                             optimizer: "{kind: sgd, weight_decay: 0.01}")
        for role in [TensorRole.gamma, .beta] {
            XCTAssertEqual(torch.tensor(layer: 1, role)?.penalties.map(\.path), ["optimizer.weight_decay"], "\(role)")
        }
    }

    func testWithoutScaleAndCenterNoParametersButStillTheStatistics() throws {
        let p = try plan("torch", layers: "    - {units: 2}\n    - {type: batch_norm1d, affine: false}")
        XCTAssertTrue(p.layers[1].tensors.isEmpty)
        XCTAssertEqual(p.layers[1].statistics.count, 2)
    }

    func testAVectorOrAnImageOnly() throws {
        let p = try plan("keras", layers: "    - {type: batch_normalization}")
        let kind = try XCTUnwrap(p.layers[0].kind as? BatchNormLayer)
        XCTAssertThrowsError(try kind.outputShape(input: [2, 3])) { e in
            XCTAssertTrue("\(e)".contains("batch_normalization") && "\(e)".contains("[2, 3]"), "\(e)")
        }
    }

    func testPyTorchsUnbiasedVarianceRefusesOneValuePerChannelKerasTakesIt() throws {
        func spec(_ convention: String, batch: Int) throws -> ExperimentPlan {
            let spec = try makeSpec("""
                convention: \(convention)
                model:
                  layers:
                    - {units: 2}
                    - {type: batch_normalization}
                    - {units: 1}
                loss: mse
                training: {epochs: 1, batch_size: \(batch)}
                """)
            return try ExperimentPlan(spec: spec, shapes: DataShapes(trainingRows: 5, features: 3, targetShape: [5, 1]))
        }
        XCTAssertThrowsError(try spec("torch", batch: 1)) { e in
            XCTAssertEqual((e as? PlanError)?.path, "training.batch_size")
            XCTAssertTrue("\(e)".contains("Expected more than 1 value per channel"), "\(e)")
        }
        XCTAssertThrowsError(try spec("torch", batch: 2), "5 rows in batches of 2: the last batch has one row")
        XCTAssertNoThrow(try spec("torch", batch: 5))
        XCTAssertNoThrow(try spec("keras", batch: 1))
    }
}
