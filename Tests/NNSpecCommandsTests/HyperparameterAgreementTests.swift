import Foundation
@testable import NNSpecCommands
import NNSpecDiff
@testable import NNSpecExport
import NNSpecIR
import NNSpecPlan
@testable import NNSpecRuntime
import XCTest

/// The optimizer's hyperparameters as applied have one place, the plan: the runtime's update,
/// the PyTorch script's arguments and diff's note on Keras' float32 cast all show the plan's
/// values. The fixture is Keras in float64 with SGD momentum 0.9 and l2 factors, all cast.
final class HyperparameterAgreementTests: XCTestCase {
    static let fixture = Paths.fixture("export/keras-l2-float64.yaml")

    func loaded() throws -> (Spec, ExperimentPlan) {
        let spec = try XCTUnwrap(SpecPipeline.load(path: Self.fixture).spec)
        return (spec, try ExperimentPlan.lower(spec))
    }

    func testTheRuntimesMomentumIsThePlans() throws {
        let (spec, plan) = try loaded()
        let mu = plan.optimizer.momentum, lr = spec.optimizer.learningRate
        XCTAssertNotEqual(mu, spec.optimizer.momentum, "Keras casts the momentum through float32")
        // Two steps on w = 1 with g = 1: v₁ = −lr, w₁ = 1 + v₁; v₂ = μv₁ − lr, w₂ = w₁ + v₂.
        var optimizer = Optimizer<Double>(plan.optimizer, parameters: 1)
        let w = Buffer<Double>([1]), g = Buffer<Double>([1])
        for _ in 0 ..< 2 {
            g.fill(1)
            optimizer.step(w, g, learningRate: lr)
        }
        let v1 = 0 * mu - 1 * lr, w1 = 1 + v1
        XCTAssertEqual(w.array[0], w1 + (v1 * mu - 1 * lr))
    }

    func testThePyTorchScriptPassesThePlansMomentumAndFactors() throws {
        let (spec, plan) = try loaded()
        let script = try Export.script(for: spec, to: .pytorch, scriptDirectory: nil)
        XCTAssertTrue(script.contains("momentum=\(PythonWriter.float(plan.optimizer.momentum))"), script)
        let l2 = try XCTUnwrap(plan.tensor(layer: 0, .kernel)?.appliedRegularizer?.l2)
        XCTAssertTrue(script.contains("\(PythonWriter.float(l2)) * (model.layers[0].weight ** 2).sum()"), script)
    }

    /// Keras' lambda regularizer (l2 beside a half_l2, which the L2 class cannot hold) prints
    /// the plan's factors as they meet the weights: cast in this float64 model, and rounded by a
    /// float32 model's own arithmetic when the hyperparameters are exact.
    func testTheKerasScriptsLambdaFactorsAreThePlans() throws {
        let (spec, plan) = try loaded()
        var float32Exact = spec
        float32Exact.dtype = .float32
        float32Exact.optimizer.hyperparameterDtype = nil
        for (s, p) in [(spec, plan), (float32Exact, try ExperimentPlan.lower(float32Exact))] {
            let script = try Export.script(for: s, to: .keras, scriptDirectory: nil)
            let written = try XCTUnwrap(s.model.layers[1].kernelRegularizer)
            let l2 = p.factorsAtTheWeights(written).l2
            XCTAssertEqual(l2, Double(Float(written.l2)))
            XCTAssertTrue(script.contains("lambda W: \(PythonWriter.float(l2)) * tf.reduce_sum(tf.square(W)) + 0.5 * \(PythonWriter.float(written.halfL2)) * tf.reduce_sum(tf.square(W))"), script)
        }
    }

    func testDiffNamesTheCastValuesThePlanHolds() throws {
        let (spec, plan) = try loaded()
        var exact = spec
        exact.optimizer.hyperparameterDtype = nil
        let line = try XCTUnwrap(SemanticDiff.compare(spec, exact).lines.first { $0.about.quantity == "hyperparameter_dtype" })
        let momentum = try XCTUnwrap(plan.optimizer.castHyperparameters.first { $0.key == "momentum" })
        XCTAssertTrue(line.note?.hasPrefix("momentum \(Num.exact(momentum.written)) → \(Num.exact(momentum.applied))") == true,
                      line.note ?? "no note")
    }

    /// Adam's βs are named when the cast side's update raises the cast βs (the accumulator form),
    /// whatever form the exact side uses: its own βs are the written ones either way.
    func testDiffNamesAdamsCastBetasFromTheCastSidesPlan() throws {
        let (spec, _) = try loaded()
        var cast = spec
        cast.optimizer.kind = .adam
        var exact = cast
        exact.optimizer.hyperparameterDtype = nil
        exact.optimizer.epsilonForm = .estimate
        let note = SemanticDiff.compare(cast, exact).lines.first { $0.about.quantity == "hyperparameter_dtype" }?.note
        XCTAssertEqual(note?.hasPrefix("β₁ 0.9 → 0.8999999761581421; β₂ 0.999 → 0.9990000128746033"), true, note ?? "no note")
        cast.optimizer.epsilonForm = .estimate
        let none = SemanticDiff.compare(cast, exact).lines.first { $0.about.quantity == "hyperparameter_dtype" }?.note
        XCTAssertFalse(none?.contains("β₁") ?? false, "the estimate form keeps its βs exact even when cast")
    }
}
