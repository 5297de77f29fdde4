import Foundation
import NNSpecCommands
import XCTest

/// Three small specs in a temporary directory: `line` (1-D regression, Keras) mirroring
/// `line-sklearn`, and `and` (two inputs, a sigmoid unit). Results go to `DIR/out/`.
struct ReportFixture {
    let dir: URL
    var line: String { dir.appendingPathComponent("line.yaml").path }
    var and: String { dir.appendingPathComponent("and.yaml").path }
    func results(_ name: String) -> String { dir.appendingPathComponent("out/\(name).json").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let data = """
            data:
              inputs: [[0.0], [0.25], [0.5], [0.75], [1.0]]
              targets: [[1.0], [1.5], [2.0], [2.5], [3.0]]
            training: {epochs: 50, batch_size: 5}
            optimizer: {kind: sgd, learning_rate: 0.1}
            """
        let files = [
            "line.yaml": """
                nnspec: 1
                name: line
                convention: keras
                mirrors: [line-sklearn.yaml]
                \(data)
                model:
                  layers:
                    - {name: out, units: 1, activation: linear}
                loss: mse
                outputs: {results: \(results("line"))}
                """,
            "line-sklearn.yaml": """
                nnspec: 1
                name: line-sklearn
                convention: sklearn
                \(data)
                model:
                  layers:
                    - {name: out, units: 1, activation: identity}
                loss: squared_error
                regularization: {alpha: 0.0}
                outputs: {results: \(results("line-sklearn"))}
                """,
            "and.yaml": """
                nnspec: 1
                name: and
                convention: keras
                data:
                  inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
                  targets: [[0], [0], [0], [1]]
                model:
                  layers:
                    - {name: logit, units: 1, activation: sigmoid}
                loss: binary_crossentropy
                optimizer: {kind: sgd, learning_rate: 0.5}
                training: {epochs: 200, batch_size: 4}
                metrics: [loss, accuracy]
                outputs: {results: \(results("and"))}
                """,
        ]
        for (name, text) in files { try Data((text + "\n").utf8).write(to: dir.appendingPathComponent(name)) }
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

final class ReportTests: XCTestCase {
    func testThePageHasEachPartForEachSpec() throws {
        let f = try ReportFixture()
        defer { f.remove() }
        let out = Report.run(paths: [f.line, f.and], output: nil)
        XCTAssertEqual(out.exitCode, 0, out.stderr)
        let html = out.stdout
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for heading in ["<h2 id=\"s0-h\">line</h2>", "<h2 id=\"s1-h\">and</h2>", "<h3>Run</h3>", "<h3>Pictures</h3>", "<h3>Lint findings</h3>",
                        "<h3>Mirrors line-sklearn.yaml</h3>", "<h3>Compiled spec</h3>"] {
            XCTAssertTrue(html.contains(heading), heading)
        }
        // line: loss, fit, and the mirror pair's loss; and: loss and decision boundary.
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 5)
        XCTAssertTrue(html.contains("<title id=\"s1-boundary-title\">Decision boundaries</title>"))
        XCTAssertTrue(html.contains("<caption>Outcomes, A (line) and B (line-sklearn) side by side</caption>"))
        XCTAssertTrue(html.contains("  kind: mse  # spec\n"), "the compiled spec, origins as comments")
        XCTAssertTrue(html.contains("Run now, because there is no \(f.results("line"))."))
        // Offline and script-free; every id unique, so the inlined pictures do not collide.
        XCTAssertFalse(html.contains("<script"))
        XCTAssertEqual(html.components(separatedBy: "http").count - 1, html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
        let ids = html.matches(of: /id="([^"]+)"/).map { String($0.output.1) }
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids")
    }

    func testAnUpToDateResultsFileIsReadAndTheSummarySaysSo() throws {
        let f = try ReportFixture()
        defer { f.remove() }
        XCTAssertEqual(Run.run(path: f.and, output: nil, check: nil, progressToTerminal: false).exitCode, 0)
        let read = Report.run(paths: [f.and], output: nil)
        XCTAssertTrue(read.stdout.contains("Read from \(f.results("and")), which is not older than \(f.and)"), read.stdout)
        let forced = Report.run(paths: [f.and], output: nil, forceRun: true)
        XCTAssertTrue(forced.stdout.contains("Run now, because the report was asked to run every spec."))
        // Reading and running give the same summary.
        func summary(_ s: String) -> Substring { s[s.range(of: "<table>")!.lowerBound ..< s.range(of: "</table>")!.upperBound] }
        XCTAssertEqual(summary(read.stdout), summary(forced.stdout))
        // A results file written without --diagnose does not record diagnoses; a run does.
        XCTAssertTrue(read.stdout.contains("Not recorded: the results file was written without --diagnose"), read.stdout)
        XCTAssertFalse(forced.stdout.contains("Not recorded: the results file"), forced.stdout)
    }

    func testARunsDiagnosesAreOnThePage() {
        let out = Report.run(paths: [CLITests.root.appendingPathComponent("specs/bump-raw.yaml").path], output: nil, forceRun: true)
        XCTAssertEqual(out.exitCode, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("<h3>Diagnoses</h3>"), out.stdout)
        XCTAssertTrue(out.stdout.contains("saturated-units"), "bump-raw's sigmoid units saturate from the start")
    }

    func testASpecThatDoesNotLoadIsShownAndFailsTheCommand() throws {
        let f = try ReportFixture()
        defer { f.remove() }
        let bad = f.dir.appendingPathComponent("bad.yaml")
        try Data("nnspec: 1\nmodel: {layers: []}\n".utf8).write(to: bad)
        let out = Report.run(paths: [bad.path, f.and], output: nil)
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stdout.contains("This spec does not load:"))
        XCTAssertTrue(out.stdout.contains("<h2 id=\"s1-h\">and</h2>"), "the other specs are still reported")
    }
}
