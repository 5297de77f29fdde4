@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import XCTest

/// Small cases whose numbers can be checked by hand, one per convention difference.
final class HandCheckedTests: XCTestCase {
    private func run(_ yaml: String, x: DataArray, y: DataArray, initial: [DenseParameters]? = nil) throws -> RunResult {
        try Runner.run(try makeSpec(yaml), data: MaterializedData(trainInputs: x, trainTargets: y), initialParameters: initial)
    }

    /// One linear unit, zero init, x = [1, 2], y = [1, 3]; one full-batch SGD step at lr 0.1.
    /// Keras MSE: loss = (1 + 9)/2 = 5; ∂L/∂p = 2(p − y)/n = [−1, −3];
    /// ∂L/∂w = 1·(−1) + 2·(−3) = −7, ∂L/∂b = −4 → w = 0.7, b = 0.4.
    func testKerasMSEStepMatchesHandComputation() throws {
        let r = try run("""
            convention: keras
            dtype: float64
            model: {layers: [{name: out, units: 1, kernel_initializer: zeros}]}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1, batch_size: full, shuffle: false}
            """, x: DataArray(column: [1, 2]), y: DataArray(vector: [1, 3]))
        XCTAssertEqual(r.history.first?.loss, 5)
        XCTAssertEqual(r.parameters[0].kernel[0], 0.7, accuracy: 1e-15)
        XCTAssertEqual(r.parameters[0].bias![0], 0.4, accuracy: 1e-15)
    }

    /// The same data as TF1 fed it: labels (n,) against predictions (n, 1) broadcast to (n, n).
    /// ∂L/∂p_i = 2(p_i − ȳ)/n = −2 for both rows → ∂L/∂w = −6, ∂L/∂b = −4 → w = 0.6, b = 0.4:
    /// every prediction is pulled to the mean of y, not to its own target.
    func testTF1BroadcastPullsEveryPredictionToTheTargetMean() throws {
        let yaml = """
            convention: tf1
            dtype: float64
            model: {layers: [{name: out, units: 1, kernel_initializer: zeros}]}
            loss: {kind: mse, compute_dtype: null}
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {steps: 1, batch_size: full, log: {mode: batch, unit: step, every: 1}}
            """
        let r = try run(yaml, x: DataArray(column: [1, 2]), y: DataArray(vector: [1, 3]))
        XCTAssertEqual(r.history.first?.loss, 5)
        XCTAssertEqual(r.parameters[0].kernel[0], 0.6, accuracy: 1e-15)
        XCTAssertEqual(r.parameters[0].bias![0], 0.4, accuracy: 1e-15)
        // Targets of shape (n, 1) do not broadcast: the Keras step.
        let column = try run(yaml, x: DataArray(column: [1, 2]), y: DataArray(column: [1, 3]))
        XCTAssertEqual(column.parameters[0].kernel[0], 0.7, accuracy: 1e-15)
    }

    /// TF1's loss is float32 even when the model is float64: the reported loss is a float32 value.
    func testTF1LossIsComputedInFloat32UnderFloat64() throws {
        let r = try run("""
            convention: tf1
            dtype: float64
            model: {layers: [{name: out, units: 1, kernel_initializer: zeros}]}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {steps: 1, batch_size: full, log: {mode: batch, unit: step, every: 1}}
            """, x: DataArray(column: [1, 2, 3]), y: DataArray(vector: [0.1, 0.2, 0.3]))
        let loss = try XCTUnwrap(r.history.first?.loss)
        XCTAssertEqual(loss, Double(Float(loss)))
        XCTAssertNotEqual(loss, (0.01 + 0.04 + 0.09) / 3)
        XCTAssertEqual(loss, (0.01 + 0.04 + 0.09) / 3, accuracy: 1e-8)
    }

    /// Two linear layers 1→1→1 with w1 = 2, w2 = 3, zero biases; inputs 0 and targets 0, so the
    /// data term and its gradient vanish and only the penalty acts. Batch of 2, lr 0.1.
    /// scikit-learn alpha = 1: loss ½·1·(4 + 9)/2 = 3.25; ∂ = αW/n → w1 = 2 − 0.1·1, w2 = 3 − 0.1·1.5.
    func testSklearnAlphaPenalizesAllKernelsDividedByBatch() throws {
        let initial = [DenseParameters(name: "hidden", fanIn: 1, fanOut: 1, kernel: [2], bias: [0]),
                       DenseParameters(name: "out", fanIn: 1, fanOut: 1, kernel: [3], bias: [0])]
        let r = try run("""
            convention: sklearn
            model: {layers: [{name: hidden, units: 1}, {name: out, units: 1}]}
            loss: mse
            regularization: {alpha: 1}
            optimizer: {kind: sgd, learning_rate: 0.1, momentum: 0}
            training: {epochs: 1, batch_size: 2, shuffle: false}
            """, x: DataArray(column: [0, 0]), y: DataArray(vector: [0, 0]), initial: initial)
        XCTAssertEqual(r.history.first?.loss, 3.25)
        XCTAssertEqual(r.parameters[0].kernel[0], 1.9, accuracy: 1e-15)
        XCTAssertEqual(r.parameters[1].kernel[0], 2.85, accuracy: 1e-15)
        XCTAssertEqual(r.parameters[0].bias, [0])
    }

