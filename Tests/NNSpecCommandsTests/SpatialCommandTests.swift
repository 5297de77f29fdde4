import Foundation
import NNSpecCommands
import NNSpecExport
import NNSpecIR
import NNSpecPlan
import XCTest

/// The commands on a small CNN: `check` accepts it, `lint` does not mistake pooling or flatten for
/// linear dense layers nor a flatten's 0 units for a width, and `export` refuses the layers it cannot write, by name.
final class SpatialCommandTests: XCTestCase {
    static let cnn = """
        nnspec: 1
        convention: keras
        data:
          inputs: {reshape: {of: {rand: [20, 36]}, shape: [-1, 6, 6, 1]}}
          targets: {randint: {shape: [20], high: 3}}
        model:
          layers:
            - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
            - {type: max_pooling2d}
            - {type: flatten}
            - {units: 8, activation: relu}
            - {units: 3, activation: softmax}
        loss: sparse_categorical_crossentropy
        optimizer: {kind: adam, learning_rate: 0.01}
        training: {epochs: 200, batch_size: 10}
        """

    func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-spatial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("cnn.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testCheckAndLintAcceptASmallCNN() throws {
        let p = try write(Self.cnn)
        XCTAssertEqual(Check.run(paths: [p]).exitCode, 0)
        let lint = Lint.run(paths: [p])
        XCTAssertEqual(lint.stdout, "1 spec linted: no findings\n", lint.stdout + lint.stderr)
    }

    /// PyTorch's default batch of 1 gives batch normalization one value per channel, which
    /// PyTorch refuses: `check` says so at the layer when `batch_size` is the convention's
    /// default, and at `batch_size` where it is written.
    func testOneValuePerChannelIsLocatedAtTheBatchSizeOrElseTheLayer() throws {
        let bn = """
            convention: torch
            data:
              inputs: [[0, 1], [1, 2], [2, 0], [3, 1]]
              targets: [[0.1], [0.3], [0.5], [0.7]]
            model:
              layers:
                - {units: 4, activation: relu}
                - {type: batch_normalization}
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 5}
            """
        let byDefault = Check.run(paths: [try write(bn)])
        XCTAssertEqual(byDefault.exitCode, 1)
        XCTAssertTrue(byDefault.stderr.contains("cnn.yaml:8:7: error[plan-shape]: layer 'batch_normalization_1'"), byDefault.stderr)
        let written = Check.run(paths: [try write(bn.replacingOccurrences(of: "{epochs: 5}", with: "{epochs: 5, batch_size: 1}"))])
        XCTAssertTrue(written.stderr.contains("cnn.yaml:12:35: error[plan-shape]:"), written.stderr)
        XCTAssertEqual(Check.run(paths: [try write(bn.replacingOccurrences(of: "{epochs: 5}", with: "{epochs: 5, batch_size: 2}"))]).exitCode, 0)
    }

    func testKerasAndPyTorchExportACNNAndScikitLearnRefusesItsLayersByName() throws {
        let p = try write(Self.cnn)
        let spec = try XCTUnwrap(SpecPipeline.load(path: p).spec)
        XCTAssertNoThrow(try Export.script(for: spec, to: .keras, scriptDirectory: nil))
        // PyTorch refuses Keras' Adam epsilon, not a layer.
        XCTAssertThrowsError(try Export.script(for: spec, to: .pytorch, scriptDirectory: nil)) { error in
            XCTAssertEqual((error as? Export.Failure)?.refusals.map(\.field), ["optimizer.epsilon_form"])
        }
        XCTAssertThrowsError(try Export.script(for: spec, to: .sklearn, scriptDirectory: nil)) { error in
            let refusals = (error as? Export.Failure)?.refusals ?? []
            XCTAssertEqual(refusals.map(\.field), ["model.layers[0].type", "model.layers[1].type", "model.layers[2].type"])
            XCTAssertTrue(refusals.first?.reason.contains("'conv2d_0' is conv2d") == true, "\(refusals)")
            XCTAssertEqual(refusals.first?.location?.line, 8, "located at the layer")
        }
    }

