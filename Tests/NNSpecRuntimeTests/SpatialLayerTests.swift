@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecPlan
import XCTest

/// Convolution, pooling and flatten: analytic gradients against central finite differences, in
/// float64, for each padding rule, stride, dilation and layout; and bit-identical runs at one
/// and two and three threads.
final class SpatialLayerTests: XCTestCase {
    /// Models over images of `shape` (in the model's data format), each ending in a dense layer
    /// of 2 linear outputs under MSE.
    static let models: [(name: String, format: String, shape: [Int], layers: String)] = [
        ("conv valid, flatten", "channels_last", [5, 5, 2], """
            - {type: conv2d, filters: 3, kernel_size: 3, activation: tanh, bias_initializer: {uniform: {low: -0.5, high: 0.5}}}
            - {type: flatten}
        """),
        ("conv same stride 2 on an odd size, max pooling", "channels_last", [7, 5, 2], """
            - {type: conv2d, filters: 3, kernel_size: [3, 2], strides: 2, padding: same, activation: softplus}
            - {type: max_pooling2d, pool_size: 2, strides: 1}
            - {type: flatten}
        """),
        ("conv same stride 2 on an even size, average pooling same (input pixels)", "channels_last", [6, 6, 1], """
            - {type: conv2d, filters: 2, kernel_size: 3, strides: 2, padding: same, use_bias: false}
            - {type: average_pooling2d, pool_size: 2, padding: same, count_include_pad: false}
            - {type: flatten}
        """),
        ("channels first, explicit padding, dilation, average pooling counting pads", "channels_first", [2, 6, 7], """
            - {type: conv2d, filters: 3, kernel_size: 2, strides: [2, 1], padding: [1, 0, 2, 1], dilation: 2, activation: sigmoid}
            - {type: average_pooling2d, pool_size: 3, strides: 2, padding: 1}
            - {type: flatten}
        """),
        // A 1×1 convolution first, so the gradients of its kernel check every later layer's
        // input delta, the strided, dilated, padded convolution's included.
        ("a strided dilated padded convolution above another", "channels_first", [2, 7, 6], """
            - {type: conv2d, filters: 2, kernel_size: 1, activation: tanh}
            - {type: conv2d, filters: 3, kernel_size: [2, 3], strides: 2, padding: same, dilation: [2, 1], activation: tanh}
            - {type: conv2d, filters: 2, kernel_size: 2, padding: [0, 1, 1, 0]}
            - {type: flatten}
        """),
        ("dropout after a convolution and after flatten (training masks fixed within a step)", "channels_last", [5, 5, 1], """
            - {type: conv2d, filters: 2, kernel_size: 2, activation: tanh}
            - {type: dropout, rate: 0.4}
            - {type: flatten}
            - {type: dropout, keep_prob: 0.7}
        """),
        ("max pooling over disjoint 2×2 windows, the last column in none", "channels_last", [7, 6, 2], """
            - {type: conv2d, filters: 3, kernel_size: 2, activation: tanh}
            - {type: max_pooling2d, pool_size: 2}
            - {type: flatten}
        """),
        ("channels first, two convs, max pooling with padding", "channels_first", [1, 6, 6], """
            - {type: conv2d, filters: 2, kernel_size: 3, padding: 1, activation: relu}
            - {type: max_pooling2d, pool_size: 3, strides: 2, padding: 1}
            - {type: conv2d, filters: 2, kernel_size: 2}
            - {type: flatten}
        """),
    ]

    static func spec(_ m: (name: String, format: String, shape: [Int], layers: String), dtype: String = "float64",
                     extra: String = "") throws -> Spec {
        try makeSpec("""
            convention: keras
            dtype: \(dtype)
            seed: 3
            model:
              input_shape: \(m.shape)
              data_format: \(m.format)
              layers:
            \(m.layers)
                - {name: out, units: 2, bias_initializer: {uniform: {low: -0.5, high: 0.5}}}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 2, batch_size: 4, shuffle: false}
            \(extra)
            """)
    }

