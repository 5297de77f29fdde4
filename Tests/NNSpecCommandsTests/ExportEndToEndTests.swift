import Foundation
import NNSpecCommands
import NNSpecExport
import NNSpecData
import NNSpecIR
import NNSpecRuntime
import XCTest

/// Runs exported scripts in the real frameworks and compares their results with nnspec's own
/// run of the same spec. Skipped when Python or the framework is missing (CI has neither
/// TensorFlow nor, usually, scikit-learn). `NNSPEC_PYTHON` names the interpreter (default
/// `python3`); locally: `NNSPEC_PYTHON=/work/venv-parity/bin/python swift test --filter ExportEndToEnd`.
final class ExportEndToEndTests: XCTestCase {
    static let python = ProcessInfo.processInfo.environment["NNSPEC_PYTHON"] ?? "python3"

    /// Skips unless `python -c "import <modules>"` succeeds.
    func requirePython(_ modules: String) throws {
        let (status, _, _) = try Self.runPython(["-c", "import \(modules)"])
        if status != 0 { throw XCTSkip("\(Self.python) cannot import \(modules)") }
    }

    static func runPython(_ arguments: [String]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { return (127, "", "\(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The largest differences between the exported run and nnspec's, relative to max(1, |nnspec|).
    struct Agreement: CustomStringConvertible {
        var history = 0.0
        var parameters = 0.0
        var finalLoss: Double?
        var description: String {
            "history \(history), parameters \(parameters), final loss \(finalLoss.map { "\($0)" } ?? "n/a")"
        }
    }

    /// Exports `spec` (with `overrides`) to `target`, runs the script with every Python warning
    /// an error, runs nnspec, and checks that the script printed nothing on standard error and
    /// that history losses (unless `history` is false), final parameters and the final loss agree
    /// within `tolerance`.
    @discardableResult
    func assertAgrees(_ specPath: String, _ target: Export.Target, tolerance: Double, overrides: [String] = [],
                      history compareHistory: Bool = true,
                      file: StaticString = #filePath, line: UInt = #line) throws -> Agreement {
        let loaded = SpecPipeline.load(path: specPath, overrides: overrides)
        let spec = try XCTUnwrap(loaded.spec, "\(specPath): \(loaded.diagnostics)", file: file, line: line)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-export-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("\(spec.name)-\(target.rawValue).py")
        let out = Export.run(path: specPath, to: target, output: script.path, overrides: overrides)
        XCTAssertEqual(out.exitCode, 0, out.stderr, file: file, line: line)
        let resultsURL = dir.appendingPathComponent("results.json")
        let (status, _, stderr) = try Self.runPython(["-W", "error", script.path, resultsURL.path])
        XCTAssertEqual(status, 0, "the exported script failed:\n\(stderr.suffix(3000))", file: file, line: line)
        guard status == 0 else { return Agreement() }
        XCTAssertEqual(stderr, "", "the exported script wrote to standard error", file: file, line: line)
        // JSONDecoder, not JSONSerialization: the latter misreads some doubles by an ulp on Linux.
        let exported = try JSONDecoder().decode(ExportedResults.self, from: Data(contentsOf: resultsURL))

        let data = try DataLoader.materialize(spec).get()
        let ours = try Runner.run(spec, data: data)

        var agreement = Agreement()
        func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(b)) }
        XCTAssertEqual(exported.history.count, ours.history.count, "history length", file: file, line: line)
        for (theirs, mine) in zip(exported.history, ours.history) where compareHistory {
            XCTAssertEqual(theirs[mine.unit.rawValue].flatMap { $0 }.map { Int($0) }, mine.index, "history index", file: file, line: line)
            let loss = try XCTUnwrap(theirs["loss"].flatMap { $0 }, "loss at \(mine.unit.rawValue) \(mine.index)")
            agreement.history = max(agreement.history, rel(loss, mine.loss))
        }
        // The parameters as nnspec reads a results file back (a convolution's kernel from the
        // convention's layout): every layer's tensors with nnspec's names and shapes.
        let written = try ResultsFile.read(resultsURL.path)
        XCTAssertEqual(written.parameters.map(\.name), ours.parameters.map(\.name), "layers", file: file, line: line)
        for (theirs, p) in zip(written.parameters, ours.parameters) {
            XCTAssertEqual(theirs.tensors.map(\.name), p.tensors.map(\.name), "\(p.name)'s tensors", file: file, line: line)
            for (a, b) in zip(theirs.tensors, p.tensors) {
                XCTAssertEqual(a.shape, b.shape, "\(p.name).\(b.name) shape", file: file, line: line)
                for (x, y) in zip(a.values, b.values) { agreement.parameters = max(agreement.parameters, rel(x, y)) }
            }
        }
        if let loss = exported.final.loss, let mine = ours.finalLoss {
            agreement.finalLoss = rel(loss, mine)
        }
        XCTAssertEqual(exported.epochs, ours.epochs, "epochs", file: file, line: line)
        XCTAssertEqual(exported.stop, ours.stop.rawValue, "stop", file: file, line: line)
        print("export agreement \(spec.name) → \(target.rawValue): \(agreement)")
        XCTAssertLessThanOrEqual(agreement.history, tolerance, "history: \(agreement)", file: file, line: line)
        XCTAssertLessThanOrEqual(agreement.parameters, tolerance, "parameters: \(agreement)", file: file, line: line)
        if let f = agreement.finalLoss { XCTAssertLessThanOrEqual(f, tolerance, "final loss: \(agreement)", file: file, line: line) }
        return agreement
    }

    // MARK: Keras

    func testKerasTwoPointsShuffledFitMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.spec("two-points-sgd.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasFirstLayerHalfL2WithNesterovMatchesNNSpec() throws {
        try requirePython("tensorflow, keras, sklearn")
        try assertAgrees(Paths.spec("mlp-l2-keras-first-layer.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasMatchedFloat64WithSklearnShuffleAndEarlyStoppingMatchesNNSpec() throws {
        try requirePython("tensorflow, keras, sklearn")
        try assertAgrees(Paths.spec("mlp-l2-keras-matched.yaml"), .keras, tolerance: 1e-9)
    }

    func testKerasTrainOnBatchStepsMatchNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/first-feature-short.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasAdamOnStandardizedDataMatchesNNSpec() throws {
        try requirePython("tensorflow, keras, sklearn")
        try assertAgrees(Paths.spec("bump-scaled.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasMNISTFullBatchWithL2MatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.spec("mnist-l2.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasFloat32LossOfAFloat64ModelWithFullDataStepLogsMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/tf1-fixed-short.yaml"), .keras, tolerance: 1e-6)
    }

    func testKerasFitWithFullDataEpochLogsMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/two-points-full-data.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasInvscalingWithSklearnEpochLossAndEarlyStoppingMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/invscaling-epoch-mean.yaml"), .keras, tolerance: 1e-5)
    }

    func testKerasFloat64WithRegularizersCastThroughFloat32MatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/keras-l2-float64.yaml"), .keras, tolerance: 1e-9)
    }

    // MARK: image layers

    // The CNN fixtures with dropout off (rate 0) train to the same losses and weights: the
    // framework draws its own dropout masks, nnspec its seeded stream, so with a rate above 0 a
    // training run is the same experiment only in distribution.
    static let cnnKerasNoDropout = ["model.layers[4].keep_prob=1"]
    static let cnnTorchNoDropout = ["model.layers[5].rate=0"]

    /// TF `same` at stride 2 (pads (0, 1)), `same` max and average pooling, flatten (h, w, c).
    func testKerasCNNInKerasConventionsMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/cnn-keras.yaml"), .keras, tolerance: 1e-5, overrides: Self.cnnKerasNoDropout)
    }

    /// The same in PyTorch: F.pad before the stride-2 convolution, -inf before the max pooling,
    /// window sums over pixel counts for Keras' average, a (h, w, c) flatten.
    func testPyTorchCNNInKerasConventionsMatchesNNSpec() throws {
        try requirePython("torch")
        try assertAgrees(Paths.fixture("export/cnn-keras.yaml"), .pytorch, tolerance: 1e-5, overrides: Self.cnnKerasNoDropout)
    }

    /// channels_first, padding=1, a dilated stride-2 convolution with one-sided padding, average
    /// pooling counting the padded zeros, flatten (c, h, w).
    func testPyTorchCNNInTorchConventionsMatchesNNSpec() throws {
        try requirePython("torch")
        try assertAgrees(Paths.fixture("export/cnn-torch.yaml"), .pytorch, tolerance: 1e-5, overrides: Self.cnnTorchNoDropout)
    }

    /// The same in Keras: permuted to channels_last, ZeroPadding2D, a stride-1 dilated convolution
    /// with every second output kept, -inf padding before the max pooling.
    func testKerasCNNInTorchConventionsMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/cnn-torch.yaml"), .keras, tolerance: 1e-5, overrides: Self.cnnTorchNoDropout)
    }

    /// Average pooling that leaves explicit padding out of its averages (count_include_pad
    /// false), one-sided (Keras' convention) and in a channels_first model symmetric and
    /// one-sided: Keras' construction, valid window averages of the
    /// zero-padded input over those of a padded image of ones.
    func testKerasAverageOfInputPixelsAtExplicitPaddingMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/avg-pixels-keras.yaml"), .keras, tolerance: 1e-5)
        for padding in ["1", "[0, 1, 1, 0]"] {
            try assertAgrees(Paths.fixture("export/cnn-torch.yaml"), .keras, tolerance: 1e-5,
                             overrides: Self.cnnTorchNoDropout + ["model.layers[2].count_include_pad=false", "model.layers[2].padding=\(padding)"])
        }
    }

