import Foundation
import NNSpecCommands
import NNSpecSyntax
import XCTest

/// The corpus of malformed specs in Fixtures/malformed. Each file's first line says what it must
/// produce: `# expect: LINE:COL text` — an error at exactly that position whose message (or a
/// note or fix-it) contains `text`. Loading must never trap.
final class MalformedSpecTests: XCTestCase {
    struct Expectation {
        var line: Int
        var column: Int
        var text: String
    }

    func corpus() throws -> [(URL, Expectation)] {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/malformed", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { url in
            let bytes = try Data(contentsOf: url)
            let firstLine = String(decoding: bytes.prefix(while: { $0 != 10 }), as: UTF8.self)
            let pattern = /# expect: (\d+):(\d+) (.+)/
            let m = try XCTUnwrap(firstLine.firstMatch(of: pattern), "\(url.lastPathComponent) lacks an expect line")
            return (url, Expectation(line: Int(m.1)!, column: Int(m.2)!, text: String(m.3)))
        }
    }

    func testCorpusHasAtLeastThirtyCases() throws {
        XCTAssertGreaterThanOrEqual(try corpus().count, 30)
    }

    func testEachMalformedSpecGivesItsDiagnosticAtTheExpectedPosition() throws {
        for (url, expect) in try corpus() {
            let result = SpecPipeline.load(path: url.path)
            let name = url.lastPathComponent
            XCTAssertTrue(result.spec == nil, "\(name): a malformed spec must not elaborate")
            let errors = result.diagnostics.filter { $0.severity == .error }
            let hit = errors.first { d in
                d.location?.line == expect.line && d.location?.column == expect.column
                    && ([d.message] + d.notes.map(\.message) + d.fixIts.map(\.message)).contains { $0.contains(expect.text) }
            }
            XCTAssertNotNil(hit, "\(name): expected error at \(expect.line):\(expect.column) containing '\(expect.text)', got:\n"
                + errors.map(\.description).joined(separator: "\n"))
        }
    }

    func testCheckReportsEveryErrorOfAFileNotJustTheFirst() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("two.yaml")
        try """
        data: {inputs: [[1, 2]], targets: [[1]]}
        model: {layers: [{units: 0, activation: sigmod}]}
        loss: mse
        optimizer: {learning_rate: -1}
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = Check.run(paths: [file.path])
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stderr.contains("two.yaml:2:26: error[spec-range]: units must be a positive integer, got 0"), out.stderr)
        XCTAssertTrue(out.stderr.contains("two.yaml:2:41: error[spec-unknown-value]: unknown activation 'sigmod'"), out.stderr)
        XCTAssertTrue(out.stderr.contains("two.yaml:4:28: error[spec-range]: learning_rate must be > 0"), out.stderr)
        // Compiler style: the source line and a caret under the column follow each message.
        XCTAssertTrue(out.stderr.contains("model: {layers: [{units: 0, activation: sigmod}]}\n                         ^"), out.stderr)
    }

    func testCheckExitsTwoForAnUnreadableFile() {
        let out = Check.run(paths: ["/nonexistent/spec.yaml"])
        XCTAssertEqual(out.exitCode, 2)
        XCTAssertTrue(out.stderr.contains("cannot read"))
    }
}
