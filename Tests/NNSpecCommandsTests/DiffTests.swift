import Foundation
@testable import NNSpecCommands
@testable import NNSpecDiff
import NNSpecIR
import NNSpecPlan
import NNSpecResults
import XCTest

/// `nnspec diff`: differences in meaning with their numbers, none for two spellings of one
/// experiment, outcomes from results files, and what git sees through --textconv and --git.
final class DiffTests: XCTestCase {
    /// The repository root and its `specs/`, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func spec(_ name: String) -> String { root.appendingPathComponent("specs/\(name).yaml").path }

    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func compare(_ a: String, _ b: String) throws -> SemanticDiff {
        let sa = try XCTUnwrap(SpecPipeline.load(path: a).spec), sb = try XCTUnwrap(SpecPipeline.load(path: b).spec)
        return SemanticDiff.compare(sa, sb)
    }

    // MARK: the experiments

    /// Experiment 7: padding is compared by the pixels the windows reach, not as written — `same`
    /// and `[0, 1, 0, 1]` are one padding on these 6×6 inputs, `padding=1` another.
    func testWindowPaddingIsComparedByThePixelsItReaches() throws {
        let fixed = try compare(Self.spec("same-padding-keras"), Self.spec("same-padding-torch-fixed"))
        XCTAssertFalse(fixed.lines.contains { $0.about.quantity == "padding" }, "\(fixed.lines.map(\.about.text))")
        XCTAssertTrue(fixed.sameMeaning.map(\.path).contains("model.layers[0].padding"), "\(fixed.sameMeaning)")
        let port = Diff.run(Self.spec("same-padding-keras"), Self.spec("same-padding-torch"))
        XCTAssertTrue(port.stdout.contains("""
              padded pixels (top, bottom, left, right) layer 1 ('conv'): [0, 1, 0, 1] vs [1, 0, 1, 0]
                  written same vs [1, 1, 1, 1]: the windows read different pixels
                  to match B: padding: [1, 0, 1, 0]
            """), port.stdout)
    }

    /// Experiment 3: Keras' l2(λ) is twice the NumPy network's decay λ — one line, with numbers.
    func testKerasL2IsTwiceTheNumPyDecayOnBothKernels() throws {
        let out = Diff.run(Self.spec("mnist-l2"), Self.spec("mnist-l2-numpy"))
        XCTAssertEqual(out.exitCode, 1, out.stderr)
        XCTAssertTrue(out.stdout.contains("""
        loss
          L2 on the kernels of layers 1–2 ('hidden', 'output'): λ = 0.001 (l2), gradient 2λ·W = 0.002·W vs α = 0.001 (regularization.alpha), gradient α·W = 0.001·W: ×2
              to match B: kernel_regularizer: {l2: 0.0005}

        1 semantic difference (loss)
        """), out.stdout)
        // The convention's other choices change nothing here: written differently, same meaning.
        XCTAssertTrue(out.stdout.contains("written differently, same meaning: name, mirrors, convention, loss.form, loss.link, optimizer.weight_decay_form, optimizer.hyperparameter_dtype, outputs.results"), out.stdout)
    }