    /// The same spec in PyTorch: window sums of the padded input over pixel counts.
    func testPyTorchAverageOfInputPixelsAtOneSidedPaddingMatchesNNSpec() throws {
        try requirePython("torch")
        try assertAgrees(Paths.fixture("export/avg-pixels-keras.yaml"), .pytorch, tolerance: 1e-5)
    }

    /// With dropout on and a learning rate of 1e-12 (a spec's must be positive) the weights move
    /// by about 1e-12 from nnspec's initial ones whatever the masks, so the final loss — an
    /// inference pass, dropout the identity — must agree: the script must switch its dropout off
    /// to evaluate. The batch losses, taken with different masks, are not compared.
    func testDropoutIsTheIdentityWhenTheExportedScriptsEvaluate() throws {
        for (fixture, target, modules) in [("export/cnn-keras.yaml", Export.Target.pytorch, "torch"), ("export/cnn-torch.yaml", .pytorch, "torch"),
                                           ("export/cnn-keras.yaml", .keras, "tensorflow, keras"), ("export/cnn-torch.yaml", .keras, "tensorflow, keras")] {
            try requirePython(modules)
            let a = try assertAgrees(Paths.fixture(fixture), target, tolerance: 1e-6, overrides: ["optimizer.learning_rate=1e-12"], history: false)
            XCTAssertNotNil(a.finalLoss, "\(fixture) → \(target.rawValue): no final loss to compare")
        }
    }

