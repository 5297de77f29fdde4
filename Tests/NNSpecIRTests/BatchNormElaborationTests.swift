import NNSpecIR
import NNSpecSyntax
import XCTest

/// Batch normalization's momentum and epsilon are the convention's, shown with their origin and
/// read in the convention's meaning; the frameworks' own spellings of the type and of `affine`
/// are read; conventions without the layer refuse it with a located error.
final class BatchNormElaborationTests: XCTestCase {
    func spec(_ convention: String, _ layer: String) -> String {
        """
        convention: \(convention)
        data: {inputs: {rand: [4, 3]}, targets: {rand: [4, 1]}}
        model:
          layers:
            - {units: 2}
            - \(layer)
            - {units: 1}
        loss: mse
        """
    }

    func load(_ text: String) throws -> Spec {
        let r = SpecLoader.load(text: text, file: "spec.yaml")
        return try XCTUnwrap(r.spec, r.diagnostics.map(\.description).joined(separator: "\n"))
    }

    func errors(_ text: String) -> [Diagnostic] { SpecLoader.load(text: text, file: "spec.yaml").diagnostics.filter { $0.severity == .error } }

    func testKerasDefaultsAreMomentum099Epsilon1e3InTheRunningWeightForm() throws {
        let s = try load(spec("keras", "{type: batch_normalization}"))
        let bn = try XCTUnwrap(s.model.layers[1].batchNorm)
        XCTAssertEqual([bn.momentum, bn.epsilon], [0.99, 1e-3])
        XCTAssertEqual(bn.momentumForm, .runningWeight)
        XCTAssertEqual(bn.runningVariance, .biased)
        XCTAssertEqual([bn.meanName, bn.varianceName], ["moving_mean", "moving_variance"])
        XCTAssertEqual(s.provenance.origin(of: "model.layers[1].momentum"), .convention(.keras))
        let yaml = s.compiledYAML
        XCTAssertTrue(yaml.contains("      momentum: 0.99  # convention keras\n"), yaml)
        XCTAssertTrue(yaml.contains("      epsilon: 0.001  # convention keras\n") || yaml.contains("      epsilon: 1e-03  # convention keras\n"), yaml)
        XCTAssertTrue(yaml.contains("      momentum_form: running_weight  # convention keras\n"), yaml)
    }

    func testTorchDefaultsAreMomentum01Epsilon1e5InTheBatchWeightFormWithUnbiasedRunningVariance() throws {
        let s = try load(spec("torch", "{type: batch_norm1d}"))
        let bn = try XCTUnwrap(s.model.layers[1].batchNorm)
        XCTAssertTrue(s.model.layers[1].type == BatchNormalization.self)
        XCTAssertEqual([bn.momentum, bn.epsilon], [0.1, 1e-5])
        XCTAssertEqual(bn.momentumForm, .batchWeight)
        XCTAssertEqual(bn.runningVariance, .unbiased)
        XCTAssertEqual([bn.meanName, bn.varianceName], ["running_mean", "running_var"])
        XCTAssertTrue(s.compiledYAML.contains("      type: batch_normalization\n"), "an alias compiles to the canonical type")
    }

    func testTf1FollowsKeras() throws {
        let bn = try XCTUnwrap(try load(spec("tf1", "{type: batchnorm}")).model.layers[1].batchNorm)
        XCTAssertEqual([bn.momentum, bn.epsilon], [0.99, 1e-3])
        XCTAssertEqual(bn.momentumForm, .runningWeight)
    }

    func testWrittenKeysAndAffine() throws {
        let s = try load(spec("torch", "{type: batch_norm, momentum: 0.01, momentum_form: keras, epsilon: 0.1, affine: false, gamma_regularizer: {l2: 0.5}}"))
        let bn = try XCTUnwrap(s.model.layers[1].batchNorm)
        XCTAssertEqual(bn.momentum, 0.01)
        XCTAssertEqual(bn.momentumForm, .runningWeight, "the alias keras reads as running_weight")
        XCTAssertEqual(bn.epsilon, 0.1)
        XCTAssertFalse(bn.center)
        XCTAssertFalse(bn.scale)
        XCTAssertEqual(bn.gammaRegularizer, Regularizer(l2: 0.5))
        let k = try load(spec("keras", "{type: batch_normalization, center: false, gamma_initializer: {constant: 2}}")).model.layers[1].batchNorm!
        XCTAssertEqual([k.center, k.scale], [false, true])
        XCTAssertEqual(k.gammaInitializer, .constant(2))
    }

    func testAffineWithCenterIsAConflictAndUnitsAreNotABatchNormKey() {
        let conflict = errors(spec("torch", "{type: batch_normalization, affine: false, center: true}"))
        XCTAssertEqual(conflict.map(\.code), [.specConflict])
        let units = errors(spec("keras", "{type: batch_normalization, units: 3}"))
        XCTAssertTrue(units.contains { $0.code == .specUnknownKey && $0.message.contains("has no 'units'") }, "\(units)")
    }

    func testMomentumOutsideTheUnitIntervalAndZeroEpsilonAreRangeErrors() {
        XCTAssertEqual(errors(spec("keras", "{type: batch_normalization, momentum: 1.5}")).map(\.code), [.specRange])
        XCTAssertEqual(errors(spec("keras", "{type: batch_normalization, epsilon: 0}")).map(\.code), [.specRange])
    }

    func testConventionsWithoutBatchNormalizationRefuseItWhereWritten() {
        for c in ["sklearn", "numpy"] {
            let e = errors(spec(c, "{type: batch_normalization}"))
            XCTAssertEqual(e.count, 1, c)
            XCTAssertTrue(e.first?.message.contains("no batch normalization") == true, "\(e)")
            XCTAssertEqual(e.first?.location?.line, 6, c)
        }
    }
}
