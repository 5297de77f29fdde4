import Foundation
import NNSpecIR
import NNSpecSyntax
import XCTest

/// Command-line overrides `key.path=value`: set in the node tree before decoding, checked by the
/// same decoder, located in their own pseudo-file, shown with origin `override`.
final class OverrideTests: XCTestCase {
    let base = """
    convention: keras
    data: {inputs: [[1, 2], [3, 4]], targets: [[1], [0]]}
    model:
      layers:
        - {units: 3, activation: relu}
        - {units: 1}
    loss: mse
    optimizer: {kind: sgd, learning_rate: 0.01}
    training: {epochs: 2, batch_size: 2}
    """

    func load(_ overrides: [String]) -> LoadResult {
        SpecLoader.load(text: base, file: "spec.yaml", overrides: overrides)
    }

    func testOverridesSetScalarsListItemsAndWholeValuesWithOriginOverride() throws {
        let r = load(["optimizer.learning_rate=0.1", "model.layers[0].units=64", "loss=binary_crossentropy",
                      "training.seed=3", "optimizer.momentum=0.9"])
        let spec = try XCTUnwrap(r.spec, r.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(spec.optimizer.learningRate, 0.1)
        XCTAssertEqual(spec.optimizer.momentum, 0.9)
        XCTAssertEqual(spec.model.layers[0].units, 64)
        XCTAssertEqual(spec.model.layers[1].units, 1)
        XCTAssertEqual(spec.loss.kind, .binaryCrossentropy)
        for path in ["optimizer.learning_rate", "model.layers[0].units", "training.seed", "optimizer.momentum"] {
            XCTAssertEqual(spec.provenance.origin(of: path), .override, path)
        }
        XCTAssertEqual(spec.provenance.origin(of: "model.layers[1].units"), .spec)
        XCTAssertTrue(spec.compiledYAML.contains("learning_rate: 0.1  # override"), spec.compiledYAML)
    }

    func testALaterOverrideOfTheSameKeyWins() throws {
        let spec = try XCTUnwrap(load(["training.epochs=5", "training.epochs=7"]).spec)
        XCTAssertEqual(spec.training.length, .epochs(7))
    }

    func testAMistypedKeyIsReportedInTheOverrideWithDidYouMean() {
        let r = load(["training.epochs=3", "optimizer.learning_rat=0.1"])
        XCTAssertNil(r.spec)
        let d = r.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(d.count, 1, d.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(d.first?.location, SourceLocation(file: "override 2", line: 1, column: 11))
        XCTAssertTrue(d.first?.message.contains("did you mean 'learning_rate'") ?? false, d.first?.message ?? "")
        let rendered = DiagnosticRenderer(sources: r.sources).render(d)
        XCTAssertTrue(rendered.hasPrefix("override 2:1:11: error[spec-unknown-key]:"), rendered)
        XCTAssertTrue(rendered.contains("optimizer.learning_rat=0.1\n          ^"), rendered)
    }

    func testAValueOfTheWrongTypeIsReportedAtTheValueByTheSameDecoder() {
        let r = load(["training.epochs=many"])
        XCTAssertNil(r.spec)
        XCTAssertEqual(r.diagnostics.first?.location, SourceLocation(file: "override 1", line: 1, column: 17))
        XCTAssertTrue(r.diagnostics.first?.message.contains("must be") ?? false)
    }

    func testPathsThatCannotBeFollowedAreErrorsNamingTheOverride() {
        for (text, column, words) in [("model.layers[2].units=3", 13, "has 2 items"),
                                      ("loss.kind.x=1", 6, "not a mapping"),
                                      ("optimizer.kind[0]=sgd", 15, "not a list"),
                                      ("learning_rate", 1, "key.path=value"),
                                      ("model..units=3", 7, "empty key"),
                                      ("model.layers[x].units=3", 13, "non-negative integer"),
                                      ("model.layers[0]units=3", 16, "expected '.' or '['"),
                                      ("model.layers[0=3", 13, "without ']'"),
                                      ("=3", 1, "empty key"),
                                      ("extends=other.yaml", 1, "extends")] {
            let r = load([text])
            XCTAssertNil(r.spec, text)
            let d = r.diagnostics.first { $0.severity == .error }
            XCTAssertEqual(d?.location, SourceLocation(file: "override 1", line: 1, column: column), "\(text): \(d?.description ?? "")")
            XCTAssertTrue(d?.message.contains(words) ?? false, "\(text): \(d?.message ?? "")")
        }
    }

    func testValuesAreYAMLScalarsOrFlowCollections() throws {
        let spec = try XCTUnwrap(load(["optimizer={kind: adam, learning_rate: 1e-3}", "training.shuffle=false"]).spec)
        XCTAssertEqual(spec.optimizer.kind, .adam)
        XCTAssertEqual(spec.optimizer.learningRate, 0.001)
        XCTAssertEqual(spec.training.shuffle, false)
    }

    func testOnlyKeyShapedArgumentsWithEqualsAreOverrides() {
        let split = Override.partition(["specs/a.yaml", "training.seed=3", "specs/x=y.yaml", "b.yaml", "model.layers[0].units=4"])
        XCTAssertEqual(split.paths, ["specs/a.yaml", "specs/x=y.yaml", "b.yaml"])
        XCTAssertEqual(split.overrides, ["training.seed=3", "model.layers[0].units=4"])
    }
}