    /// The same network with Keras' custom `0.5·α·ΣW²` on the first kernel only: loss ½·1·4 = 2,
    /// not divided by the batch; ∂ = αW → w1 = 2 − 0.1·2, w2 untouched. `l2(λ)` is twice as strong.
    func testKerasHalfL2AppliesWhereNamedAndIsNotDividedByBatch() throws {
        let initial = [DenseParameters(name: "hidden", fanIn: 1, fanOut: 1, kernel: [2], bias: [0]),
                       DenseParameters(name: "out", fanIn: 1, fanOut: 1, kernel: [3], bias: [0])]
        for (reg, loss, w1) in [("{half_l2: 1}", 2.0, 1.8), ("{l2: 1}", 4.0, 1.6)] {
            let r = try run("""
                convention: keras
                dtype: float64
                model: {layers: [{name: hidden, units: 1, kernel_regularizer: \(reg)}, {name: out, units: 1}]}
                loss: mse
                optimizer: {kind: sgd, learning_rate: 0.1}
                training: {epochs: 1, batch_size: 2, shuffle: false}
                """, x: DataArray(column: [0, 0]), y: DataArray(vector: [0, 0]), initial: initial)
            XCTAssertEqual(r.history.first?.loss, loss, reg)
            XCTAssertEqual(r.parameters[0].kernel[0], w1, accuracy: 1e-15, reg)
            XCTAssertEqual(r.parameters[1].kernel[0], 3, reg)
        }
    }

    /// One sample, four outputs y = [1, 2, 3, 4], zero init, lr 0.1 on a linear layer with x = 1.
    /// scikit-learn: loss ½·mean(y²) = 3.75, delta p − y (not /k) → w = 0.1·y.
    /// Keras: loss mean(y²) = 7.5, gradient 2(p − y)/k → w = 0.05·y.
    func testSklearnMSEGradientIsNotDividedByOutputs() throws {
        for (convention, loss, step) in [("sklearn", 3.75, 0.1), ("keras", 7.5, 0.05)] {
            let r = try run("""
                convention: \(convention)
                dtype: float64
                model: {layers: [{name: out, units: 4, kernel_initializer: zeros, bias_initializer: zeros}]}
                loss: mse
                regularization: {alpha: 0}
                optimizer: {kind: sgd, learning_rate: 0.1, momentum: 0}
                training: {epochs: 1, batch_size: 1, shuffle: false}
                """, x: DataArray(column: [1]), y: DataArray(rows: 1, columns: 4, values: [1, 2, 3, 4]))
            XCTAssertEqual(r.history.first?.loss, loss, convention)
            for j in 0 ..< 4 { XCTAssertEqual(r.parameters[0].kernel[j], step * Double(j + 1), accuracy: 1e-15, convention) }
        }
    }

    /// Both shuffle forms draw from the RNG that drew the weights, so their first epochs agree;
    /// scikit-learn then shuffles its already shuffled indices again while `permutation` starts
    /// from 0…n−1, so the second epochs differ.
    func testSklearnShuffleComposesWhilePermutationStartsAfresh() throws {
        func params(_ form: String, epochs: Int) throws -> [Double] {
            let r = try run("""
                convention: sklearn
                seed: 3
                model: {layers: [{name: out, units: 1}]}
                loss: mse
                optimizer: {kind: sgd, learning_rate: 0.1, momentum: 0}
                training: {epochs: \(epochs), batch_size: 2, shuffle: true, shuffle_form: \(form)}
                """, x: DataArray(column: [1, 2, 3, 4, 5, 6]), y: DataArray(vector: [1, -1, 2, 0, 3, 1]))
            return r.parameters[0].kernel + r.parameters[0].bias!
        }
        XCTAssertEqual(try params("sklearn", epochs: 1), try params("permutation", epochs: 1))
        XCTAssertNotEqual(try params("sklearn", epochs: 2), try params("permutation", epochs: 2))
    }

    /// NumPy network decay `W(1 − λ·lr)`: a global ½λΣW² not divided by n, on all kernels.
    func testNumpyDecayShrinksEveryKernelByLambdaTimesLearningRate() throws {
        let initial = [DenseParameters(name: "hidden", fanIn: 1, fanOut: 1, kernel: [2], bias: [0]),
                       DenseParameters(name: "out", fanIn: 1, fanOut: 1, kernel: [3], bias: [0])]
        let r = try run("""
            convention: numpy
            model: {layers: [{name: hidden, units: 1}, {name: out, units: 1}]}
            loss: mse
            regularization: {alpha: 0.5}
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1}
            """, x: DataArray(column: [0, 0]), y: DataArray(vector: [0, 0]), initial: initial)
        // The NumPy loop's `calcCost` after the epoch: ½λΣW² with the updated kernels.
        XCTAssertEqual(r.history.first!.loss, 0.5 * 0.5 * (1.9 * 1.9 + 2.85 * 2.85), accuracy: 1e-15)
        XCTAssertEqual(r.parameters[0].kernel[0], 2 * (1 - 0.5 * 0.1), accuracy: 1e-15)
        XCTAssertEqual(r.parameters[1].kernel[0], 3 * (1 - 0.5 * 0.1), accuracy: 1e-15)
    }