    static func data(_ shape: [Int], rows: Int) -> MaterializedData {
        var rng = RandomState(seed: 7)
        let features = shape.reduce(1, *)
        let x = DataArray(shape: [rows, features], values: rng.uniform(low: -1.5, high: 1.5, count: rows * features))
        let y = DataArray(shape: [rows, 2], values: rng.uniform(low: -1, high: 1, count: rows * 2))
        return MaterializedData(trainInputs: x, trainTargets: y)
    }

    func testAnalyticGradientMatchesFiniteDifferences() throws {
        for m in Self.models {
            let trainer = try Trainer<Double>(spec: Self.spec(m), data: Self.data(m.shape, rows: 5))
            XCTAssertGreaterThan(trainer.net.parameterCount, 0, m.name)
            let worst = finiteDifferenceGradientError(trainer)
            XCTAssertLessThan(worst, 1e-7, m.name)
        }
    }

    /// With the threshold at 0, every product, convolution and pooling pass is split over the
    /// samples (or the outputs) at 2 and 3 threads, unevenly at 3 (9 rows: batches of 4, 4, 1).
    func testRunsAreBitIdenticalAtOneTwoAndThreeThreads() throws {
        let threshold = NumericsConfig.parallelThreshold
        NumericsConfig.parallelThreshold = 0
        defer { NumericsConfig.parallelThreshold = threshold }
        for m in Self.models {
            for dtype in ["float32", "float64"] {
                let spec = try Self.spec(m, dtype: dtype)
                let data = Self.data(m.shape, rows: 9)
                let one = try NumericsConfig.withThreadCount(1) { try Runner.run(spec, data: data).json }
                for threads in [2, 3] {
                    let many = try NumericsConfig.withThreadCount(threads) { try Runner.run(spec, data: data).json }
                    XCTAssertEqual(one, many, "\(m.name) \(dtype) at \(threads) threads")
                }
            }
        }
    }

    /// A batch large enough that each thread's share of a convolution spans several forward
    /// panels and the backward pass several chunks (the first conv's 30×30×3 input: 3 samples a
    /// panel, 49 a chunk; batches of 150, 150 and 1), with max and average pooling: the same
    /// bytes at 1, 2 and 3 threads.
    func testPanelsAndChunksDoNotChangeResults() throws {
        let spec = try makeSpec("""
            convention: keras
            dtype: float32
            seed: 5
            model:
              input_shape: [30, 30, 3]
              layers:
                - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
                - {type: max_pooling2d, pool_size: 2}
                - {type: conv2d, filters: 9, kernel_size: 3, padding: same, activation: tanh}
                - {type: average_pooling2d, pool_size: 3, strides: 2}
                - {type: flatten}
                - {name: out, units: 2}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.05}
            training: {epochs: 1, batch_size: 150, shuffle: false}
            """)
        let data = Self.data([30, 30, 3], rows: 301)
        let threshold = NumericsConfig.parallelThreshold
        NumericsConfig.parallelThreshold = 0
        defer { NumericsConfig.parallelThreshold = threshold }
        let one = try NumericsConfig.withThreadCount(1) { try Runner.run(spec, data: data).json }
        for threads in [2, 3] {
            let many = try NumericsConfig.withThreadCount(threads) { try Runner.run(spec, data: data).json }
            XCTAssertEqual(one, many, "at \(threads) threads")
        }
    }

    /// An image array (`reshape` to `(n, h, w, c)`) and rows with `model.input_shape` are the
    /// same data for the model: the same results, byte for byte.
    func testImageArraysAndRowsWithAnInputShapeTrainAlike() throws {
        let m = Self.models[1]
        let rows = Self.data(m.shape, rows: 6)
        let x = rows.trainInputs
        let images = MaterializedData(trainInputs: DataArray(shape: [x.rows] + m.shape, values: x.values), trainTargets: rows.trainTargets)
        let withShape = try Runner.run(Self.spec(m), data: rows).json
        let fromImages = try Runner.run(Self.spec(m), data: images).json
        XCTAssertEqual(withShape, fromImages)
    }
}
