import NNSpecData
import NNSpecIR
import NNSpecPlan
import XCTest

/// The plan carries every number the optimizer's update reads, as the framework applies it:
/// Keras casts some hyperparameters through float32 even in a float64 model, and writes the rest
/// as exact Python arithmetic; PyTorch keeps them all exact. The runtime converts these values to
/// the run's dtype and derives nothing else.
final class OptimizerPlanTests: XCTestCase {
    func optimizer(_ convention: String, dtype: String = "float64", _ optimizer: String,
                   regularizer: String = "") throws -> ExperimentPlan {
        let spec = try makeSpec("""
            convention: \(convention)
            dtype: \(dtype)
            model:
              inputs: 2
              layers:
                - {units: 1\(regularizer)}
            loss: mse
            optimizer: \(optimizer)
            training: {batch_size: 4}
            """)
        return try ExperimentPlan(spec: spec, shapes: DataShapes(trainingRows: 4, features: 2, targetShape: [4, 1]))
    }

    static let momentumThroughFloat32 = Double(Float(0.9))

    func testKerasFloat64PlanCarriesTheMomentumAndWeightDecayCastThroughFloat32() throws {
        let o = try optimizer("keras", "{kind: sgd, learning_rate: 0.1, momentum: 0.9, weight_decay: 0.001}").optimizer
        XCTAssertEqual(o.momentum, 0.8999999761581421)
        XCTAssertNotEqual(o.momentum, 0.9)
        XCTAssertEqual(o.weightDecay, Double(Float(0.001)))
        XCTAssertEqual(o.learningRate, 0.1, "the learning rate is a variable of the model's dtype, not cast")
        XCTAssertEqual(o.castHyperparameters.map(\.key), ["momentum", "weight_decay"])
        XCTAssertEqual(o.castHyperparameters.map(\.written), [0.9, 0.001])
        XCTAssertEqual(o.castHyperparameters.map(\.applied), [o.momentum, o.weightDecay])
    }

    func testTorchFloat64PlanCarriesExactHyperparameters() throws {
        let o = try optimizer("torch", "{kind: sgd, learning_rate: 0.1, momentum: 0.9, dampening: 0.25, weight_decay: 0.001}").optimizer
        XCTAssertEqual(o.momentum, 0.9)
        XCTAssertEqual(o.weightDecay, 0.001)
        XCTAssertEqual(o.dampeningComplement, 0.75)
        XCTAssertTrue(o.castHyperparameters.allSatisfy { $0.applied == $0.written })
    }

    func testKerasAdamRaisesCastBetasButSubtractsThemExactly() throws {
        let o = try optimizer("keras", "{kind: adam, learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999}").optimizer
        XCTAssertEqual(o.beta1, Self.momentumThroughFloat32, "ops.power(ops.cast(beta_1), t)")
        XCTAssertEqual(o.beta2, Double(Float(0.999)))
        XCTAssertEqual(o.oneMinusBeta1, 1 - 0.9, "(1 - self.beta_1) is Python arithmetic")
        XCTAssertEqual(o.oneMinusBeta2, 1 - 0.999)
        XCTAssertEqual(o.epsilon, 1e-7)
    }

    func testAdamEstimateFormKeepsItsBetasExactEvenWhenTheSpecCasts() throws {
        let o = try optimizer("keras", "{kind: adam, beta_1: 0.9, epsilon_form: estimate}").optimizer
        XCTAssertEqual(o.spec.hyperparameterDtype, .float32)
        XCTAssertEqual(o.beta1, 0.9, "PyTorch's bias corrections are Python floats")
        XCTAssertEqual(o.castHyperparameters.first { $0.key == "beta_1" }?.applied, 0.9)
        XCTAssertEqual(o.castHyperparameters.first { $0.key == "beta_1" }?.float32, Self.momentumThroughFloat32,
                       "what Keras itself would apply, for the exporters")
    }