    /// Batch normalization after a convolution and after a dense layer (no beta, a gamma
    /// regularizer): gamma, beta and the moving statistics in the results file.
    func testKerasBatchNormalizationMatchesNNSpec() throws {
        try requirePython("tensorflow, keras")
        try assertAgrees(Paths.fixture("export/bn-keras.yaml"), .keras, tolerance: 1e-5)
    }

    /// BatchNorm2d and BatchNorm1d with PyTorch's momentum and unbiased running variance, SGD
    /// momentum and weight decay reaching gamma and beta; float64 (see the fixture).
    func testPyTorchBatchNormalizationMatchesNNSpec() throws {
        try requirePython("torch")
        try assertAgrees(Paths.fixture("export/bn-torch.yaml"), .pytorch, tolerance: 1e-9)
    }

    // MARK: scikit-learn

    func testSklearnMLPRegressorWithAlphaMatchesNNSpec() throws {
        try requirePython("sklearn")
        try assertAgrees(Paths.spec("mlp-l2-sklearn.yaml"), .sklearn, tolerance: 1e-9)
    }

    func testSklearnMLPRegressorWithoutPenaltyMatchesNNSpec() throws {
        try requirePython("sklearn")
        try assertAgrees(Paths.spec("mlp-l2-sklearn-alpha0.yaml"), .sklearn, tolerance: 1e-9)
    }

    func testSklearnOnEveryDataExpressionAndInitializerMatchesNNSpec() throws {
        try requirePython("sklearn")
        try assertAgrees(Paths.fixture("export/data-kitchen-sink.yaml"), .sklearn, tolerance: 1e-9)
    }

