import Foundation
import NNSpecIR
import NNSpecSyntax
import XCTest

/// Elaboration: conventions fill every default, each value keeps its origin, and the compiled
/// form is canonical.
final class ElaborationTests: XCTestCase {
    func load(_ text: String, file: String = "spec.yaml") throws -> Spec {
        let r = SpecLoader.load(text: text, file: file)
        return try XCTUnwrap(r.spec, r.diagnostics.map(\.description).joined(separator: "\n"))
    }

    let minimal = """
    data: {inputs: [[1, 2], [3, 4]], targets: [[1], [0]]}
    model: {layers: [{units: 3, activation: logistic}, {units: 1}]}
    loss: mse
    """

    func testSklearnConventionFillsScikitLearnDefaultsAndSaysSo() throws {
        let spec = try load("convention: sklearn\n" + minimal)
        XCTAssertEqual(spec.dtype, .float64)
        XCTAssertEqual(spec.penalty, GlobalPenalty(alpha: 0.0001, divideByBatch: true))
        XCTAssertEqual(spec.optimizer.kind, .adam)
        XCTAssertEqual(spec.optimizer.epsilon, 1e-8)
        XCTAssertEqual(spec.training.batchSize, .auto)
        XCTAssertEqual(spec.training.length, .epochs(200))
        XCTAssertEqual(spec.training.earlyStopping, EarlyStopping(tol: 1e-4, patience: 10))
        XCTAssertEqual(spec.loss.scale, 0.5)
        XCTAssertEqual(spec.loss.gradientReduction, .sum)
        XCTAssertEqual(spec.provenance.origin(of: "regularization.alpha"), .convention(.sklearn))
        XCTAssertEqual(spec.provenance.origin(of: "convention"), .spec)
        let yaml = spec.compiledYAML
        XCTAssertTrue(yaml.contains("  alpha: 0.0001  # convention sklearn\n"), yaml)
        XCTAssertTrue(yaml.contains("  batch_size: auto  # convention sklearn\n"), yaml)
    }

    func testSklearnInitFactorIsTwoForLogisticHiddenUnitsOnEveryLayer() throws {
        let spec = try load("convention: sklearn\n" + minimal)
        XCTAssertEqual(spec.model.layers.map(\.kernelInitializer), [.sklearn(factor: 2), .sklearn(factor: 2)])
        XCTAssertEqual(spec.model.layers.map(\.biasInitializer), [.sklearn(factor: 2), .sklearn(factor: 2)])
        let relu = try load("convention: sklearn\n" + minimal.replacingOccurrences(of: "logistic", with: "relu"))
        XCTAssertEqual(relu.model.layers.map(\.kernelInitializer), [.sklearn(factor: 6), .sklearn(factor: 6)])
    }

    func testKerasConventionDefaults() throws {
        let spec = try load(minimal)
        XCTAssertEqual(spec.convention, .keras)
        XCTAssertEqual(spec.provenance.origin(of: "convention"), .global)
        XCTAssertEqual(spec.dtype, .float32)
        XCTAssertEqual(spec.optimizer.kind, .rmsprop)
        XCTAssertEqual(spec.training.batchSize, .count(32))
        XCTAssertEqual(spec.model.layers[0].kernelInitializer, .glorotUniform)
        XCTAssertEqual(spec.model.layers[0].biasInitializer, .zeros)
        XCTAssertEqual(spec.loss.clipEpsilon, nil) // mse has no clipping
        XCTAssertEqual(spec.training.logging, LoggingSpec(mode: .fitMean, every: 1, unit: .epoch))
    }

    func testTf1ConventionBroadcastsRankOneTargetsInItsMeanSquaredError() throws {
        let spec = try load("convention: tf1\n" + minimal)
        XCTAssertTrue(spec.loss.broadcastTargets)
        XCTAssertEqual(spec.training.batchOrder, .wrap)
    }

