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
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-comparison-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
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
        for (i, (what, sa, sb, quantity, rule, matters)) in cases.enumerated() {
            func spec(_ s: Side, mirrors: String?) -> String {
                (mirrors.map { "mirrors: \($0)\n" } ?? "") + """
                convention: keras
                data:
                  inputs: [[0], [1], [2], [3]]
                  targets: [[0.1], [0.3], [0.5], [0.7]]
                model:
                  layers:
                    - \(s.layer)
                loss: mse
                optimizer: \(s.optimizer)
                training: \(s.training)
                """
            }
            let a = dir.appendingPathComponent("a\(i).yaml").path, b = dir.appendingPathComponent("b\(i).yaml").path
            try spec(sa, mirrors: "b\(i).yaml").write(toFile: a, atomically: true, encoding: .utf8)
            try spec(sb, mirrors: nil).write(toFile: b, atomically: true, encoding: .utf8)
            let la = SpecPipeline.load(path: a), lb = SpecPipeline.load(path: b)
            let specA = try XCTUnwrap(la.spec, "\(what): \(la.diagnostics)"), specB = try XCTUnwrap(lb.spec, "\(what): \(lb.diagnostics)")
            let diffLines = SemanticDiff.compare(specA, specB).lines.filter { $0.about.quantity == quantity }
            let lint = Lint.run(paths: [a], format: .sarif)
            let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
            let results = (((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]]) ?? []
            let findings = results.filter { $0["ruleId"] as? String == rule }
            XCTAssertEqual(diffLines.count, matters ? 1 : 0, "diff, \(what): \(diffLines.map(\.text))")
            XCTAssertEqual(findings.count, matters ? 1 : 0, "lint \(rule), \(what): \(results)")
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
