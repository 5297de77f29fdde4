@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import XCTest

/// The analytic gradient of every activation × loss × regularizer combination against central
/// finite differences of the reported loss, in float64.
final class GradientCheckTests: XCTestCase {
    struct LossCase {
        let name: String
        let yaml: String
        let output: String
        let units: Int
        /// "real", "binary", "onehot", "labels" (rank 1) or "vector" (rank 1 reals).
        let targets: String
    }

    static let losses: [LossCase] = [
        LossCase(name: "keras mse", yaml: "{kind: mse, form: keras}", output: "linear", units: 2, targets: "real"),
        LossCase(name: "mse through a sigmoid output", yaml: "{kind: mse, form: keras}", output: "sigmoid", units: 2, targets: "binary"),
        LossCase(name: "sklearn mse, one output", yaml: "{kind: mse, form: sklearn}", output: "linear", units: 1, targets: "real"),
        LossCase(name: "tf1 broadcast mse", yaml: "{kind: mse, form: tf1, compute_dtype: null}", output: "linear", units: 1, targets: "vector"),
        LossCase(name: "bce from cached logits", yaml: "{kind: binary_crossentropy, form: keras}", output: "sigmoid", units: 2, targets: "binary"),
        LossCase(name: "bce through the clip", yaml: "{kind: binary_crossentropy, link: clipped}", output: "sigmoid", units: 2, targets: "binary"),
        LossCase(name: "bce canonical", yaml: "{kind: binary_crossentropy, form: sklearn}", output: "sigmoid", units: 2, targets: "binary"),
        LossCase(name: "bce from_logits", yaml: "{kind: binary_crossentropy, from_logits: true}", output: "linear", units: 2, targets: "binary"),
        LossCase(name: "cce from cached logits", yaml: "{kind: categorical_crossentropy}", output: "softmax", units: 3, targets: "onehot"),
        LossCase(name: "cce through the clip", yaml: "{kind: categorical_crossentropy, link: clipped}", output: "softmax", units: 3, targets: "onehot"),
        LossCase(name: "cce normalizing sigmoid outputs", yaml: "{kind: categorical_crossentropy}", output: "sigmoid", units: 3, targets: "onehot"),
        LossCase(name: "cce canonical", yaml: "{kind: categorical_crossentropy, form: sklearn}", output: "softmax", units: 3, targets: "onehot"),
        LossCase(name: "cce from_logits", yaml: "{kind: categorical_crossentropy, from_logits: true}", output: "linear", units: 3, targets: "onehot"),
        LossCase(name: "sparse cce", yaml: "{kind: sparse_categorical_crossentropy}", output: "softmax", units: 3, targets: "labels"),
    ]

    static let regularizers: [(name: String, layer: String, global: String)] = [
        ("none", "", ""),
        ("per-layer l1, l2 and half_l2", ", kernel_regularizer: {l1: 0.01, l2: 0.02}, bias_regularizer: {half_l2: 0.3}", ""),
        ("alpha divided by batch", "", "regularization: {alpha: 0.5, divide_by_batch: true}\n"),
        ("alpha not divided", "", "regularization: {alpha: 0.5, divide_by_batch: false}\n"),
    ]

    func testAnalyticGradientMatchesFiniteDifferences() throws {
        for activation in Activation.allCases {
            for lossCase in Self.losses {
                for reg in Self.regularizers {
                    let label = "\(activation.rawValue) hidden, \(lossCase.name), \(reg.name)"
                    let worst = try worstGradientError(activation: activation, loss: lossCase, reg: reg)
                    XCTAssertLessThan(worst, 1e-7, label)
                }
            }
        }
    }

    private func worstGradientError(activation: Activation, loss: LossCase,
                                    reg: (name: String, layer: String, global: String)) throws -> Double {
        let spec = try makeSpec("""
            convention: keras
            dtype: float64
            seed: 3
            model:
              layers:
                - {name: hidden, units: 4, activation: \(activation.rawValue)\(reg.layer), bias_initializer: {uniform: {low: -0.5, high: 0.5}}}
                - {name: out, units: \(loss.units), activation: \(loss.output)\(reg.layer), bias_initializer: {uniform: {low: -0.5, high: 0.5}}}
            loss: \(loss.yaml)
            \(reg.global)optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1, batch_size: full, shuffle: false}
            """)
        let data = Self.data(loss, rows: 6, features: 3)
        return finiteDifferenceGradientError(try Trainer<Double>(spec: spec, data: data))
    }