    /// Experiment 1: scikit-learn against Keras "2" differ in loss scale, penalty, init, shuffle,
    /// stopping and dtype; loss.scale and loss.gradient_reduction are one line.
    func testSklearnAgainstKerasAllLayersNamesEveryConventionWithItsFactor() throws {
        let d = try compare(Self.spec("mlp-l2-sklearn"), Self.spec("mlp-l2-keras-all-layers"))
        func line(_ subject: String) throws -> SemanticDiff.Line {
            try XCTUnwrap(d.lines.first { $0.subject.hasPrefix(subject) }, "no line '\(subject)' in \(d.lines.map(\.text))")
        }
        let loss = try line("data-term gradient")
        XCTAssertEqual(loss.group, .loss)
        XCTAssertEqual(loss.factor, 0.5)
        XCTAssertEqual(loss.leaves.map(\.path), ["loss.scale", "loss.gradient_reduction"])
        XCTAssertEqual(loss.fix, "loss: {kind: mse, scale: 1}")

        let penalty = try line("L2 on the kernels of layers 1–2")
        XCTAssertEqual(penalty.text, "L2 on the kernels of layers 1–2 ('hidden', 'output'): α = 1, n = 200 (regularization.alpha, divided by the batch), gradient α/n·W = 0.005·W vs α = 1 (half_l2), gradient α·W = 1·W: ×0.005 (1/200)")
        XCTAssertEqual(penalty.fix, "regularization: {alpha: 200}")

        let kernels = try line("initial kernels")
        XCTAssertEqual(kernels.group, .model)
        XCTAssertEqual(kernels.a, "{sklearn: 2} U(±0.378), U(±0.426)")
        XCTAssertEqual(kernels.b, "glorot_uniform U(±0.655), U(±0.739)")
        XCTAssertEqual(try XCTUnwrap(kernels.factor), 0.5773502691896258, accuracy: 1e-12)
        XCTAssertEqual(try line("initial biases").b, "zeros")

        XCTAssertEqual(try line("rows shuffled with").group, .loop)
        XCTAssertEqual(try line("stopping").a, "stops when the loss improves by less than 0.0001 for 10 epochs")
        let precision = try line("precision")
        XCTAssertEqual(precision.text, "precision: float64 (ε 2.22e-16) vs float32 (ε 1.19e-07)")
        // Batches: both 200, one update count; nothing to report there.
        XCTAssertNil(d.lines.first { $0.subject == "batch size" || $0.subject == "updates" })
        XCTAssertEqual(d.lines.map(\.group), d.lines.map(\.group).sorted { SemanticDiff.Group.allCases.firstIndex(of: $0)! < SemanticDiff.Group.allCases.firstIndex(of: $1)! })
    }

    /// Each line's values are typed, read from the plans: the distributions are the ones the
    /// runtime draws, the penalty coefficient the one on the gradient, the batches the plan's.
    func testEachDifferenceCarriesTypedValuesFromThePlans() throws {
        let a = Self.spec("mlp-l2-sklearn"), b = Self.spec("mlp-l2-keras-all-layers")
        let d = try compare(a, b)
        let plan = try XCTUnwrap(try? ExperimentPlan.lower(try XCTUnwrap(SpecPipeline.load(path: a).spec)))
        let kernels = try XCTUnwrap(d.lines.first { $0.about.quantity == "initial_distribution" && $0.about.tensor == .kernel })
        XCTAssertEqual(kernels.about.layers.map(\.index), [0, 1])
        guard case .initialization(let initializer, let drawn) = kernels.before else { return XCTFail("\(kernels.before)") }
        XCTAssertEqual(initializer, .sklearn(factor: 2))
        XCTAssertEqual(drawn, [0, 1].compactMap { plan.tensor(layer: $0, .kernel)?.distribution })
        let penalty = try XCTUnwrap(d.lines.first { $0.about.quantity == "l2_penalty" })
        guard case .penalty(let terms, let c, false) = penalty.before else { return XCTFail("\(penalty.before)") }
        XCTAssertEqual(terms, plan.tensor(layer: 0, .kernel)?.penalties)
        XCTAssertEqual(c, plan.tensor(layer: 0, .kernel)?.l2Coefficient)
        XCTAssertEqual(penalty.about.paths.first, "model.layers[0].kernel_regularizer")
        let loss = try XCTUnwrap(d.lines.first { $0.about.quantity == "data_term_gradient" })
        guard case .lossGradient(let g) = loss.before else { return XCTFail("\(loss.before)") }
        XCTAssertEqual(g.factor, plan.loss.gradientFactor)

        // A batch-size line carries the plan's batch and steps per epoch.
        let x = try write("a.yaml", """
        convention: sklearn
        data: {inputs: {rand: [400, 2]}, targets: {rand: [400, 1]}}
        model: {layers: [{units: 3, activation: relu}, {units: 1}]}
        loss: squared_error
        training: {batch_size: 200}
        """)
        let y = try write("b.yaml", "extends: a.yaml\ntraining: {batch_size: 100}\n")
        let batch = try XCTUnwrap(try compare(x, y).lines.first { $0.about.quantity == "batch_size" })
        XCTAssertEqual(batch.before, .batches(description: "200", size: 200, stepsPerEpoch: 2))
        XCTAssertEqual(batch.after, .batches(description: "100", size: 100, stepsPerEpoch: 4))
    }

