import Foundation
import NNSpecCommands
import NNSpecDiff
import NNSpecIR
import NNSpecPlan
import XCTest

/// Diff and the mirror-* lint rules read one decision of when a difference matters
/// (`PlanComparison`: momentum form, weight-decay form, shuffle, batch order, initial
/// distributions): for each pair, the diff has a line about the difference exactly when lint
/// finds it, and both stay silent where the difference cannot change a run.
final class PlanComparisonAgreementTests: XCTestCase {
    func testDiffAndLintAgreeWhenADifferenceMatters() throws {
        let scheduled = "kind: sgd, learning_rate: 0.1, momentum: 0.9, schedule: {kind: inverse_time, decay: 0.01}"
        // (what differs, (layer, optimizer, training) of A, of B, diff quantity, lint rule, matters)
        typealias Side = (layer: String, optimizer: String, training: String)
        let plain: Side = ("{units: 1}", "{kind: sgd, learning_rate: 0.1}", "{epochs: 5, batch_size: 2}")
        func with(layer: String? = nil, optimizer: String? = nil, training: String? = nil) -> Side {
            (layer ?? plain.layer, optimizer ?? plain.optimizer, training ?? plain.training)
        }
        let cases: [(String, Side, Side, String, String, Bool)] = [
            ("momentum form under a schedule", with(optimizer: "{\(scheduled), momentum_form: velocity}"),
             with(optimizer: "{\(scheduled), momentum_form: buffer}"), "momentum_form", "mirror-optimizer", true),
            ("momentum form at a constant rate", with(optimizer: "{kind: sgd, learning_rate: 0.1, momentum: 0.9, momentum_form: velocity}"),
             with(optimizer: "{kind: sgd, learning_rate: 0.1, momentum: 0.9, momentum_form: buffer}"), "momentum_form", "mirror-optimizer", false),
            ("weight-decay form under Adam", with(optimizer: "{kind: adam, learning_rate: 0.1, weight_decay: 0.01, weight_decay_form: coupled}"),
             with(optimizer: "{kind: adam, learning_rate: 0.1, weight_decay: 0.01, weight_decay_form: decoupled}"), "weight_decay_form", "mirror-optimizer", true),
            ("weight-decay form under plain SGD", with(optimizer: "{kind: sgd, learning_rate: 0.1, weight_decay: 0.01, weight_decay_form: coupled}"),
             with(optimizer: "{kind: sgd, learning_rate: 0.1, weight_decay: 0.01, weight_decay_form: decoupled}"), "weight_decay_form", "mirror-optimizer", false),
            ("shuffle with two batches an epoch", with(training: "{epochs: 5, batch_size: 2, shuffle: true}"),
             with(training: "{epochs: 5, batch_size: 2, shuffle: false}"), "shuffle", "mirror-shuffle", true),
            ("shuffle with one batch an epoch", with(training: "{epochs: 5, batch_size: full, shuffle: true}"),
             with(training: "{epochs: 5, batch_size: full, shuffle: false}"), "shuffle", "mirror-shuffle", false),
            ("batch order when b does not divide n", with(training: "{steps: 10, batch_size: 3, shuffle: false, batch_order: epoch}"),
             with(training: "{steps: 10, batch_size: 3, shuffle: false, batch_order: wrap}"), "batch_order", "mirror-batching", true),
            ("batch order when b divides n", with(training: "{steps: 10, batch_size: 2, shuffle: false, batch_order: epoch}"),
             with(training: "{steps: 10, batch_size: 2, shuffle: false, batch_order: wrap}"), "batch_order", "mirror-batching", false),
            ("kernels from different distributions", with(layer: "{units: 1, kernel_initializer: zeros}"),
             with(layer: "{units: 1, kernel_initializer: glorot_uniform}"), "initial_distribution", "mirror-init", true),
            ("kernels from one distribution named twice",
             with(layer: "{units: 1, kernel_initializer: {uniform: {low: -1.7320508075688772, high: 1.7320508075688772}}}"),
             with(layer: "{units: 1, kernel_initializer: glorot_uniform}"), "initial_distribution", "mirror-init", false),
        ]
        for (what, sa, sb, quantity, rule, matters) in cases {
            let pair = try MirroredPair(what, a: smallSpec(layer: sa.layer, optimizer: sa.optimizer, training: sa.training, mirrors: "b.yaml"),
                                        b: smallSpec(layer: sb.layer, optimizer: sb.optimizer, training: sb.training))
            let (specA, specB) = (pair.a, pair.b)
            let diffLines = SemanticDiff.compare(specA, specB).lines.filter { $0.about.quantity == quantity }
            XCTAssertEqual(diffLines.count, matters ? 1 : 0, "diff, \(what): \(diffLines.map(\.text))")
            XCTAssertEqual(pair.lintRules.filter { $0 == rule }.count, matters ? 1 : 0, "lint \(rule), \(what): \(pair.lintRules)")
            // The plan's decision is the one both read.
            let pa = try ExperimentPlan.lower(specA), pb = try ExperimentPlan.lower(specB)
            let c = PlanComparison(here: specA, pa, there: specB, pb)
            let decided: Bool
            switch quantity {
            case "momentum_form": decided = c.momentumFormMatters
            case "weight_decay_form": decided = c.weightDecayFormMatters
            case "shuffle": decided = c.shuffleMatters
            case "batch_order": decided = c.batchOrderMatters
            default: decided = !c.initDifferences(bias: false).isEmpty
            }
            XCTAssertEqual(decided, matters, "plan, \(what)")
        }
    }
}
