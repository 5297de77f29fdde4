import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecSyntax
import XCTest

/// The registry cannot forget a rule: every rule type written under Rules/ is registered, and
/// every registered rule's examples yield fix-its a tool can apply where they name a value.
final class RegistryTests: XCTestCase {
    static let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/NNSpecLint/Rules")

    /// Type names declared (or extended) under Rules/ with a conformance to a rule protocol.
    static func ruleTypesInSources() throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path).filter { $0.hasSuffix(".swift") }
        let declaration = /(?:struct|class|enum|extension)\s+(\w+)\s*:\s*([^{]+)\{/
        var names: Set<String> = []
        for f in files {
            let text = try String(contentsOf: rulesDirectory.appendingPathComponent(f), encoding: .utf8)
            for m in text.matches(of: declaration) {
                let conformances = m.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if conformances.contains(where: { ["SpecRule", "MirrorRule", "LintRule"].contains($0) }) { names.insert(String(m.1)) }
            }
        }
        return names
    }

    func testEveryRuleTypeUnderRulesIsRegistered() throws {
        let declared = try Self.ruleTypesInSources()
        let registered = Set(RuleRegistry.rules.map { String(describing: $0) })
        XCTAssertGreaterThanOrEqual(declared.count, 30, "the scan finds the rules: \(declared.sorted())")
        XCTAssertEqual(declared.subtracting(registered).sorted(), [], "rule types missing from RuleRegistry.rules")
        XCTAssertEqual(registered.subtracting(declared).sorted(), [], "registered types not found under Rules/")
        XCTAssertEqual(RuleRegistry.rules.count, registered.count, "a rule is registered once")
    }

    func testTheScanSeesAConformanceWrittenAnyWay() throws {
        // The pattern the test relies on, on the forms a new rule could take.
        let declaration = /(?:struct|class|enum|extension)\s+(\w+)\s*:\s*([^{]+)\{/
        for text in ["struct A: SpecRule {", "struct B: Sendable, MirrorRule {", "extension C: SpecRule {", "final class D: LintRule {"] {
            XCTAssertNotNil(text.firstMatch(of: declaration), text)
        }
    }

    /// Fix-its that name a value written in the example carry the exact edit; the rules whose
    /// only fix is such a value make `lint --fix` work on their examples.
    func testRuleFixItsCarryExactEditsIntoTheSpec() throws {
        var withEdits: [String] = []
        for rule in RuleRegistry.rules {
            let d = rule.description
            for (i, example) in d.triggering.enumerated() {
                let (found, path) = try lint(example.text, mirror: example.mirror?.filter { $0 != RuleExample.marker }, in: self, name: "\(d.id)\(i)")
                for finding in found.with(id: d.id) {
                    for fix in finding.fixIts {
                        guard let edit = fix.edit else { continue }
                        XCTAssertEqual(edit.range.file, path, d.id)
                        XCTAssertEqual(edit.range.start.line, edit.range.end.line, "\(d.id): one-line edits only")
                        XCTAssert(fix.replacement?.contains(": \(edit.text)") ?? false, "\(d.id): the edit is the value the fix-it shows: \(fix)")
                        withEdits.append(d.id)
                    }
                }
            }
        }
        for id in ["hidden-softmax", "softmax-single-unit", "linear-hidden", "mirror-optimizer", "increasing-widths"] {
            XCTAssert(withEdits.contains(id), "\(id)'s example should carry an exact edit; rules with edits: \(Set(withEdits).sorted())")
        }
    }
}
