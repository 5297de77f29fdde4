import Foundation
import NNSpecCommands
import NNSpecExport
import NNSpecIR
import XCTest

/// The exported scripts as golden files, and the refusals for specs a framework cannot express.
/// Regenerate the golden files with `NNSPEC_UPDATE_GOLDEN=1 swift test --filter ExportScriptTests`.
final class ExportScriptTests: XCTestCase {
    static let goldenDirectory = Paths.root.appendingPathComponent("Tests/NNSpecCommandsTests/Fixtures/export/golden")

    /// (spec, target): the repository's experiments in the frameworks that can express them, and
    /// fixtures that cover every data expression, split, preprocessing step and initializer.
    static let goldenCases: [(String, Export.Target)] = [
        (Paths.spec("mnist-l2.yaml"), .keras),
        (Paths.spec("two-points-sgd.yaml"), .keras),
        (Paths.spec("first-feature-keras.yaml"), .keras),
        (Paths.spec("mlp-l2-keras-first-layer.yaml"), .keras),
        (Paths.spec("mlp-l2-keras-matched.yaml"), .keras),
        (Paths.spec("bump-scaled.yaml"), .keras),
        (Paths.spec("mlp-l2-sklearn.yaml"), .sklearn),
        (Paths.spec("two-points-logreg.yaml"), .sklearn),
        (Paths.spec("mlp-l2-sklearn.yaml"), .pytorch),
        (Paths.spec("first-feature-tf1.yaml"), .pytorch),
        (Paths.spec("mnist-l2-numpy.yaml"), .pytorch),
        (Paths.spec("bump-raw.yaml"), .pytorch),
        (Paths.fixture("export/data-kitchen-sink.yaml"), .sklearn),
        (Paths.fixture("export/data-kitchen-sink.yaml"), .pytorch),
        (Paths.fixture("export/classes-separate.yaml"), .sklearn),
        (Paths.fixture("export/first-feature-short.yaml"), .keras),
        (Paths.fixture("export/binary-sklearn.yaml"), .sklearn),
        (Paths.fixture("export/binary-sklearn.yaml"), .pytorch),
        (Paths.fixture("export/invscaling-epoch-mean.yaml"), .keras),
        (Paths.fixture("export/two-points-full-data.yaml"), .keras),
        (Paths.fixture("export/tf1-fixed-short.yaml"), .keras),
        (Paths.fixture("export/keras-l2-float64.yaml"), .keras),
        (Paths.fixture("export/keras-l2-float64.yaml"), .pytorch),
        (Paths.spec("mlp-l2-keras-matched.yaml"), .pytorch),
        // Image layers in both conventions and both frameworks (see the fixtures' comments).
        (Paths.fixture("export/cnn-keras.yaml"), .keras),
        (Paths.fixture("export/cnn-keras.yaml"), .pytorch),
        (Paths.fixture("export/cnn-torch.yaml"), .keras),
        (Paths.fixture("export/cnn-torch.yaml"), .pytorch),
        (Paths.fixture("export/bn-keras.yaml"), .keras),
        (Paths.fixture("export/bn-torch.yaml"), .pytorch),
        // An average over input pixels only at one-sided explicit padding: a construction in both.
        (Paths.fixture("export/avg-pixels-keras.yaml"), .keras),
        (Paths.fixture("export/avg-pixels-keras.yaml"), .pytorch),
    ]

    static func script(_ path: String, _ target: Export.Target) throws -> String {
        let loaded = SpecPipeline.load(path: path)
        guard let spec = loaded.spec else { throw XCTSkip("\(path) does not load: \(loaded.diagnostics)") }
        return try Export.script(for: spec, to: target, scriptDirectory: goldenDirectory.path)
    }

