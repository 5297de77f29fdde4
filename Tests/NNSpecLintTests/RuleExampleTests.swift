import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecSyntax
import XCTest

/// The rules test themselves: every triggering example must yield its rule exactly once, at the
/// `↓`, and every non-triggering example must not yield it. Examples must load without errors
/// and lower to a plan.
final class RuleExampleTests: XCTestCase {
    func testEveryTriggeringExampleFindsItsRuleAtTheMarker() throws {
        for rule in RuleRegistry.rules {
            let d = rule.description
            for (i, example) in d.triggering.enumerated() {
                let label = "\(d.id) triggering[\(i)]"
                guard let (text, line, column) = example.unmarked else {
                    XCTFail("\(label): no ↓ marker"); continue
                }
                let (found, path) = try lint(text, mirror: example.mirror?.filter { $0 != RuleExample.marker }, in: self, name: "\(d.id)\(i)")
                let errors = found.filter { $0.code != nil && $0.severity == .error }
                XCTAssert(errors.isEmpty, "\(label): the example does not load: \(errors)")
                XCTAssertNil(planFailure(path), "\(label): the example does not lower to a plan")
                let mine = found.with(id: d.id)
                XCTAssertEqual(mine.count, 1, "\(label): expected one \(d.id) finding, got \(mine.map(\.description)); all: \(found.map(\.description))")
                guard let hit = mine.first else { continue }
                XCTAssertEqual(hit.location?.file, path, "\(label)")
                XCTAssertEqual(hit.location?.lineColumn, "\(line):\(column)", "\(label): \(hit.description)")
                XCTAssertEqual(hit.severity, d.severity, "\(label)")
                XCTAssertFalse(hit.notes.isEmpty, "\(label): a finding carries a note with its numbers")
            }
        }
    }

    func testNoNonTriggeringExampleFindsItsRule() throws {
        for rule in RuleRegistry.rules {
            let d = rule.description
            for (i, example) in d.nonTriggering.enumerated() {
                let label = "\(d.id) nonTriggering[\(i)]"
                XCTAssertNil(example.unmarked, "\(label): a non-triggering example has no marker")
                let (found, path) = try lint(example.text, mirror: example.mirror, in: self, name: "\(d.id)n\(i)")
                let errors = found.filter { $0.code != nil && $0.severity == .error }
                XCTAssert(errors.isEmpty, "\(label): the example does not load: \(errors)")
                XCTAssertNil(planFailure(path), "\(label): the example does not lower to a plan")
                XCTAssertEqual(found.with(id: d.id).map(\.description), [], "\(label)")
            }
        }
    }

    func testEveryRuleDocumentsItself() {
        var seen: Set<String> = []
        for rule in RuleRegistry.rules {
            let d = rule.description
            XCTAssert(seen.insert(d.id).inserted, "duplicate id \(d.id)")
            XCTAssert(d.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(d.id): ids are kebab-case")
            XCTAssertFalse(d.name.isEmpty, d.id)
            XCTAssertFalse(d.summary.contains("\n"), "\(d.id): the summary is one line")
            XCTAssertGreaterThan(d.explanation.count, 80, "\(d.id): explain the rule, with its formula")
            XCTAssertFalse(d.triggering.isEmpty, "\(d.id): needs a triggering example")
            XCTAssertFalse(d.nonTriggering.isEmpty, "\(d.id): needs a non-triggering example")
            if rule is any MirrorRule.Type {
                XCTAssert(d.id.hasPrefix("mirror-"), "\(d.id): cross-spec rule ids start with mirror-")
            }
        }
    }
}