    /// Keras' float32 cast of hyperparameters: the penalty factor as the plan applies it.
    func testHyperparameterCastNamesTheAppliedPenaltyFactor() throws {
        let a = try write("a.yaml", """
        convention: keras
        dtype: float64
        data: {inputs: {rand: [40, 2]}, targets: {rand: [40, 1]}}
        model: {layers: [{name: h, units: 3, activation: relu, kernel_regularizer: {l2: 0.001}}, {units: 1}]}
        loss: mse
        optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0.9}
        """)
        let b = try write("b.yaml", "extends: a.yaml\noptimizer: {hyperparameter_dtype: null}\n")
        let line = try XCTUnwrap(try compare(a, b).lines.first { $0.about.quantity == "hyperparameter_dtype" })
        XCTAssertEqual(line.before, .hyperparameterCast(true))
        XCTAssertEqual(line.after, .hyperparameterCast(false))
        XCTAssertEqual(line.note, "momentum 0.9 → 0.8999999761581421; h kernel l2 0.001 → 0.0010000000474974513")
    }

    /// The same experiment written two ways gives no difference, and lists what was written
    /// differently.
    func testTwoSpellingsOfOneExperimentHaveNoSemanticDifference() throws {
        let sklearn = try write("sklearn.yaml", """
        convention: sklearn
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: logistic}
            - {units: 1}
        loss: squared_error
        regularization: {alpha: 1}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """)
        // Keras' vocabulary for the same numbers: half the mse, α/n as a per-layer half_l2, the
        // scikit-learn init and shuffle, exact hyperparameters, float64.
        let keras = try write("keras.yaml", """
        convention: keras
        dtype: float64
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid, kernel_regularizer: {half_l2: 0.005}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
            - {units: 1, kernel_regularizer: {half_l2: 0.005}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
        loss: {kind: mse, scale: 0.5}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true, hyperparameter_dtype: null}
        training:
          epochs: 200
          batch_size: 200
          shuffle_form: sklearn
          early_stopping: {tol: 0.0001, n_iter_no_change: 10}
          log: {mode: sklearn_epoch}
        """)
        // The base restated through extends:, with `full` for the 400 rows and the glorot bound
        // written out.
        let base = try write("base.yaml", """
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: tanh}
            - {units: 1}
        loss: mse
        optimizer: {kind: sgd, learning_rate: 0.01}
        training: {epochs: 20, batch_size: 400, shuffle: true}
        """)
        let restated = try write("restated.yaml", """
        extends: base.yaml
        name: restated
        model:
          layers:
            - {units: 4, activation: tanh, kernel_initializer: {uniform: {low: -1.0954451150103321, high: 1.0954451150103321}}}
            - {units: 1}
        training: {batch_size: full, shuffle: false}
        """)
        for (a, b) in [(sklearn, keras), (keras, sklearn), (base, restated)] {
            let out = Diff.run(a, b)
            XCTAssertEqual(out.exitCode, 0, out.stdout)
            XCTAssertTrue(out.stdout.contains("no semantic differences\n"), out.stdout)
            XCTAssertTrue(out.stdout.contains("written differently, same meaning: "), out.stdout)
        }
        let d = try compare(base, restated)
        XCTAssertEqual(d.sameMeaning.map(\.path), ["name", "model.layers[0].kernel_initializer", "training.batch_size", "training.shuffle",
                                                   "outputs.results", "model.layers[0].kernel_initializer.uniform.low",
                                                   "model.layers[0].kernel_initializer.uniform.high"])
    }