    /// scikit-learn stops once `_no_improvement_count > n_iter_no_change`: with a loss that never
    /// improves by tol, after 1 + (n_iter_no_change + 1) epochs.
    func testSklearnEarlyStoppingNeedsPatiencePlusOneEpochsWithoutImprovement() {
        var rule = EarlyStoppingRule(EarlyStopping(tol: 0.1, patience: 2))
        XCTAssertFalse(rule.shouldStop(after: 1.0))   // best = 1.0
        XCTAssertFalse(rule.shouldStop(after: 0.95))  // 1
        XCTAssertFalse(rule.shouldStop(after: 0.93))  // 2
        XCTAssertTrue(rule.shouldStop(after: 0.92))   // 3 > 2
        var improving = EarlyStoppingRule(EarlyStopping(tol: 0.1, patience: 2))
        for loss in stride(from: 10.0, to: 0, by: -0.5) { XCTAssertFalse(improving.shouldStop(after: loss)) }
    }

    /// Keras' legacy decay: lr/(1 + decay·t) with t the updates already applied.
    func testInverseTimeDecayCountsUpdatesBeforeTheStep() {
        let s = Schedule.inverseTime(decay: 1)
        XCTAssertEqual(s.learningRate(base: 0.1, iterations: 0, samplesSeen: 0, precision: nil), 0.1)
        XCTAssertEqual(s.learningRate(base: 0.1, iterations: 1, samplesSeen: 4, precision: nil), 0.05)
        let inv = Schedule.invScaling(powerT: 0.5)
        XCTAssertEqual(inv.learningRate(base: 0.1, iterations: 3, samplesSeen: 0, precision: nil), 0.1)
        XCTAssertEqual(inv.learningRate(base: 0.1, iterations: 3, samplesSeen: 3, precision: nil), 0.05)
    }

    /// ROC AUC with a tie between a positive and a negative counts the pair as ½:
    /// p = [0.1, 0.4, 0.4, 0.8], y = [0, 0, 1, 1] → (1 + ½ + 1 + 1)/4 (scikit-learn: 0.875).
    func testAUCCountsTiedPairsAsHalf() {
        let p: [Double] = [0.1, 0.4, 0.4, 0.8], y: [Double] = [0, 0, 1, 1]
        XCTAssertEqual(Metrics.value(.auc, p: p, y: y, rows: 4, k: 1, loss: 0), 0.875)
        XCTAssertNil(Metrics.value(.auc, p: p, y: [1, 1, 1, 1], rows: 4, k: 1, loss: 0))
    }

    /// r2 as scikit-learn's r2_score: 1 − SS_res/SS_tot, averaged over outputs; a constant target
    /// predicted exactly scores 1, otherwise 0.
    func testR2MatchesScikitLearnIncludingConstantTargets() {
        let y: [Double] = [1, 2, 3], p: [Double] = [1, 2, 4]
        XCTAssertEqual(Metrics.value(.r2, p: p, y: y, rows: 3, k: 1, loss: 0)!, 0.5, accuracy: 1e-15)
        XCTAssertEqual(Metrics.value(.r2, p: [2, 2, 2], y: [2, 2, 2], rows: 3, k: 1, loss: 0), 1)
        XCTAssertEqual(Metrics.value(.r2, p: [2, 2, 3], y: [2, 2, 2], rows: 3, k: 1, loss: 0), 0)
    }

    /// A learning rate far too large overflows the kernel: the run stops at that step and names
    /// the layer and tensor; the results file records it.
    func testDivergenceNamesTheStepLayerAndTensor() throws {
        let r = try run("""
            convention: keras
            dtype: float32
            model: {layers: [{name: hidden, units: 2, activation: linear, kernel_initializer: ones}, {name: out, units: 1, kernel_initializer: ones}]}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 1.0e+6}
            training: {epochs: 50, batch_size: full, shuffle: false}
            """, x: DataArray(column: [100, 200]), y: DataArray(vector: [1, 2]))
        XCTAssertEqual(r.status, .diverged)
        let d = try XCTUnwrap(r.divergence)
        XCTAssertLessThan(d.step, 10)
        XCTAssertEqual(r.steps, d.step)
        XCTAssertTrue(d.tensor == "loss" || d.layer != nil)
        XCTAssertTrue(d.message.hasPrefix("diverged at step \(d.step) (epoch \(d.epoch)): "), d.message)
        XCTAssertTrue(r.json.contains("\"status\": \"diverged\""))
        XCTAssertTrue(r.json.contains("\"diverged\": {"))
        XCTAssertNil(r.finalLoss)
    }
}
