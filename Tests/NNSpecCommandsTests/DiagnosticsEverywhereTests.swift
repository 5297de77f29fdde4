import Foundation
import NNSpecCommands
import NNSpecLint
import NNSpecSyntax
import XCTest

/// Every error any command reports is a `Diagnostic` with a documented id, rendered by one
/// renderer in text, JSON or SARIF.
final class DiagnosticsEverywhereTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-diag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testEveryDiagnosticOfTheMalformedCorpusHasACataloguedId() throws {
        let corpus = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/malformed", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(files.count, 30)
        var seen: Set<DiagnosticCode> = []
        for name in files {
            for d in SpecPipeline.load(path: corpus.appendingPathComponent(name).path).diagnostics {
                XCTAssertNotNil(d.code, "\(name): \(d.description) has no catalogued id")
                d.code.map { _ = seen.insert($0) }
            }
        }
        XCTAssertGreaterThanOrEqual(seen.count, 10, "the corpus exercises many kinds: \(seen.map(\.rawValue).sorted())")
    }

    /// A source scan: no diagnostic is built without an id (`.error("…"` or a bare
    /// `Diagnostic(.warning, …` with no `id:`) and no message is formatted by hand as
    /// `"error: …"`, so a new error cannot slip past the catalogue or the renderers.
    func testNoSourceBuildsADiagnosticWithoutAnId() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("NNSpecSyntax/Diagnostic") }
        XCTAssertGreaterThan(files.count, 50)
        // `.error(` whose first argument is not a code (`.specType`, `code`, `error.code`, …).
        let unCoded = /\.error\(\s*(?!\.|code\b|error\.code\b|e\.problem\b)[^)\s]/
        var offenders: [String] = []
        for f in files {
            let text = try String(contentsOf: sources.appendingPathComponent(f), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() {
                if line.contains(".error(\"") || line.contains(" error(\"") || line.contains(unCoded) { offenders.append("\(f):\(i + 1)") }
                // A message formatted by hand instead of rendered from a Diagnostic.
                if line.contains("\"error: ") || line.contains("\"warning: ") { offenders.append("\(f):\(i + 1)") }
                if line.contains("Diagnostic(.error,") || line.contains("Diagnostic(.warning,") || line.contains("Diagnostic(.note,") {
                    let statement = lines[i..<min(i + 4, lines.count)].joined(separator: "\n")
                    if !statement.contains("id:") { offenders.append("\(f):\(i + 1)") }
                }
            }
        }
        XCTAssertEqual(offenders, [], "give these diagnostics a DiagnosticCode")
    }

    func testExplainListsEveryIdAndDocumentsEach() {
        let list = Explain.run(id: nil)
        XCTAssertEqual(list.exitCode, 0)
        for id in RuleRegistry.ids + DiagnosticCode.allCases.map(\.rawValue) {
            XCTAssert(list.stdout.contains("  \(id) "), "\(id) missing from the list")
        }
        XCTAssertEqual(Set(RuleRegistry.ids).intersection(DiagnosticCode.allCases.map(\.rawValue)), [], "rule and diagnostic ids are one namespace")
        let one = Explain.run(id: "spec-unknown-key")
        XCTAssertEqual(one.exitCode, 0)
        XCTAssert(one.stdout.hasPrefix("spec-unknown-key (spec, error)\n"), one.stdout)
        XCTAssert(one.stdout.contains(DiagnosticCode.specUnknownKey.explanation))
        let typo = Explain.run(id: "yaml-syntx")
        XCTAssertEqual(typo.exitCode, 2)
        XCTAssert(typo.stderr.contains("error[usage]: unknown diagnostic id 'yaml-syntx'; did you mean 'yaml-syntax'?"), typo.stderr)
    }

    func testCheckRendersTheSameDiagnosticsAsJSONAndSARIF() throws {
        let bad = try file("bad.yaml", "data: {inputs: [[1]], targets: [[1]]}\nmodel: {layers: [{units: 1, activaton: relu}]}\nloss: mse\noptimizer: {kind: sgd}\n")
        let text = Check.run(paths: [bad])
        XCTAssertEqual(text.exitCode, 1)
        XCTAssert(text.stderr.contains("bad.yaml:2:29: error[spec-unknown-key]: unknown key in layer 'activaton'; did you mean 'activation'?"), text.stderr)

        let json = Check.run(paths: [bad, dir.appendingPathComponent("missing.yaml").path], format: .json)
        XCTAssertEqual(json.exitCode, 2, "an unreadable file is a usage error whatever the format")
        XCTAssertEqual(json.stderr, "")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let ds = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(ds.compactMap { $0["id"] as? String }, ["spec-unknown-key", "io-unreadable"])
        let loc = try XCTUnwrap(ds[0]["location"] as? [String: Any])
        XCTAssertEqual(loc["line"] as? Int, 2)
        XCTAssertEqual(loc["column"] as? Int, 29)

        let sarif = Check.run(paths: [bad], format: .sarif)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let rule = try XCTUnwrap(rules.first { $0["id"] as? String == "spec-unknown-key" }, "the code is a SARIF rule with its help")
        XCTAssertEqual((rule["fullDescription"] as? [String: Any])?["text"] as? String, DiagnosticCode.specUnknownKey.explanation)
        XCTAssertEqual((run["results"] as? [[String: Any]])?.first?["ruleId"] as? String, "spec-unknown-key")
    }

    func testAFixItWithAnEditIsMachineReadable() throws {
        let bad = try file("yes.yaml", "data: {inputs: [[1]], targets: [[1]]}\nmodel: {layers: [{units: 1, use_bias: yes}]}\nloss: mse\noptimizer: {kind: sgd}\n")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(Check.run(paths: [bad], format: .json).stdout.utf8)) as? [String: Any])
        let d = try XCTUnwrap((doc["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["id"] as? String, "spec-type")
        let edit = try XCTUnwrap(((d["fixIts"] as? [[String: Any]])?.first)?["edit"] as? [String: Any])
        XCTAssertEqual(edit["text"] as? String, "true")
        let start = try XCTUnwrap(edit["start"] as? [String: Any]), end = try XCTUnwrap(edit["end"] as? [String: Any])
        let bytes = Array(try String(contentsOfFile: bad, encoding: .utf8).utf8)
        XCTAssertEqual(String(decoding: bytes[(start["offset"] as! Int)..<(end["offset"] as! Int)], as: UTF8.self), "yes")
        XCTAssertEqual(start["line"] as? Int, 2)
        XCTAssertEqual(start["column"] as? Int, 39)
    }

    func testRunErrorsAreDiagnosticsWithTheirIds() throws {
        let spec = try file("r.yaml", "data: {inputs: [[0], [1]], targets: [[0], [1]]}\nmodel: {layers: [{units: 1}]}\nloss: mse\noptimizer: {kind: sgd, learning_rate: 0.1}\ntraining: {epochs: 2}\n")
        let results = dir.appendingPathComponent("r.json").path
        XCTAssertEqual(Run.run(path: spec, output: results, check: nil, progressToTerminal: false).exitCode, 0)
        try "{}\n".write(toFile: results, atomically: true, encoding: .utf8)
        let differs = Run.run(path: spec, output: nil, check: results, progressToTerminal: false)
        XCTAssertEqual(differs.exitCode, 1)
        XCTAssert(differs.stderr.hasPrefix("\(spec): error[run-results-differ]: r: results differ from \(results)\n"), differs.stderr)
        let missing = Run.run(path: spec, output: nil, check: dir.appendingPathComponent("none.json").path, progressToTerminal: false)
        XCTAssertEqual(missing.exitCode, 2)
        XCTAssert(missing.stderr.hasPrefix("error[io-unreadable]: cannot read"), missing.stderr)
        let json = Run.run(path: spec, output: nil, check: results, progressToTerminal: false, format: .json)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let d = try XCTUnwrap((doc["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["id"] as? String, "run-results-differ")
        XCTAssertEqual((d["location"] as? [String: Any])?["file"] as? String, spec)
        XCTAssert((d["location"] as? [String: Any])?["line"] is NSNull, "a whole-file location has no line")
    }
}