    /// A changed batch size changes scikit-learn's α/n, though no penalty was rewritten.
    func testBatchSizeChangesTheSklearnPenalty() throws {
        let a = try write("a.yaml", """
        convention: sklearn
        data: {inputs: {rand: [400, 2]}, targets: {rand: [400, 1]}}
        model: {layers: [{units: 3, activation: relu}, {units: 1}]}
        loss: squared_error
        regularization: {alpha: 1}
        training: {batch_size: 200}
        """)
        let b = try write("b.yaml", "extends: a.yaml\ntraining: {batch_size: 100}\n")
        let d = try compare(a, b)
        let penalty = try XCTUnwrap(d.lines.first { $0.subject.hasPrefix("L2") })
        XCTAssertEqual(penalty.factor, 0.5)
        XCTAssertEqual(penalty.leaves.map(\.path), ["training.batch_size"])
        XCTAssertEqual(d.lines.first { $0.subject == "batch size" }?.text,
                       "batch size: 200, 2 updates per epoch vs 100, 4 updates per epoch")
    }

    /// A value no aspect interprets is still reported, as written.
    func testDataChangesAreComparedByValue() throws {
        let a = try write("a.yaml", """
        data:
          arrays: {x: {linspace: {start: 0, stop: 1, num: 10}}}
          inputs: x
          targets: x
        model: {layers: [{units: 1}]}
        loss: mse
        """)
        let b = try write("b.yaml", "extends: a.yaml\ndata: {arrays: {x: {linspace: {start: 0, stop: 2, num: 10}}}}\n")
        let d = try compare(a, b)
        XCTAssertEqual(d.lines.map(\.subject), ["training inputs differ", "training targets differ"])
        XCTAssertEqual(d.lines[0].a, "1")
        XCTAssertEqual(d.lines[0].b, "2")
        XCTAssertEqual(d.lines[0].leaves.map(\.path), ["data.arrays.x.linspace.stop"])
        // Two ways of writing the same array: no difference.
        let c = try write("c.yaml", """
        data:
          arrays: {x: {multiply: [0.5, {linspace: {start: 0, stop: 2, num: 10}}]}}
          inputs: x
          targets: x
        model: {layers: [{units: 1}]}
        loss: mse
        """)
        XCTAssertTrue(try compare(a, c).isEmpty)
    }

    // MARK: formats and usage