    static func data(_ loss: LossCase, rows: Int, features: Int) -> MaterializedData {
        var rng = RandomState(seed: 7)
        let x = DataArray(shape: [rows, features], values: rng.uniform(low: -1.5, high: 1.5, count: rows * features))
        let k = loss.units
        let y: DataArray
        switch loss.targets {
        case "binary": y = DataArray(shape: [rows, k], values: (0 ..< rows * k).map { _ in rng.rand() < 0.5 ? 0 : 1 })
        case "labels": y = DataArray(vector: (0 ..< rows).map { _ in Double(rng.randint(low: 0, high: k)) })
        case "onehot":
            y = DataArray(shape: [rows, k], values: (0 ..< rows).flatMap { _ -> [Double] in
                let c = rng.randint(low: 0, high: k)
                return (0 ..< k).map { $0 == c ? 1 : 0 }
            })
        case "vector": y = DataArray(vector: rng.uniform(low: -1, high: 1, count: rows))
        default: y = DataArray(shape: [rows, k], values: rng.uniform(low: -1, high: 1, count: rows * k))
        }
        return MaterializedData(trainInputs: x, trainTargets: y)
    }
}

/// The largest difference, relative with a floor of 1, between the analytic gradient of the
/// trainer's loss on its training rows and central finite differences (step 1e-6) of that loss.
func finiteDifferenceGradientError(_ trainer: Trainer<Double>) -> Double {
    let x = trainer.train.x.constPointer, y = trainer.train.y.constPointer, rows = trainer.train.rows
    _ = trainer.lossAndGradient(x, y, rows: rows)
    let analytic = trainer.net.gradient.array
    let w = trainer.net.parameters
    var worst = 0.0
    let h = 1e-6
    for i in 0 ..< w.count {
        let saved = w[i]
        w[i] = saved + h
        let up = trainer.lossAndGradient(x, y, rows: rows)
        w[i] = saved - h
        let down = trainer.lossAndGradient(x, y, rows: rows)
        w[i] = saved
        let numeric = (up - down) / (2 * h)
        worst = max(worst, abs(numeric - analytic[i]) / max(1, abs(numeric)))
    }
    return worst
}

/// Batch normalization in a training pass: the batch statistics depend on every row, so the
/// gradient through x carries the mean's and variance's terms; γ and β get theirs, with their
/// regularizers; after a dense layer (features) and after a convolution (channels, both data
/// formats), and without γ and β.
final class BatchNormGradientCheckTests: XCTestCase {
    func worst(_ convention: String, shape: [Int], layers: String, rows: Int = 6) throws -> Double {
        let spec = try makeSpec("""
            convention: \(convention)
            dtype: float64
            seed: 5
            model:
              input_shape: \(shape)
              layers:
            \(layers)
                - {name: out, units: 2, activation: sigmoid}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1, batch_size: full, shuffle: false}
            """)
        var rng = RandomState(seed: 11)
        let features = shape.reduce(1, *)
        let data = MaterializedData(trainInputs: DataArray(shape: [rows, features], values: rng.uniform(low: -1.5, high: 1.5, count: rows * features)),
                                    trainTargets: DataArray(shape: [rows, 2], values: rng.uniform(low: 0, high: 1, count: rows * 2)))
        let trainer = try Trainer<Double>(spec: spec, data: data)
        // γ and β away from 1 and 0, so every term of the gradient counts.
        for t in trainer.plan.tensors where t.role == .gamma || t.role == .beta {
            for i in 0 ..< t.count { trainer.net.parameters[t.offset + i] = rng.uniform(low: 0.5, high: 1.5, count: 1)[0] }
        }
        return finiteDifferenceGradientError(trainer)
    }

    func testAfterADenseLayerWithGammaAndBetaRegularizers() throws {
        let layers = """
                - {name: hidden, units: 4, activation: tanh}
                - {type: batch_normalization, gamma_regularizer: {l2: 0.05}, beta_regularizer: {l1: 0.01, half_l2: 0.1}}
            """
        XCTAssertLessThan(try worst("keras", shape: [3], layers: layers), 1e-7)
    }

    func testAfterAConvolutionChannelsLastAndChannelsFirst() throws {
        let layers = """
                - {type: conv2d, filters: 3, kernel_size: 2, activation: tanh}
                - {type: batch_norm2d}
                - {type: flatten}
            """
        XCTAssertLessThan(try worst("keras", shape: [4, 3, 2], layers: layers), 1e-7)
        XCTAssertLessThan(try worst("torch", shape: [2, 4, 3], layers: layers), 1e-7)
    }

    func testWithoutGammaAndBetaTheInputStillGetsTheStatisticsTerms() throws {
        let layers = """
                - {name: hidden, units: 3, activation: tanh}
                - {type: batch_norm1d, affine: false}
            """
        XCTAssertLessThan(try worst("torch", shape: [3], layers: layers, rows: 5), 1e-7)
    }
}