    func testWrittenValuesOverrideThePresetAndRecordTheirPosition() throws {
        let spec = try load("convention: sklearn\noptimizer: {kind: sgd, momentum: 0.5}\n" + minimal)
        XCTAssertEqual(spec.optimizer.momentum, 0.5)
        XCTAssertTrue(spec.optimizer.nesterov) // still the sklearn preset
        XCTAssertEqual(spec.provenance.origin(of: "optimizer.momentum"), .spec)
        XCTAssertEqual(spec.provenance.location(of: "optimizer.momentum")?.line, 2)
        XCTAssertEqual(spec.provenance.origin(of: "optimizer.nesterov"), .convention(.sklearn))
    }

    func testExtendsOverlaysMappingsKeyByKeyAndReplacesLists() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-ext-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try (minimal + "\noptimizer: {kind: sgd, learning_rate: 0.1, momentum: 0.9}\n")
            .write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let child = dir.appendingPathComponent("child.yaml")
        try """
        extends: base.yaml
        optimizer: {learning_rate: 0.5}
        model: {layers: [{units: 1}]}
        """.write(to: child, atomically: true, encoding: .utf8)
        let r = SpecLoader.load(path: child.path)
        let spec = try XCTUnwrap(r.spec, "\(r.diagnostics)")
        XCTAssertEqual(spec.optimizer.learningRate, 0.5)
        XCTAssertEqual(spec.optimizer.momentum, 0.9)
        XCTAssertEqual(spec.model.layers.count, 1)
        XCTAssertEqual(spec.provenance.origin(of: "optimizer.learning_rate"), .spec)
        XCTAssertEqual(spec.provenance.origin(of: "optimizer.momentum"), .extends(dir.appendingPathComponent("base.yaml").path))
        XCTAssertTrue(spec.compiledYAML.contains("momentum: 0.9  # extends "), spec.compiledYAML)
    }

    func testAnExtendsCycleIsAnErrorAtTheExtendsKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-cyc-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "extends: b.yaml\n".write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "extends: a.yaml\n".write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let r = SpecLoader.load(path: dir.appendingPathComponent("a.yaml").path)
        XCTAssertNil(r.spec)
        XCTAssertTrue(r.diagnostics.contains { $0.message.contains("extends cycle") }, "\(r.diagnostics)")
    }

    func testTwoSpellingsOfTheSameExperimentCompileIdentically() throws {
        let short = try load(minimal + "\noptimizer: sgd\n")
        let long = try load("""
        convention: keras
        dtype: float32
        data:
          inputs: [[1.0, 2.0], [3.0, 4.0]]
          targets: [[1.0], [0.0]]
        model:
          layers:
            - {units: 3, activation: sigmoid, kernel_initializer: glorot_uniform, bias_initializer: zeros, use_bias: true}
            - {units: 1, activation: identity}
        loss: {kind: mean_squared_error, scale: 1}
        optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0}
        training: {epochs: 1, batch_size: 32}
        """)
        XCTAssertEqual(CanonicalPrinter.yaml(short.canonical), CanonicalPrinter.yaml(long.canonical))
    }

    func testCompiledOutputOfEveryCheckedInSpecLoadsBackToTheSameSpec() throws {
        let dir = GrammarTests.repoRoot.appendingPathComponent("specs")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            let path = dir.appendingPathComponent(f).path
            let first = try XCTUnwrap(SpecLoader.load(path: path).spec, f)
            // The compiled text is itself a spec; data paths stay relative to specs/.
            let again = SpecLoader.load(text: first.compiledYAML, file: dir.appendingPathComponent("compiled-\(f)").path)
            let second = try XCTUnwrap(again.spec, "\(f): \(again.diagnostics.map(\.description))")
            XCTAssertEqual(CanonicalPrinter.yaml(first.canonical), CanonicalPrinter.yaml(second.canonical), f)
        }
    }

    func testCompiledJSONCarriesTheOriginOfEveryLeaf() throws {
        let spec = try load("convention: sklearn\n" + minimal)
        let json = spec.compiledJSON
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let origins = try XCTUnwrap(object["origins"] as? [String: String])
        XCTAssertEqual(origins["regularization.alpha"], "convention sklearn")
        XCTAssertEqual(origins["loss.kind"], "spec")
    }
}
