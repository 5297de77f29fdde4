import NNSpecData
import NNSpecIR
import NNSpecPlan
import XCTest

/// What the plan derives for spatial layers: output shapes under each padding rule, the
/// receptive-field fans and each convention's initial distributions, and the shape each layer
/// passes on in the model's data format.
final class SpatialPlanTests: XCTestCase {
    func plan(_ convention: String, shape: [Int], layers: String, format: String? = nil) throws -> ExperimentPlan {
        let features = shape.reduce(1, *)
        let spec = try makeSpec("""
            convention: \(convention)
            model:
              input_shape: \(shape)\(format.map { "\n  data_format: \($0)" } ?? "")
              layers:
            \(layers)
                - {units: 1}
            loss: mse
            """)
        return try ExperimentPlan(spec: spec, shapes: DataShapes(trainingRows: 4, features: features, targetShape: [4, 1]))
    }

    /// TensorFlow's `same`: ceil(n/s) outputs, the odd padding pixel at the bottom/right.
    func testSamePaddingPutsTheOddPixelAfter() throws {
        let window = Window(size: [3, 3], strides: [2, 2], padding: .same)
        let odd = try SpatialGeometry(window, h: 7, w: 7, c: 1, layer: "c", path: "p")
        XCTAssertEqual([odd.outH, odd.padTop, odd.outW, odd.padLeft], [4, 1, 4, 1], "7 → 4: one pixel each side")
        let even = try SpatialGeometry(window, h: 6, w: 6, c: 1, layer: "c", path: "p")
        XCTAssertEqual([even.outH, even.padTop], [3, 0], "6 → 3: total padding 1, all of it at the bottom")
        let torch = try SpatialGeometry(Window(size: [3, 3], strides: [2, 2], padding: .explicit(top: 1, bottom: 1, left: 1, right: 1)),
                                        h: 6, w: 6, c: 1, layer: "c", path: "p")
        XCTAssertEqual([torch.outH, torch.padTop], [3, 1], "padding=1 on 6: the same size, shifted by a pixel")
        let dilated = try SpatialGeometry(Window(size: [3, 2], strides: [1, 1], dilation: [2, 3], padding: .valid), h: 9, w: 9, c: 1, layer: "c", path: "p")
        XCTAssertEqual([dilated.outH, dilated.outW], [5, 6])
    }

    func testConvolutionFansAreTheReceptiveFieldsAndDefaultsFollowTheConvention() throws {
        let layers = "    - {type: conv2d, filters: 3, kernel_size: 3}\n    - {type: flatten}"
        let keras = try plan("keras", shape: [5, 5, 2], layers: layers)
        let kernel = try XCTUnwrap(keras.tensor(layer: 0, .kernel))
        XCTAssertEqual(kernel.shape, [3, 3, 2, 3])
        XCTAssertEqual(kernel.fans, Fans(18, 27))
        let glorot = (6.0 / 45).squareRoot()
        XCTAssertEqual(kernel.distribution, .uniform(low: -glorot, high: glorot))
        XCTAssertEqual(keras.tensor(layer: 0, .bias)?.distribution, .constant(0))
        XCTAssertEqual(keras.layers[0].outputShape, [3, 3, 3])
        XCTAssertEqual(keras.layers[2].inputShape, [27])

        let torch = try plan("torch", shape: [2, 5, 5], layers: layers)
        let bound = 1 / 18.0.squareRoot()
        XCTAssertEqual(torch.tensor(layer: 0, .kernel)?.distribution, .uniform(low: -bound, high: bound))
        XCTAssertEqual(torch.tensor(layer: 0, .bias)?.distribution, .uniform(low: -bound, high: bound),
                       "PyTorch draws the bias from U(±1/√fan_in) with fan_in = c_in·kh·kw too")
        XCTAssertEqual(torch.layers[0].outputShape, [3, 3, 3])
        XCTAssertEqual(torch.parameterCount, 3 * 3 * 2 * 3 + 3 + 27 + 1)
    }

    func testPoolingKeepsChannelsInTheModelsOrder() throws {
        let layers = "    - {type: max_pooling2d, pool_size: 2, padding: same}\n    - {type: flatten}"
        XCTAssertEqual(try plan("keras", shape: [5, 4, 3], layers: layers).layers[0].outputShape, [3, 2, 3])
        XCTAssertEqual(try plan("torch", shape: [3, 5, 4], layers: layers).layers[0].outputShape, [3, 3, 2])
    }
}