    func testJSONHasStableKeysAndTheLeavesBehindEachLine() throws {
        let out = Diff.run(Self.spec("mnist-l2"), Self.spec("mnist-l2-numpy"), format: .json)
        XCTAssertEqual(out.exitCode, 1)
        let keys = ["\"a\": {", "\"b\": {", "\"semantically_equal\": false", "\"differences\": [", "\"same_meaning\": ["]
        let positions = keys.map { out.stdout.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), out.stdout)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let differences = try XCTUnwrap(json["differences"] as? [[String: Any]])
        XCTAssertEqual(differences.count, 1)
        let d = differences[0]
        XCTAssertEqual(d["group"] as? String, "loss")
        XCTAssertEqual(d["factor"] as? Double, 2)
        XCTAssertEqual(d["fix"] as? String, "kernel_regularizer: {l2: 0.0005}")
        XCTAssertEqual(d["interpreted"] as? Bool, true)
        let leaves = try XCTUnwrap(d["leaves"] as? [[String: Any]])
        let l2 = try XCTUnwrap(leaves.first { $0["path"] as? String == "model.layers[0].kernel_regularizer.l2" })
        XCTAssertEqual(l2["a"] as? Double, 0.001)
        XCTAssertNil(l2["b"], "absent in B")
        XCTAssertTrue(leaves.contains { $0["path"] as? String == "regularization.alpha" })
        // What the line is about and both sides, typed; the sentence rides along as `text`.
        let subject = try XCTUnwrap(d["subject"] as? [String: Any])
        XCTAssertEqual(subject["quantity"] as? String, "l2_penalty")
        XCTAssertEqual(subject["tensor"] as? String, "kernel")
        XCTAssertEqual((subject["layers"] as? [[String: Any]])?.compactMap { $0["index"] as? Int }, [0, 1])
        XCTAssertEqual(subject["text"] as? String, "L2 on the kernels of layers 1–2 ('hidden', 'output')")
        let a = try XCTUnwrap(d["a"] as? [String: Any]), b = try XCTUnwrap(d["b"] as? [String: Any])
        XCTAssertEqual(a["kind"] as? String, "penalty")
        XCTAssertEqual(a["coefficient"] as? Double, 0.002)
        XCTAssertEqual(b["coefficient"] as? Double, 0.001)
        let term = try XCTUnwrap((a["terms"] as? [[String: Any]])?.first)
        XCTAssertEqual(term["source"] as? String, "l2")
        XCTAssertEqual(term["lambda"] as? Double, 0.001)
        XCTAssertEqual(term["path"] as? String, "model.layers[0].kernel_regularizer.l2")
        XCTAssertEqual((b["terms"] as? [[String: Any]])?.first?["source"] as? String, "alpha")
        XCTAssertEqual(a["text"] as? String, "λ = 0.001 (l2), gradient 2λ·W = 0.002·W")
        // The same bytes every time.
        XCTAssertEqual(out.stdout, Diff.run(Self.spec("mnist-l2"), Self.spec("mnist-l2-numpy"), format: .json).stdout)
    }

    func testUsageErrorsExitWithTwo() throws {
        XCTAssertEqual(Diff.run(Self.spec("mnist-l2"), dir.appendingPathComponent("missing.yaml").path).exitCode, 2)
        XCTAssertEqual(Diff.run(Self.spec("two-points-sgd"), Self.spec("two-points-sgd"), results: ["one.json"]).exitCode, 2)
        let out = Diff.run(Self.spec("two-points-sgd"), Self.spec("two-points-sgd"), results: ["/nonexistent/a.json", "/nonexistent/b.json"])
        XCTAssertEqual(out.exitCode, 2)
        XCTAssertTrue(out.stderr.contains("cannot read '/nonexistent/a.json'"), out.stderr)
    }

    // MARK: outcomes

    /// Two results files: final numbers side by side, the largest parameter difference, and the
    /// first logged epoch where the losses part (epoch 1 logs the loss before any update).
    func testOutcomesFromTwoResultsFiles() throws {
        let a = Self.spec("two-points-sgd")
        let b = try write("faster.yaml", "extends: \(a)\nname: faster\noptimizer: {kind: sgd, learning_rate: 0.02}\n")
        let ra = dir.appendingPathComponent("a.json").path, rb = dir.appendingPathComponent("b.json").path
        XCTAssertEqual(Run.run(path: a, output: ra, check: nil, progressToTerminal: false).exitCode, 0)
        XCTAssertEqual(Run.run(path: b, output: rb, check: nil, progressToTerminal: false).exitCode, 0)

        let out = Diff.run(a, b, results: [ra, rb])
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stdout.contains("optimizer\n  learning rate: 0.01 vs 0.02: ×0.5 (1/2)\n"), out.stdout)
        XCTAssertTrue(out.stdout.contains("outcomes (A: \(ra), B: \(rb))\n  final loss "), out.stdout)
        XCTAssertTrue(out.stdout.contains("  largest parameter difference: "), out.stdout)
        XCTAssertTrue(out.stdout.contains(" at 'logit' "), out.stdout)
        XCTAssertTrue(out.stdout.contains("  histories part at epoch 2: loss "), out.stdout)
        XCTAssertTrue(out.stdout.hasSuffix("outcomes differ\n"), out.stdout)

        let x = try ResultsFile.read(ra), y = try ResultsFile.read(rb)
        let o = OutcomeDiff(x, y, a: ra, b: rb)
        XCTAssertEqual(o.rows.map(\.name), ["final loss", "loss (train)", "accuracy (train)", "status", "stop", "epochs", "steps"])
        XCTAssertEqual(o.rows.filter(\.differs).map(\.name).prefix(2), ["final loss", "loss (train)"])
        guard case .largest(let layer, let tensor, _, let pa, let pb, let d) = o.parameters else { return XCTFail("\(o.parameters)") }
        XCTAssertEqual(layer, "'logit'")
        XCTAssertEqual(Swift.abs(try XCTUnwrap(pa) - (try XCTUnwrap(pb))), d)
        XCTAssertTrue(["kernel", "bias"].contains(tensor))
        guard case .parts(let at, let what, let ha, let hb) = o.history else { return XCTFail("\(o.history)") }
        XCTAssertEqual(at, "epoch 2")
        XCTAssertEqual(what, "loss")
        XCTAssertNotEqual(ha, hb)
        XCTAssertEqual(x.history[0].loss, y.history[0].loss)

        // A file against itself: same spec, same outcome, exit 0.
        let same = Diff.run(a, a, results: [ra, ra])
        XCTAssertEqual(same.exitCode, 0, same.stdout)
        XCTAssertTrue(same.stdout.contains("  histories: identical (100 points)\n"), same.stdout)
        XCTAssertTrue(same.stdout.hasSuffix("outcomes identical\n"), same.stdout)
    }

    func testRunComparesOutcomesWithoutFiles() throws {
        let a = Self.spec("two-points-sgd")
        let b = try write("faster.yaml", "extends: \(a)\nname: faster\noptimizer: {kind: sgd, learning_rate: 0.02}\n")
        let out = Diff.run(a, b, format: .json, runBoth: true)
        XCTAssertEqual(out.exitCode, 1)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let outcomes = try XCTUnwrap(json["outcomes"] as? [String: Any])
        XCTAssertEqual(outcomes["a"] as? String, "run of \(a)")
        XCTAssertEqual((outcomes["history"] as? [String: Any])?["first_difference"] as? String, "epoch 2")
    }

    // MARK: git

    func testTextconvFlattensEffectiveValuesWithTheirMeaning() throws {
        let out = Diff.textconv(path: Self.spec("mnist-l2"))
        XCTAssertEqual(out.exitCode, 0)
        let lines = out.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, Textconv.header)
        for expected in [
            "convention = keras",
            "model.layers[0].units = 30  # 784 → 30",
            "model.layers[0].kernel_initializer = zeros  # constant 0",
            "model.layers[0].kernel_regularizer.l2 = 0.001  # gradient 2λ·W = 0.002·W per step",
            "loss.kind = mse  # gradient 2(p−y)/(n·k), m = 0.2 with k = 10",
            "optimizer.hyperparameter_dtype = float32",
            "training.batch_size = full  # full = n = 8000; 1 update per epoch",
            "training.shuffle = false  # no effect: one batch per epoch",
        ] {
            XCTAssertTrue(lines.contains(expected), "missing '\(expected)' in\n\(out.stdout)")
        }
        // No origins: a value that moves from a default into the spec does not show in git diff.
        XCTAssertFalse(out.stdout.contains("# spec"), out.stdout)
        XCTAssertFalse(out.stdout.contains("# convention"), out.stdout)
        // Every line but the header is one leaf.
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.contains(" = ") }, out.stdout)

        // Through extends:, the sklearn spec's α/n with the resolved batch.
        let sk = Diff.textconv(path: Self.spec("mlp-l2-sklearn")).stdout
        XCTAssertTrue(sk.contains("regularization.alpha = 1.0  # gradient α/n·W = 0.005·W per step on every kernel (n = 200)\n"), sk)
        XCTAssertTrue(sk.contains("model.layers[0].kernel_initializer.sklearn.factor = 2.0  # draws U(±0.378)\n"), sk)
    }

    /// Git hands textconv an old version as /tmp/git-blob-XXXXXX/NAME; it is read as the one
    /// work-tree file of that name, so extends: resolves.
    func testTextconvOfAGitBlobResolvesExtendsInTheWorkTree() throws {
        let blob = try write("git-blob-AbC123/mlp-l2-sklearn.yaml", try String(contentsOfFile: Self.spec("mlp-l2-sklearn"), encoding: .utf8))
        let found = Textconv.locate(blob, root: Self.root.path)
        XCTAssertEqual(URL(fileURLWithPath: found).standardizedFileURL.path, Self.spec("mlp-l2-sklearn"))
        XCTAssertEqual(Textconv.locate("/elsewhere/x.yaml", root: Self.root.path), "/elsewhere/x.yaml")
        // Without the work tree the relative base is missing: the text is shown as written.
        let lost = Diff.textconv(path: try write("loose/mlp-l2-sklearn.yaml", "extends: base/mlp-l2.yaml\nconvention: sklearn\n"))
        XCTAssertEqual(lost.exitCode, 0)
        XCTAssertTrue(lost.stdout.hasPrefix("# nnspec: this spec does not load ("), lost.stdout)
        XCTAssertTrue(lost.stdout.hasSuffix("extends: base/mlp-l2.yaml\nconvention: sklearn\n"), lost.stdout)
    }

    /// As git's external diff: both versions read as if at PATH; always exit 0.
    func testGitExternalDiffComparesTheVersionsOfOnePath() throws {
        let path = Self.spec("mnist-l2")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let old = try write("old/mnist-l2.yaml", text)
        let new = try write("new/mnist-l2.yaml", text.replacingOccurrences(of: "{l2: 0.001}", with: "{l2: 0.0005}"))
        let out = Diff.git([path, old, "1234567890abcdef", "100644", new, "fedcba0987654321", "100644"])
        XCTAssertEqual(out.exitCode, 0)
        XCTAssertTrue(out.stdout.hasPrefix("nnspec diff \(path): A 1234567, B fedcba0\nloss\n"), out.stdout)
        XCTAssertTrue(out.stdout.contains("L2 on the kernels of layers 1–2 ('hidden', 'output'): λ = 0.001 (l2), gradient 2λ·W = 0.002·W vs λ = 0.0005 (l2), gradient 2λ·W = 0.001·W: ×2"), out.stdout)
        XCTAssertEqual(Diff.git([path, "/dev/null", "0000000", "0", new, "0000000", "100644"]).stdout,
                       "nnspec diff \(path): A none, B work tree\nnew spec\n")
        XCTAssertEqual(Diff.git(["too", "few"]).exitCode, 2)
    }
}