    func testExportedScriptsMatchTheirGoldenFiles() throws {
        let update = ProcessInfo.processInfo.environment["NNSPEC_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true) }
        for (path, target) in Self.goldenCases {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let golden = Self.goldenDirectory.appendingPathComponent("\(name)-\(target.rawValue).py")
            let text = try Self.script(path, target)
            if update {
                try text.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            if text != expected {
                let a = text.split(separator: "\n", omittingEmptySubsequences: false)
                let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let i = (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                XCTFail("""
                \(golden.lastPathComponent) differs at line \(i + 1) (NNSPEC_UPDATE_GOLDEN=1 regenerates):
                  expected: \(i < b.count ? String(b[i]) : "<end>")
                  got:      \(i < a.count ? String(a[i]) : "<end>")
                """)
            }
        }
    }

    /// Each golden script is valid Python (skipped without an interpreter).
    func testGoldenScriptsCompile() throws {
        let (status, _, _) = try ExportEndToEndTests.runPython(["-c", "pass"])
        if status != 0 { throw XCTSkip("no Python interpreter") }
        for (path, target) in Self.goldenCases {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let golden = Self.goldenDirectory.appendingPathComponent("\(name)-\(target.rawValue).py").path
            let (rc, _, err) = try ExportEndToEndTests.runPython(["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", golden])
            XCTAssertEqual(rc, 0, "\(golden): \(err)")
        }
    }

    // MARK: refusals

    /// (spec, target, fields refused): what a framework cannot say, named field by field.
    static let refusalCases: [(String, Export.Target, [String])] = [
        // scikit-learn's alpha penalizes every kernel; Keras' form of MSE is not squared_error.
        (Paths.spec("mlp-l2-keras-first-layer.yaml"), .sklearn,
         ["model.layers[0].kernel_regularizer", "loss.scale", "training.shuffle_form"]),
        (Paths.spec("mlp-l2-keras-softplus.yaml"), .sklearn,
         ["model.layers[0].kernel_regularizer", "model.layers[1].kernel_regularizer", "model.layers[0].activation",
          "loss.scale", "training.shuffle_form"]),
        (Paths.spec("mnist-l2.yaml"), .sklearn,
         ["model.layers[0].kernel_regularizer", "model.layers[1].kernel_regularizer", "model.layers[1].activation", "loss.scale",
          "loss.gradient_reduction"]),
        // 3000 training rows make 15 equal batches of 200, so alpha/n is one constant and
        // exportable; Keras still casts momentum through float32 in a float64 model.
        (Paths.spec("mlp-l2-sklearn.yaml"), .keras, ["optimizer.hyperparameter_dtype"]),
        (Paths.spec("first-feature-tf1.yaml"), .keras, ["loss.broadcast_targets"]),
        (Paths.spec("first-feature-keras.yaml"), .sklearn, ["loss.scale", "training.steps", "training.batch_order", "training.log"]),
        (Paths.spec("two-points-logreg.yaml"), .keras, ["loss.link", "optimizer.kind"]),
        (Paths.spec("two-points-logreg.yaml"), .pytorch, ["optimizer.kind"]),
        (Paths.spec("two-points-sgd.yaml"), .sklearn, ["loss.link", "training.shuffle_form"]),
        (Paths.spec("bump-scaled.yaml"), .pytorch, ["optimizer.epsilon_form"]),
        (Paths.fixture("export/classes-separate.yaml"), .pytorch, ["optimizer.epsilon_form"]),
        (Paths.fixture("export/classes-separate.yaml"), .keras,
         ["loss.link", "regularization.divide_by_batch", "optimizer.hyperparameter_dtype"]),
        (Paths.fixture("export/invscaling-epoch-mean.yaml"), .pytorch, ["optimizer.momentum_form"]),
        (Paths.fixture("export/invscaling-epoch-mean.yaml"), .sklearn,
         ["loss.scale", "training.shuffle_form"]),
        // scikit-learn's MLP is dense layers only: each other layer is refused by name.
        (Paths.fixture("export/cnn-keras.yaml"), .sklearn,
         ["model.layers[0].type", "model.layers[1].type", "model.layers[2].type", "model.layers[3].type", "model.layers[4].type"]),
        // Batch normalization's running variance: Keras' biased, PyTorch's unbiased, each framework
        // only its own; PyTorch's affine has gamma and beta together.
        (Paths.fixture("export/bn-keras.yaml"), .pytorch,
         ["model.layers[1].running_variance", "model.layers[4].running_variance", "model.layers[4].center"]),
        (Paths.fixture("export/bn-torch.yaml"), .keras,
         ["model.layers[1].running_variance", "model.layers[4].running_variance", "optimizer.weight_decay_form", "optimizer.hyperparameter_dtype"]),
        (Paths.fixture("export/bn-torch.yaml"), .sklearn,
         ["model.layers[0].type", "model.layers[1].type", "model.layers[2].type", "model.layers[4].type"]),
    ]

    func testInexpressibleSpecsAreRefusedFieldByField() throws {
        for (path, target, fields) in Self.refusalCases {
            let name = (path as NSString).lastPathComponent
            do {
                _ = try Self.script(path, target)
                XCTFail("\(name) → \(target.rawValue): exported, expected refusals of \(fields)")
            } catch let failure as Export.Failure {
                XCTAssertEqual(Set(failure.refusals.map(\.field)), Set(fields), "\(name) → \(target.rawValue): \(failure.refusals)")
                XCTAssertTrue(failure.diagnostics.isEmpty, "\(name): \(failure.diagnostics)")
            }
        }
    }

    func testRefusalExitsOneWithTheFieldTheReasonAndItsPosition() {
        let out = Export.run(path: Paths.spec("mlp-l2-keras-first-layer.yaml"), to: .sklearn, output: nil)
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertEqual(out.stdout, "")
        XCTAssertTrue(out.stderr.contains("mlp-l2-keras-first-layer.yaml:10:74: error[export-refused]: cannot export to scikit-learn: model.layers[0].kernel_regularizer: scikit-learn cannot penalize one layer"), out.stderr)
        XCTAssertTrue(out.stderr.contains("note: loss.scale comes from convention keras"), out.stderr)
    }

    func testScikitLearnRefusesAnImageLayerAtItsPositionNamingItsKind() {
        let out = Export.run(path: Paths.fixture("export/cnn-torch.yaml"), to: .sklearn, output: nil)
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stderr.contains("cnn-torch.yaml:17:7: error[export-refused]: cannot export to scikit-learn: model.layers[0].type: scikit-learn's MLP has dense layers only; layer 'conv1' is conv2d"), out.stderr)
        XCTAssertTrue(out.stderr.contains("model.layers[5].type: scikit-learn's MLP has dense layers only; layer 'drop' is dropout"), out.stderr)
    }

    /// Keras' AveragePooling2D leaves padded zeros out of the count only with `same`: at explicit
    /// padding the Keras script divides the window averages of the zero-padded input by those of
    /// a padded image of ones (the plan's per-side zeros); PyTorch says it with
    /// `count_include_pad=False` where its padding fits. (`avg-pixels-keras` has golden scripts;
    /// the end-to-end tests run them.)
    func testAverageOfInputPixelsAtExplicitPaddingIsAConstructionInKeras() throws {
        let loaded = SpecPipeline.load(path: Paths.fixture("export/cnn-torch.yaml"),
                                       overrides: ["model.layers[2].count_include_pad=false", "model.layers[2].padding=[0, 1, 1, 0]"])
        let spec = try XCTUnwrap(loaded.spec, "\(loaded.diagnostics)")
        let keras = try Export.script(for: spec, to: .keras, scriptDirectory: nil)
        XCTAssertTrue(keras.contains("class AveragePoolOfInputPixels(keras.layers.Layer):"), keras)
        XCTAssertTrue(keras.contains("layers.append(AveragePoolOfInputPixels((2, 2), (1, 1), ((0, 1), (1, 0)), (3, 3), name=\"avg\", dtype=\"float32\"))"), keras)
        XCTAssertFalse(keras.contains("AveragePooling2D((2, 2)"), "no plain pooling for the layer")
        let torch = try Export.script(for: spec, to: .pytorch, scriptDirectory: nil)
        XCTAssertTrue(torch.contains("AveragePoolOfInputPixels((2, 2), (1, 1), (1, 0, 0, 1), (3, 3)),  # avg"), torch)
        // Counted zeros need no construction: ZeroPadding2D before a valid pooling, no class.
        let counted = try Export.script(for: try XCTUnwrap(SpecPipeline.load(path: Paths.fixture("export/cnn-torch.yaml")).spec), to: .keras, scriptDirectory: nil)
        XCTAssertFalse(counted.contains("AveragePoolOfInputPixels"), counted)
    }

    func testScriptGoesToStdoutWithAbsolutePathsOrToAFileWithRelativeOnes() throws {
        let out = Export.run(path: Paths.spec("mnist-l2.yaml"), to: .keras, output: nil)
        XCTAssertEqual(out.exitCode, 0, out.stderr)
        let mnist = Paths.root.appendingPathComponent("data/mnist/t10k-images-idx3-ubyte.gz").standardizedFileURL.path
        XCTAssertTrue(out.stdout.contains("_load_idx(\"\(mnist)\", None)"), "absolute path expected")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-export-\(UUID())/sub")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let file = dir.appendingPathComponent("mnist.py").path
        let written = Export.run(path: Paths.spec("mnist-l2.yaml"), to: .keras, output: file)
        XCTAssertEqual(written.exitCode, 0, written.stderr)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains("_load_idx(os.path.join(HERE, \"../"), "relative path expected")
        XCTAssertFalse(text.contains("\"\(mnist)\""))
    }

    func testSpecErrorsExitOneAndUnreadableSpecsTwo() {
        XCTAssertEqual(Export.run(path: "/nonexistent/spec.yaml", to: .keras, output: nil).exitCode, 2)
        let malformed = Paths.fixture("malformed/05-units-zero.yaml")
        XCTAssertEqual(Export.run(path: malformed, to: .keras, output: nil).exitCode, 1)
    }
}
