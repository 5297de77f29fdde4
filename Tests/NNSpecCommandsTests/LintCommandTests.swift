import Foundation
import NNSpecCommands
import NNSpecLint
import NNSpecRuntime
import NNSpecSyntax
import XCTest

final class LintCommandTests: XCTestCase {
    /// A clean spec, a spec with a warning (too few updates) and one with an error (softmax over one unit).
    static let clean = """
    data:
      inputs: [[0], [1], [2], [3]]
      targets: [[0.1], [0.3], [0.5], [0.7]]
    model:
      layers:
        - {units: 1}
    loss: mse
    optimizer: {kind: sgd, learning_rate: 0.1}
    training: {epochs: 500}
    """
    static let warning = clean.replacingOccurrences(of: "epochs: 500", with: "epochs: 5")
    static let error = """
    data:
      inputs: [[0], [1], [2], [3]]
      targets: [[0], [1], [0], [1]]
    model:
      layers:
        - {units: 1, activation: softmax}
    loss: binary_crossentropy
    optimizer: {kind: sgd, learning_rate: 0.1}
    training: {epochs: 500}
    """

    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-lint-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    @discardableResult
    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testCleanSpecsExitZero() throws {
        let p = try file("clean.yaml", Self.clean)
        let out = Lint.run(paths: [p])
        XCTAssertEqual(out.exitCode, 0, out.stdout)
        XCTAssertEqual(out.stdout, "1 spec linted: no findings\n")
    }

    func testWarningsFailOnlyWhenStrict() throws {
        let p = try file("w.yaml", Self.warning)
        let out = Lint.run(paths: [p])
        XCTAssertEqual(out.exitCode, 0)
        XCTAssert(out.stdout.contains("\(p):9:20: warning[too-few-updates]: "), out.stdout)
        XCTAssertEqual(Lint.run(paths: [p], strict: true).exitCode, 1)
    }

    func testErrorsExitOne() throws {
        let p = try file("e.yaml", Self.error)
        XCTAssertEqual(Lint.run(paths: [p]).exitCode, 1)
    }

    func testTextOutputIsCompilerStyle() throws {
        let p = try file("e.yaml", Self.error)
        let out = Lint.run(paths: [p]).stdout
        let expected = """
        \(p):6:30: error[softmax-single-unit]: softmax over the single unit of layer 'dense_0' is always 1: the output is constant and nothing before it learns
            - {units: 1, activation: softmax}
                                     ^
        note: softmax(z) = e^z / e^z = 1 for every input; its gradient is 0
        fix-it: for a binary output: activation: sigmoid

        """
        XCTAssert(out.hasPrefix(expected), out)
        XCTAssert(out.hasSuffix("1 spec linted: 1 error (1 fixable with --fix)\n"), out)
    }

    func testMissingPathIsAUsageError() {
        let out = Lint.run(paths: [dir.appendingPathComponent("nope.yaml").path])
        XCTAssertEqual(out.exitCode, 2)
        XCTAssert(out.stderr.contains("cannot read"), out.stderr)
    }

    func testDirectoryWithoutSpecsIsAUsageError() throws {
        try file("notes.txt", "hello")
        let out = Lint.run(paths: [dir.path])
        XCTAssertEqual(out.exitCode, 2)
        XCTAssert(out.stderr.contains("no spec files"), out.stderr)
    }