    func testSklearnSoftmaxClassifierMatchesNNSpec() throws {
        try requirePython("sklearn")
        try assertAgrees(Paths.fixture("export/classes-separate.yaml"), .sklearn, tolerance: 1e-9)
    }

    func testSklearnBinaryClassifierMatchesNNSpec() throws {
        try requirePython("sklearn")
        try assertAgrees(Paths.fixture("export/binary-sklearn.yaml"), .sklearn, tolerance: 1e-9)
    }

    // MARK: data and initial weights

    /// The exported `load_data()` and `initial_weights()` give nnspec's arrays: the initial weights
    /// bit for bit, the data to 1e-14 (NumPy's and the C library's tanh/exp may differ in the last bit).
    func testExportedDataAndInitialWeightsAreNNSpecs() throws {
        try requirePython("sklearn")
        for path in [Paths.fixture("export/data-kitchen-sink.yaml"), Paths.fixture("export/classes-separate.yaml"), Paths.spec("mlp-l2-sklearn.yaml")] {
            var spec = try XCTUnwrap(SpecPipeline.load(path: path).spec)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-export-\(UUID())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let script = dir.appendingPathComponent("exported.py")
            XCTAssertEqual(Export.run(path: path, to: .sklearn, output: script.path).exitCode, 0)
            let harness = """
            import importlib.util, json, sys
            import numpy as np
            spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
            m = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(m)
            xtr, ytr, xte, yte = m.load_data()
            w = m.initial_weights(np.random.RandomState(m.TRAINING_SEED))
            flat = lambda a: None if a is None else np.asarray(a, dtype=np.float64).reshape(-1).tolist()
            json.dump({"x_train": flat(xtr), "y_train": flat(ytr), "x_test": flat(xte), "y_test": flat(yte)}, sys.stdout)
            sys.stdout.write("\\n")
            json.dump({"weights": [flat(k) + (flat(b) or []) for k, b in w]}, sys.stdout)
            """
            let (status, stdout, stderr) = try Self.runPython(["-c", harness, script.path])
            XCTAssertEqual(status, 0, stderr)
            let parts = stdout.split(separator: "\n")
            XCTAssertEqual(parts.count, 2, stdout)
            let doc = try JSONDecoder().decode([String: [Double]?].self, from: Data(parts[0].utf8))
            let weightsDoc = try JSONDecoder().decode(WeightsDoc.self, from: Data(parts[1].utf8))
            let data = try DataLoader.materialize(spec).get()
            func check(_ key: String, _ ours: DataArray?) {
                let theirs = doc[key].flatMap { $0 }
                XCTAssertEqual(theirs?.count, ours?.values.count, "\(key) of \(spec.name)")
                for (a, b) in zip(theirs ?? [], ours?.values ?? []) {
                    // NumPy's SIMD tanh/exp may differ from the C library's in the last bit, and
                    // standardizing a value near its column mean magnifies that; all else is exact.
                    XCTAssertLessThanOrEqual(abs(a - b), 1e-14 * max(1, abs(b)), "\(key) of \(spec.name): \(a) vs \(b)")
                }
            }
            check("x_train", data.trainInputs)
            check("y_train", data.trainTargets)
            check("x_test", data.testInputs)
            check("y_test", data.testTargets)
            // nnspec's initial weights: a run with learning rate 0 ends where it started.
            spec.optimizer.learningRate = 0
            spec.training.length = .epochs(1)
            let initial = try Runner.run(spec, data: data).parameters
            for (theirs, p) in zip(weightsDoc.weights, initial) {
                XCTAssertEqual(theirs, p.kernel + (p.bias ?? []), "initial weights of \(spec.name).\(p.name)")
            }
        }
    }
}

/// The parts of a results file the comparison reads as JSON (the parameters are read back by
/// `ResultsFile.read`, in nnspec's own layouts).
struct ExportedResults: Decodable {
    struct Final: Decodable { var loss: Double? }
    var history: [[String: Double?]]
    var final: Final
    var epochs: Int
    var stop: String
}

struct WeightsDoc: Decodable { var weights: [[Double]] }

/// Where the repository's specs and this target's fixtures are.
enum Paths {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func spec(_ name: String) -> String { root.appendingPathComponent("specs").appendingPathComponent(name).path }

    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/NNSpecCommandsTests/Fixtures").appendingPathComponent(name).path
    }
}
