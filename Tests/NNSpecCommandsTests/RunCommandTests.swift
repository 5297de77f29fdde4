import Foundation
import NNSpecCommands
import XCTest

/// `nnspec run` end to end on the experiment specs in `specs/`: results written atomically, the
/// same bytes on a second run, and `--check` comparing them.
final class RunCommandTests: XCTestCase {
    /// The repository's `specs/` directory, found from this file's path.
    private var specs: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("specs")
    }

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func testRunWritesResultsAndCheckAcceptsTheSameBytes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = specs.appendingPathComponent("two-points-sgd.yaml").path
        let output = dir.appendingPathComponent("out/two-points.json").path
        let first = Run.run(path: spec, output: output, check: nil, progressToTerminal: false)
        XCTAssertEqual(first.exitCode, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("completed"), first.stdout)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("{\n  \"spec\": \"two-points-sgd\",\n  \"convention\": \"keras\""), text)

        let check = Run.run(path: spec, output: nil, check: output, progressToTerminal: false)
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("results match"))
    }

    func testResultsRecordTheOverridesOnlyWhenThereAreSome() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = specs.appendingPathComponent("two-points-sgd.yaml").path
        let plain = dir.appendingPathComponent("plain.json").path, overridden = dir.appendingPathComponent("o.json").path
        XCTAssertEqual(Run.run(path: spec, output: plain, check: nil, progressToTerminal: false).exitCode, 0)
        let r = Run.run(path: spec, output: overridden, check: nil, progressToTerminal: false,
                        overrides: ["optimizer.learning_rate=0.5", "training.epochs=3"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertFalse(try String(contentsOfFile: plain, encoding: .utf8).contains("overrides"))
        let text = try String(contentsOfFile: overridden, encoding: .utf8)
        XCTAssertTrue(text.contains("  \"dtype\": \"float32\",\n  \"overrides\": [\"optimizer.learning_rate=0.5\", \"training.epochs=3\"],\n  \"history\""), text)
        let broken = Run.run(path: spec, output: overridden, check: nil, progressToTerminal: false, overrides: ["optimizer.learning_rat=0.5"])
        XCTAssertEqual(broken.exitCode, 1)
        XCTAssertTrue(broken.stderr.hasPrefix("override 1:1:11: error[spec-unknown-key]: unknown key in optimizer 'learning_rat'; did you mean 'learning_rate'?"), broken.stderr)
    }

    func testCheckFailsWithTheFirstDifferingLines() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = specs.appendingPathComponent("two-points-sgd.yaml").path
        let output = dir.appendingPathComponent("r.json").path
        _ = Run.run(path: spec, output: output, check: nil, progressToTerminal: false)
        let altered = try String(contentsOfFile: output, encoding: .utf8).replacingOccurrences(of: "\"keras\"", with: "\"torch\"")
        try altered.write(toFile: output, atomically: true, encoding: .utf8)
        let check = Run.run(path: spec, output: nil, check: output, progressToTerminal: false)
        XCTAssertEqual(check.exitCode, 1)
        XCTAssertTrue(check.stderr.contains("line 3:"), check.stderr)
        XCTAssertTrue(check.stderr.contains("-   \"convention\": \"torch\","), check.stderr)
        XCTAssertTrue(check.stderr.contains("+   \"convention\": \"keras\","), check.stderr)
    }

    func testShortDiffNamesLinesAndCountsTheRest() {
        let diff = Run.shortDiff(expected: "a\nb\nc\nd", got: "a\nB\nc\nD\ne", limit: 1)
        XCTAssertEqual(diff, "  line 2:\n    - b\n    + B\n  … and 2 more differing lines\n")
    }
}