    func testDirectoriesExpandToTheirOwnSortedYAMLFiles() throws {
        try file("b.yaml", Self.clean)
        try file("c.yml", Self.clean)
        try file("a.yaml", Self.clean)
        try file("base/partial.yaml", "optimizer: {kind: sgd}\n")
        try file("readme.md", "# not a spec")
        let out = Lint.run(paths: [dir.path], format: .json)
        XCTAssertEqual(out.exitCode, 0, "a partial base in a subdirectory is not linted on its own: \(out.stdout)")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(json["files"] as? [String])
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }, ["a.yaml", "b.yaml", "c.yml"])
    }

    func testAFindingInASharedBaseIsReportedOnce() throws {
        try file("base.yaml", Self.warning)
        try file("a.yaml", "extends: base.yaml\nname: a\n")
        try file("b.yaml", "extends: base.yaml\nname: b\n")
        let out = Lint.run(paths: [dir.appendingPathComponent("a.yaml").path, dir.appendingPathComponent("b.yaml").path], format: .json)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let diags = try XCTUnwrap(json["diagnostics"] as? [[String: Any]]).filter { $0["id"] as? String == "too-few-updates" }
        XCTAssertEqual(diags.count, 1)
        let notes = (diags.first?["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        XCTAssert(notes.contains { $0.hasPrefix("found linting ") && $0.contains("a.yaml, which takes this value from ") }, "\(notes)")
        XCTAssert(notes.contains { $0.hasPrefix("also found linting ") && $0.hasSuffix("b.yaml") }, "\(notes)")
    }

    func testDefaultPathIsSpecs() {
        XCTAssertEqual(Lint.defaultPaths, ["specs"])
    }

    func testJSONCarriesEveryPartOfTheDiagnostic() throws {
        let p = try file("e.yaml", Self.error)
        let out = Lint.run(paths: [p], format: .json)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["version"] as? Int, 1)
        let diags = try XCTUnwrap(json["diagnostics"] as? [[String: Any]])
        let d = try XCTUnwrap(diags.first { $0["id"] as? String == "softmax-single-unit" })
        XCTAssertEqual(d["severity"] as? String, "error")
        let loc = try XCTUnwrap(d["location"] as? [String: Any])
        XCTAssertEqual(loc["file"] as? String, p)
        XCTAssertEqual(loc["line"] as? Int, 6)
        XCTAssertEqual(loc["column"] as? Int, 30)
        XCTAssertFalse((d["notes"] as? [[String: Any]] ?? []).isEmpty)
        let fix = try XCTUnwrap((d["fixIts"] as? [[String: Any]])?.first)
        XCTAssertEqual(fix["replacement"] as? String, "activation: sigmoid")
        let summary = try XCTUnwrap(json["summary"] as? [String: Int])
        XCTAssertEqual(summary["errors"], 1)
        XCTAssertEqual(out.exitCode, 1, "the format does not change the exit code")
    }

    func testSARIFFollowsTheSchemaShape() throws {
        let p = try file("e.yaml", Self.error)
        let broken = try file("broken.yaml", "model: [}\n")
        let out = Lint.run(paths: [p, broken], format: .sarif)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(log["version"] as? String, "2.1.0")
        XCTAssertEqual(log["$schema"] as? String, "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "nnspec")
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        XCTAssert(ids.contains("softmax-single-unit") && ids.contains("mirror-penalty"), "\(ids)")
        XCTAssert(ids.contains("yaml-syntax"), "a spec that does not load still has a rule to point at: its diagnostic's id")
        for rule in rules {
            let help = try XCTUnwrap(rule["help"] as? [String: Any], "\(rule["id"] ?? "")")
            XCTAssertFalse((help["text"] as? String ?? "").isEmpty)
            XCTAssertNotNil((rule["shortDescription"] as? [String: Any])?["text"] as? String)
        }
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        let r = try XCTUnwrap(results.first { $0["ruleId"] as? String == "softmax-single-unit" })
        XCTAssertEqual(r["level"] as? String, "error")
        XCTAssertEqual(r["ruleIndex"] as? Int, ids.firstIndex(of: "softmax-single-unit"))
        let text = try XCTUnwrap((r["message"] as? [String: Any])?["text"] as? String)
        XCTAssert(text.hasPrefix("softmax over the single unit"), text)
        let physical = try XCTUnwrap(((r["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        let uri = try XCTUnwrap((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
        XCTAssertEqual(uri, "file://" + p)
        let region = try XCTUnwrap(physical["region"] as? [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 6)
        XCTAssertEqual(region["startColumn"] as? Int, 30)
        XCTAssert(results.contains { $0["ruleId"] as? String == "yaml-syntax" && $0["level"] as? String == "error" })
        let warning = try XCTUnwrap(results.first { $0["level"] as? String == "warning" } ?? results.first)
        XCTAssertNotNil(warning["message"])
    }

    func testSARIFRelatedLocationsPointIntoTheMirror() throws {
        let mirror = Self.clean
        let p = try file("a.yaml", "mirrors: b.yaml\n" + Self.clean.replacingOccurrences(of: "learning_rate: 0.1", with: "learning_rate: 0.2"))
        try file("b.yaml", mirror)
        let out = Lint.run(paths: [p], format: .sarif)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let r = try XCTUnwrap(results.first { $0["ruleId"] as? String == "mirror-optimizer" })
        let related = try XCTUnwrap(r["relatedLocations"] as? [[String: Any]])
        let uri = ((related.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        XCTAssert(uri?.hasSuffix("/b.yaml") == true, "\(related)")
    }
}

final class ExplainCommandTests: XCTestCase {
    func testExplainPrintsTheDocumentationAndExamples() {
        let out = Explain.run(id: "penalty-scope")
        XCTAssertEqual(out.exitCode, 0)
        XCTAssert(out.stdout.hasPrefix("penalty-scope: Penalty scope (warning)\n"), out.stdout)
        XCTAssert(out.stdout.contains("0.5·α·ΣW²"), "the explanation with its formula")
        XCTAssert(out.stdout.contains("Triggers (↓ marks where the finding points):"))
        XCTAssert(out.stdout.contains("kernel_regularizer: ↓{half_l2: 0.1}"))
        XCTAssert(out.stdout.contains("Does not trigger:"))
        XCTAssert(out.stdout.contains("# nnspec-lint: disable=penalty-scope"))
    }

    func testExplainShowsTheMirrorOfCrossSpecExamples() {
        let out = Explain.run(id: "mirror-dtype")
        XCTAssert(out.stdout.contains("with mirror.yaml:"), out.stdout)
    }

    func testUnknownIdSuggestsTheClosest() {
        let out = Explain.run(id: "symetric-init")
        XCTAssertEqual(out.exitCode, 2)
        XCTAssert(out.stderr.contains("unknown diagnostic id 'symetric-init'; did you mean 'symmetric-init'?"), out.stderr)
    }

    func testWithoutIdListsEveryRuleThenEveryMonitorThenEveryOtherDiagnostic() {
        let out = Explain.run(id: nil)
        XCTAssertEqual(out.exitCode, 0)
        let lines = out.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
        XCTAssertEqual(lines.count, RuleRegistry.rules.count + MonitorRegistry.descriptions.count + DiagnosticCode.allCases.count)
        XCTAssert(lines.contains { $0.hasPrefix("  broadcast-targets") && $0.contains("error") })
        XCTAssert(lines.contains { $0.hasPrefix("  saturated-units") })
        XCTAssert(out.stdout.hasPrefix("lint rules (nnspec lint):\n"), out.stdout)
        XCTAssert(out.stdout.contains("\ntraining monitors (nnspec run):\n"), out.stdout)
    }
}