    func testRMSpropAndAdagradReadRhoExactlyAndTheInitialAccumulatorCast() throws {
        let r = try optimizer("keras", "{kind: rmsprop, rho: 0.9, momentum: 0.9}").optimizer
        XCTAssertEqual([r.rho, r.oneMinusRho, r.momentum], [0.9, 1 - 0.9, 0.9], "Python arithmetic: never cast")
        let a = try optimizer("keras", "{kind: adagrad, initial_accumulator_value: 0.1}").optimizer
        XCTAssertEqual(a.initialAccumulator, Double(Float(0.1)))
        let t = try optimizer("torch", "{kind: adagrad, initial_accumulator_value: 0.1}").optimizer
        XCTAssertEqual(t.initialAccumulator, 0.1)
    }

    func testKerasInverseTimeScheduleIsComputedInFloat32AndTorchsExactly() throws {
        let schedule = "{kind: sgd, learning_rate: 0.1, schedule: {kind: inverse_time, decay: 0.01}}"
        let k = try optimizer("keras", schedule).optimizer
        XCTAssertEqual(k.learningRate(iterations: 0, samplesSeen: 0), Double(Float(0.1)))
        XCTAssertEqual(k.learningRate(iterations: 3, samplesSeen: 0), Double(Float(0.1) / (1 + Float(0.01) * 3)))
        let t = try optimizer("torch", schedule).optimizer
        XCTAssertEqual(t.learningRate(iterations: 3, samplesSeen: 0), 0.1 / (1 + 0.01 * 3))
    }

    func testRegularizerFactorsAreCastLikeTheOptimizersHyperparameters() throws {
        let k = try optimizer("keras", "sgd", regularizer: ", kernel_regularizer: {l2: 0.01, half_l2: 0.1}")
        let r = try XCTUnwrap(k.tensor(layer: 0, .kernel)?.appliedRegularizer)
        XCTAssertEqual(r.l2, Double(Float(0.01)))
        XCTAssertEqual(r.halfL2, 0.1, "a hand-written expression stays exact")
        let t = try optimizer("torch", "sgd", regularizer: ", kernel_regularizer: {l2: 0.01}")
        XCTAssertEqual(t.tensor(layer: 0, .kernel)?.appliedRegularizer?.l2, 0.01)
    }

    /// The l1/l2 factors meet the weights as float32 numbers when Keras casts them or when the
    /// model itself is float32 (its arithmetic rounds them); only a float64 model with exact
    /// hyperparameters keeps them exact. half_l2 stays exact throughout.
    func testRegularizerFactorsAtTheWeightsAreFloat32WhenCastOrInAFloat32Model() throws {
        let reg = ", kernel_regularizer: {l1: 0.003, l2: 0.01, half_l2: 0.1}"
        let cases: [(convention: String, dtype: String, float32: Bool)] = [
            ("keras", "float64", true),   // hyperparameter_dtype float32: Keras' cast
            ("torch", "float64", false),  // exact hyperparameters, float64 weights
            ("torch", "float32", true),   // exact hyperparameters, float32 weights
        ]
        for c in cases {
            let plan = try optimizer(c.convention, dtype: c.dtype, "sgd", regularizer: reg)
            let r = try XCTUnwrap(plan.spec.model.layers[0].kernelRegularizer)
            let atWeights = plan.factorsAtTheWeights(r)
            XCTAssertEqual(plan.regularizerFactorsInFloat32, c.float32, "\(c)")
            XCTAssertEqual(atWeights.l1, c.float32 ? Double(Float(0.003)) : 0.003, "\(c)")
            XCTAssertEqual(atWeights.l2, c.float32 ? Double(Float(0.01)) : 0.01, "\(c)")
            XCTAssertEqual(atWeights.halfL2, 0.1, "\(c)")
        }
        // A float32 model with exact hyperparameters: the framework applies the written factor
        // (appliedRegularizer), which the float32 weights then meet rounded.
        let torch32 = try optimizer("torch", dtype: "float32", "sgd", regularizer: reg)
        XCTAssertEqual(torch32.tensor(layer: 0, .kernel)?.appliedRegularizer?.l2, 0.01)
    }
}