/// Diff's optimizer aspect and lint's mirror-optimizer walk the same list of settings
/// (`OptimizerSpec.settings`): a pair that differs in one setting gets one diff line and one
/// lint finding about it; a default written out is neither's business.
final class OptimizerSettingsAgreementTests: XCTestCase {
    func testDiffAndLintNameTheSameOptimizerSettings() throws {
        // (optimizer A, optimizer B, the setting that differs or nil)
        let cases: [(String, String, String?)] = [
            ("{kind: sgd, learning_rate: 0.1, momentum: 0.9}", "{kind: sgd, learning_rate: 0.1, momentum: 0.5}", "momentum"),
            ("{kind: sgd, learning_rate: 0.1, momentum: 0.9, nesterov: true}", "{kind: sgd, learning_rate: 0.1, momentum: 0.9}", "nesterov"),
            ("{kind: adam, learning_rate: 0.1, beta_1: 0.9}", "{kind: adam, learning_rate: 0.1}", nil),
            ("{kind: adam, learning_rate: 0.1, beta_2: 0.99}", "{kind: adam, learning_rate: 0.1}", "beta_2"),
            ("{kind: rmsprop, learning_rate: 0.1, rho: 0.8}", "{kind: rmsprop, learning_rate: 0.1}", "rho"),
            ("{kind: adagrad, learning_rate: 0.1, initial_accumulator_value: 0.5}", "{kind: adagrad, learning_rate: 0.1}", "initial_accumulator_value"),
            ("{kind: lbfgs, max_fun: 300}", "{kind: lbfgs}", "max_fun"),
            ("{kind: lbfgs, history_size: 5}", "{kind: lbfgs}", "history_size"),
        ]
        for (oa, ob, key) in cases {
            let pair = try MirroredPair("\(oa) / \(ob)", a: smallSpec(optimizer: oa, training: "{epochs: 500}", mirrors: "b.yaml"),
                                        b: smallSpec(optimizer: ob, training: "{epochs: 500}"))
            let diffKeys = SemanticDiff.compare(pair.a, pair.b).lines.filter { $0.group == .optimizer }.flatMap(\.about.paths)
            let findings = pair.lintRules.filter { $0 == "mirror-optimizer" }
            if let key {
                XCTAssertEqual(diffKeys, ["optimizer.\(key)"], "diff of \(oa) / \(ob)")
                XCTAssertEqual(findings.count, 1, "lint of \(oa) / \(ob): \(pair.lintRules)")
            } else {
                XCTAssertEqual(diffKeys, [], "diff of \(oa) / \(ob)")
                XCTAssertEqual(findings.count, 0, "lint of \(oa) / \(ob): \(pair.lintRules)")
            }
        }
    }
}