extension SpatialPlanTests {
    /// Sizes from a spec never trap: a huge stride or dilation is counted or refused.
    func testHugeStridesAndDilationsAreCountedOrRefused() throws {
        let huge = Window(size: [3, 3], strides: [Int.max, Int.max], padding: .same)
        let g = try SpatialGeometry(huge, h: 5, w: 5, c: 1, layer: "c", path: "p")
        XCTAssertEqual([g.outH, g.outW], [1, 1])
        let dilated = Window(size: [3, 3], strides: [1, 1], dilation: [Int.max, 1], padding: .valid)
        XCTAssertThrowsError(try SpatialGeometry(dilated, h: 5, w: 5, c: 1, layer: "c", path: "p"))
        let padded = Window(size: [2, 2], strides: [1, 1], padding: .explicit(top: Int.max, bottom: Int.max, left: 0, right: 0))
        XCTAssertThrowsError(try SpatialGeometry(padded, h: 5, w: 5, c: 1, layer: "c", path: "p"))
    }

    /// Rows of an IDX image file (n × 784 with a 28 × 28 grid in its header) reach a first
    /// convolution or pooling as one-channel images in the model's data format; a dense first
    /// layer reads the rows as they are, and a written input_shape wins.
    func testIDXImageRowsReachAConvolutionAsOneChannelImagesInTheDataFormat() throws {
        func firstInput(_ convention: String, _ layers: String, inputShape: String = "") throws -> [Int] {
            let spec = try makeSpec("""
                convention: \(convention)
                model:\(inputShape)
                  layers:
                \(layers)
                    - {units: 10}
                loss: mse
                """)
            let shapes = DataShapes(trainingRows: 4, features: 784, targetShape: [4, 10], imageGrid: [28, 28])
            return try ExperimentPlan(spec: spec, shapes: shapes).layers[0].inputShape
        }
        let conv = "    - {type: conv2d, filters: 2, kernel_size: 3}\n    - {type: flatten}"
        XCTAssertEqual(try firstInput("keras", conv), [28, 28, 1])
        XCTAssertEqual(try firstInput("torch", conv), [1, 28, 28])
        XCTAssertEqual(try firstInput("keras", "    - {type: dropout, rate: 0.1}\n    - {type: max_pooling2d}\n    - {type: flatten}"), [28, 28, 1],
                       "a dropout before the first pooling keeps the image")
        XCTAssertEqual(try firstInput("keras", "    - {units: 3}"), [784], "a dense layer reads the rows")
        XCTAssertEqual(try firstInput("keras", conv, inputShape: "\n  input_shape: [28, 28, 1]\n  data_format: channels_last"), [28, 28, 1])
        XCTAssertThrowsError(try firstInput("torch", conv, inputShape: "\n  input_shape: [784]"), "a written input_shape wins, and a convolution refuses rows")
        // The plan says where the shape came from (compile shows it).
        let spec = try makeSpec("convention: keras\nmodel:\n  layers:\n\(conv)\n    - {units: 10}\nloss: mse")
        let shapes = DataShapes(trainingRows: 4, features: 784, targetShape: [4, 10], imageGrid: [28, 28])
        XCTAssertEqual(try ExperimentPlan(spec: spec, shapes: shapes).inputShapeOrigin, .idxHeader)
        XCTAssertEqual(try ExperimentPlan(spec: spec, shapes: DataShapes(trainingRows: 4, features: 784, targetShape: [4, 10], sampleShape: [28, 28, 1])).inputShapeOrigin, .data)
    }

    /// Images in the other layout: the error says how the sample reads in each.
    func testAWindowThatFitsOnlyTheOtherLayoutNamesBothReadings() throws {
        let layers = "    - {type: conv2d, filters: 2, kernel_size: 3}\n    - {type: flatten}"
        XCTAssertThrowsError(try plan("keras", shape: [1, 28, 28], layers: layers)) { error in
            let e = error as? PlanError
            XCTAssertEqual(e?.path, "model.layers[0]")
            XCTAssertEqual(e?.message, "layer 'conv2d_0': its window spans 3 pixels but the input's height is 1: read channels_last, samples of shape [1, 28, 28] are 1×28 images with 28 channels; read channels_first they would be 28×28 with 1 (set model.data_format: channels_first, or give the inputs in channels_last order)")
        }
        XCTAssertThrowsError(try plan("keras", shape: [2, 2, 1], layers: layers)) { error in
            XCTAssertEqual((error as? PlanError)?.message, "layer 'conv2d_0': its window spans 3 pixels but the input's height is 2",
                           "no hint when neither layout fits")
        }
    }
}