    /// A model that ends in a feature map (here 1×1×3) has no vector for an exported loss:
    /// refused, located at the output layer.
    func testExportRefusesAModelEndingInAFeatureMap() throws {
        let p = try write("""
            nnspec: 1
            convention: keras
            data:
              inputs: {reshape: {of: {rand: [20, 36]}, shape: [-1, 6, 6, 1]}}
              targets: {randint: {shape: [20], high: 3}}
            model:
              layers:
                - {type: conv2d, filters: 3, kernel_size: 6, activation: softmax}
            loss: sparse_categorical_crossentropy
            optimizer: {kind: sgd, learning_rate: 0.01}
            training: {epochs: 2, batch_size: 10}
            """)
        let loaded = SpecPipeline.load(path: p)
        let spec = try XCTUnwrap(loaded.spec, "\(loaded.diagnostics)")
        for target in Export.Target.allCases {
            XCTAssertThrowsError(try Export.script(for: spec, to: target, scriptDirectory: nil)) { error in
                let failure = error as? Export.Failure
                XCTAssertEqual(failure?.refusals.map(\.field), ["model.layers[0].type"], "\(target)")
                XCTAssertEqual(failure?.refusals.first?.location?.line, 8, "\(target)")
                XCTAssertTrue(failure?.refusals.first?.reason.contains("samples of shape [1, 1, 3]") == true, "\(String(describing: failure))")
            }
        }
    }

    /// Batch normalization in Keras' convention: Keras writes it, PyTorch refuses Keras' biased
    /// moving variance, scikit-learn the layer, each by name.
    func testBatchNormalizationIsExportedOrRefusedByName() throws {
        let p = try write("""
            nnspec: 1
            convention: keras
            data:
              inputs: {rand: [20, 4]}
              targets: {rand: [20, 1]}
            model:
              layers:
                - {units: 8, activation: relu}
                - {name: bn, type: batch_normalization}
                - {units: 1}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.01}
            training: {epochs: 2, batch_size: 10}
            """)
        let loaded = SpecPipeline.load(path: p)
        let spec = try XCTUnwrap(loaded.spec, "\(loaded.diagnostics)")
        let keras = try Export.script(for: spec, to: .keras, scriptDirectory: nil)
        XCTAssertTrue(keras.contains("keras.layers.BatchNormalization(\n        axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, name=\"bn\","), keras)
        for (target, field) in [(Export.Target.pytorch, "model.layers[1].running_variance"), (.sklearn, "model.layers[1].type")] {
            XCTAssertThrowsError(try Export.script(for: spec, to: target, scriptDirectory: nil)) { error in
                XCTAssertEqual((error as? Export.Failure)?.refusals.map(\.field), [field], "\(target)")
            }
        }
    }

    /// `compile` shows the image shape the plan reads from an IDX file's header as
    /// `model.input_shape`, in the model's data format with its origin; the compiled text loads
    /// back to the same first-layer input. A dense first layer reads rows, and shows none.
    func testCompileShowsTheImageShapeOfAnIDXHeader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-compile-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Six 4×4 unsigned-byte images: magic 0x00000803, then the dimensions (6, 4, 4), big-endian.
        try Data([0, 0, 8, 3, 0, 0, 0, 6, 0, 0, 0, 4, 0, 0, 0, 4] + (0 ..< 96).map { UInt8($0) })
            .write(to: dir.appendingPathComponent("images.idx"))
        func compile(_ convention: String, _ first: String) throws -> String {
            let path = dir.appendingPathComponent("\(convention).yaml").path
            try """
                nnspec: 1
                convention: \(convention)
                data:
                  arrays: {pixels: {idx: images.idx}}
                  inputs: pixels
                  targets: {column: {of: pixels, index: 0}}
                model:
                  layers:
                    - \(first)
                    - {type: flatten}
                    - {units: 1}
                loss: mse
                training: {epochs: 1, batch_size: 3}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let out = Compile.run(path: path, format: .yaml)
            XCTAssertEqual(out.exitCode, 0, out.stderr)
            return out.stdout
        }
        let conv = "{type: conv2d, filters: 2, kernel_size: 3}"
        let keras = try compile("keras", conv)
        XCTAssertTrue(keras.contains("model:\n  input_shape: [4, 4, 1]  # data: the IDX file's 4×4 images, one channel, channels_last\n  data_format: channels_last"), keras)
        let torch = try compile("torch", conv)
        XCTAssertTrue(torch.contains("  input_shape: [1, 4, 4]  # data: the IDX file's 4×4 images, one channel, channels_first\n"), torch)
        let again = SpecPipeline.load(text: torch, file: dir.appendingPathComponent("compiled.yaml").path)
        let spec = try XCTUnwrap(again.spec, "\(again.diagnostics)")
        XCTAssertEqual(spec.model.inputShape, [1, 4, 4])
        XCTAssertEqual(try ExperimentPlan.lower(spec).layers[0].inputShape, [1, 4, 4])

        let dense = try compile("keras", "{units: 3}")
        XCTAssertFalse(dense.contains("input_shape"), dense)
    }
}
