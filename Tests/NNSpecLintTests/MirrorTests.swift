import NNSpecIR
import NNSpecLint
import NNSpecSyntax
import XCTest

/// Cross-spec comparisons: `mirrors:` is a path relative to the declaring spec.
final class MirrorTests: XCTestCase {
    func spec(_ extra: String, layers: String = "- {units: 4, activation: sigmoid}\n    - {units: 1}", convention: String = "keras") -> String {
        """
        convention: \(convention)
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            \(layers)
        loss: mse
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        \(extra)
        """
    }

    /// The example: λ = 0.5 under Keras' l2 against α = 1 with batch 200.
    func testKerasL2AgainstSklearnAlphaGivesFactorAndValue() throws {
        let dir = try temporaryDirectory(self)
        let keras = spec("mirrors: ../ref/sklearn.yaml",
                         layers: "- {units: 4, activation: sigmoid, kernel_regularizer: {l2: 0.5}}\n    - {units: 1, kernel_regularizer: {l2: 0.5}}")
        let sklearn = spec("regularization: {alpha: 1}", convention: "sklearn")
        let path = try write(["exp/keras.yaml": keras, "ref/sklearn.yaml": sklearn], in: dir)
        let found = Linter().lint(path: path).with(id: "mirror-penalty")
        XCTAssertEqual(found.count, 2)
        let d = try XCTUnwrap(found.first)
        XCTAssertEqual(d.message, "the L2 gradient on the kernel of 'dense_0' is 2λ·W here and α/n·W in ../ref/sklearn.yaml: this spec regularizes 200× more")
        XCTAssertEqual(d.fixIts.first?.message, "use λ = 0.0025")
        XCTAssertEqual(d.fixIts.first?.replacement, "kernel_regularizer: {l2: 0.0025}")
        // The note about the other spec points into it.
        let there = try XCTUnwrap(d.notes.first { $0.location?.file.hasSuffix("ref/sklearn.yaml") == true })
        XCTAssert(there.message.contains("α = 1, n = 200"), there.message)
    }

    func testEquivalentSpecsInDifferentConventionsAreClean() throws {
        let dir = try temporaryDirectory(self)
        let matched = spec("""
        mirrors: sklearn.yaml
        dtype: float64
        """, layers: """
        - {units: 4, activation: sigmoid, kernel_regularizer: {half_l2: 0.005}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
            - {units: 1, kernel_regularizer: {half_l2: 0.005}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
        """).replacingOccurrences(of: "loss: mse", with: "loss: {kind: mse, scale: 0.5}")
            .replacingOccurrences(of: "training: {epochs: 200, batch_size: 200}",
                                  with: "training: {epochs: 200, batch_size: 200, shuffle_form: sklearn, early_stopping: {tol: 0.0001, n_iter_no_change: 10}}")
        let sklearn = spec("regularization: {alpha: 1}", convention: "sklearn")
        let path = try write(["keras.yaml": matched, "sklearn.yaml": sklearn], in: dir)
        let found = Linter().lint(path: path)
        XCTAssertEqual(found.filter { $0.id?.hasPrefix("mirror-") == true }.map(\.description), [])
    }

    func testMirrorThatDoesNotLoadIsReported() throws {
        let dir = try temporaryDirectory(self)
        let path = try write(["a.yaml": spec("mirrors: b.yaml"), "b.yaml": "model: {layers: []}\n"], in: dir)
        let d = try XCTUnwrap(Linter().lint(path: path).with(id: "mirror-unreadable").first)
        XCTAssert(d.message.contains("'b.yaml' does not load"), d.message)
        XCTAssertEqual(d.location?.line, 13, "at the mirrors: entry")
    }

    func testSpecMirroringItselfIsReported() throws {
        let dir = try temporaryDirectory(self)
        let path = try write(["a.yaml": spec("mirrors: ./a.yaml")], in: dir)
        let d = try XCTUnwrap(Linter().lint(path: path).with(id: "mirror-unreadable").first)
        XCTAssert(d.message.contains("cannot mirror itself"), d.message)
    }

    func testAMirrorLintedInTheSameRunIsLoadedOnceUnderOneName() throws {
        let dir = try temporaryDirectory(self)
        try write(["x/a.yaml": spec("mirrors: ../y/b.yaml"), "y/b.yaml": spec("", convention: "sklearn").replacingOccurrences(of: "num: 400", with: "num: 401")], in: dir)
        let source = CountingSource()
        let linter = Linter(dataSource: source)
        _ = linter.lint(path: dir.appendingPathComponent("x/a.yaml").path)
        let b = linter.lint(path: dir.appendingPathComponent("y/b.yaml").path)
        XCTAssertEqual(source.calls.count, 2, "\(source.calls)")
        XCTAssertFalse(source.calls.contains { $0.contains("..") }, "\(source.calls)")
        XCTAssertFalse(b.contains { $0.location?.file.contains("..") == true })
    }

    func testL1ComparedByStrengthAndByScope() throws {
        let dir = try temporaryDirectory(self)
        let l1 = { (v: String) in "- {units: 4, activation: sigmoid, kernel_regularizer: {l1: \(v)}}\n    - {units: 1}" }
        let path = try write(["a.yaml": spec("mirrors: b.yaml", layers: l1("0.1")), "b.yaml": spec("", layers: l1("0.01")),
                              "c.yaml": spec("mirrors: d.yaml", layers: l1("0.1")), "d.yaml": spec("")], in: dir)
        let linter = Linter()
        let strength = try XCTUnwrap(linter.lint(path: path).with(id: "mirror-penalty").first)
        XCTAssertEqual(strength.message, "the L1 gradient on the kernel of layer 'dense_0' is 0.1·sign(W) here and 0.01·sign(W) in b.yaml (10×)")
        let scope = try XCTUnwrap(linter.lint(path: dir.appendingPathComponent("c.yaml").path).with(id: "mirror-penalty-scope").first)
        XCTAssertEqual(scope.message, "the kernel of layer 'dense_0' has an L1 penalty here (λ·sign(W), λ = 0.1) and none in d.yaml")
    }

    func testPathsAreNormalizedLexically() {
        XCTAssertEqual(Linter.normalize("a/b/../c.yaml"), "a/c.yaml")
        XCTAssertEqual(Linter.normalize("./a/./b.yaml"), "a/b.yaml")
        XCTAssertEqual(Linter.normalize("../a.yaml"), "../a.yaml")
        XCTAssertEqual(Linter.normalize("/x/../y.yaml"), "/y.yaml")
        XCTAssertEqual(Linter.normalize("a/../../b.yaml"), "../b.yaml")
    }
}
