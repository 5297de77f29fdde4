import Foundation
import NNSpecData
import NNSpecIR
import NNSpecLint
import NNSpecSyntax
import XCTest

/// The five experiments of ../shared/CONVENTIONS.md as the project's specs/: lint must name each
/// original's cause, and find nothing in the corrected variants.
final class ExperimentTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("specs").path

    func path(_ name: String) -> String { "\(Self.root)/\(name)" }

    func findings(_ name: String, linter: Linter = Linter()) -> [Diagnostic] {
        linter.lint(path: path(name))
    }

    /// The rule ids lint must report for each original spec: each experiment's cause.
    func testLintNamesTheCauseOfEachExperiment() {
        let expected: [(String, Set<String>)] = [
            // 1. n-scaling and the 0.5 (penalty 200×), first-layer-only, Keras' 2× loss, init bounds.
            ("mlp-l2-keras-first-layer.yaml", ["mirror-penalty", "mirror-penalty-scope", "mirror-loss", "mirror-init"]),
            ("mlp-l2-keras-all-layers.yaml", ["mirror-penalty", "mirror-loss", "mirror-init"]),
            // 2. separable data, no penalty, and 100 steps at lr 0.01.
            ("two-points-sgd.yaml", ["separable-unpenalized", "too-few-updates"]),
            ("two-points-logreg.yaml", ["separable-unpenalized"]),
            // 3. Keras' l2(λ) is twice the NumPy decay.
            ("mnist-l2.yaml", ["mirror-penalty"]),
            ("mnist-l2-numpy.yaml", ["mirror-penalty"]),
            // 4. (n,) labels against (n, 1) predictions broadcast to (n, n).
            ("first-feature-tf1.yaml", ["broadcast-targets", "mirror-loss"]),
            // 5. x in [0, 30] into sigmoid units.
            ("bump-raw.yaml", ["unscaled-inputs"]),
            // Keras' BatchNormalization(momentum=0.99) ported to PyTorch as momentum=0.99.
            ("batchnorm-momentum-torch.yaml", ["batch-norm-momentum-form", "mirror-batch-norm-momentum"]),
            // The CNN pair: each convention's initializers and Adam's ε.
            ("cnn-mnist-torch.yaml", ["mirror-init", "mirror-epsilon"]),
            // Keras' stride-2 `same` ported as padding=1.
            ("same-padding-torch.yaml", ["mirror-window-padding"]),
        ]
        let linter = Linter()
        for (spec, causes) in expected {
            let ids = Set(findings(spec, linter: linter).ids)
            XCTAssert(causes.isSubset(of: ids), "\(spec): expected \(causes.sorted()), got \(ids.sorted())")
        }
    }

    func testCorrectedVariantsLintClean() {
        let linter = Linter()
        for spec in ["mlp-l2-keras-matched.yaml", "two-points-sgd-5000.yaml", "mnist-l2-keras-half.yaml",
                     "first-feature-tf1-fixed.yaml", "bump-scaled.yaml", "same-padding-torch-fixed.yaml", "cnn-mnist-keras.yaml",
                     "batchnorm-momentum-keras.yaml", "batchnorm-momentum-torch-fixed.yaml"] {
            XCTAssertEqual(findings(spec, linter: linter).map(\.description), [], spec)
        }
    }

    func testSklearnAlphaAgainstKerasHalfL2ShowsTheFactorAndTheMatchingValue() throws {
        let found = findings("mlp-l2-keras-first-layer.yaml")
        let penalty = try XCTUnwrap(found.with(id: "mirror-penalty").first)
        XCTAssertEqual(penalty.message, "the L2 gradient on the kernel of 'hidden' is α·W here and α/n·W in mlp-l2-sklearn.yaml: this spec regularizes 200× more")
        XCTAssert(penalty.notes.contains { $0.message.contains("α = 1, n = 200") && $0.message.contains("0.005·W per step") }, "\(penalty.notes)")
        XCTAssertEqual(penalty.fixIts.first?.replacement, "kernel_regularizer: {half_l2: 0.005}")
        let scope = try XCTUnwrap(found.with(id: "mirror-penalty-scope").first)
        XCTAssert(scope.message.contains("layer 'output'"), scope.message)
        let loss = try XCTUnwrap(found.with(id: "mirror-loss").first)
        XCTAssert(loss.message.contains("2(p−y)/(n·k) here and (p−y)/n"), loss.message)
        XCTAssertEqual(loss.fixIts.first?.replacement, "loss: {kind: mse, scale: 0.5}")
    }

    func testKerasL2IsTwiceTheNumPyDecay() throws {
        let found = findings("mnist-l2.yaml").with(id: "mirror-penalty")
        XCTAssertEqual(found.count, 2, "one per penalized kernel")
        for d in found {
            XCTAssert(d.message.hasSuffix("2λ·W here and α·W in mnist-l2-numpy.yaml: this spec regularizes 2× more"), d.message)
            XCTAssertEqual(d.fixIts.first?.replacement, "kernel_regularizer: {l2: 0.0005}")
        }
    }

    func testTwoPointsShowsTheUpdateArithmetic() throws {
        let d = try XCTUnwrap(findings("two-points-sgd.yaml").with(id: "too-few-updates").first)
        XCTAssertEqual(d.message, "100 updates at lr 0.01 can move a weight by at most ~1·|g|; the separable optimum is at infinity")
        XCTAssert(d.notes.contains { $0.message.contains("Σ lr = 1") }, "\(d.notes)")
        XCTAssert(d.notes.contains { $0.message.contains("|g| ≤ m·mean|x_j| = 1.5") }, "\(d.notes)")
    }

    func testBroadcastNamesTheShapes() throws {
        let d = try XCTUnwrap(findings("first-feature-tf1.yaml").with(id: "broadcast-targets").first)
        XCTAssert(d.message.hasPrefix("targets of shape (10000,) against predictions of shape (10000, 1) broadcast to (10000, 10000)"), d.message)
        XCTAssertEqual(d.severity, .error)
    }

    /// Data is materialized once per data section in a run: what keeps linting all of specs/
    /// interactive. (Its time is measured by benchmarks, never asserted: a test's timing depends
    /// on the machine's load.)
    func testLintOfEverySpecMaterializesEachDataSectionOnce() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root).filter { $0.hasSuffix(".yaml") }.sorted().map(path)
        XCTAssertGreaterThanOrEqual(files.count, 10)
        let source = CountingSource()
        let linter = Linter(dataSource: source)
        _ = linter.lint(paths: files)
        XCTAssertEqual(source.calls.count, Set(source.calls).count, "data materialized more than once for a spec: \(source.calls)")
        XCTAssertLessThan(source.calls.count, files.count, "specs with the same data section share it: \(source.calls)")
        XCTAssertFalse(source.calls.contains(path("mnist-l2-numpy.yaml")), "it extends mnist-l2.yaml's data unchanged")
    }
}

/// Counts how often each spec's data is asked for.
final class CountingSource: LintDataSource, @unchecked Sendable {
    private let inner = DataLoaderSource()
    private let lock = NSLock()
    private(set) var calls: [String] = []

    func trainingData(for spec: Spec) -> Result<LintData, DataError> {
        lock.lock()
        calls.append(spec.file)
        lock.unlock()
        return inner.trainingData(for: spec)
    }
}
