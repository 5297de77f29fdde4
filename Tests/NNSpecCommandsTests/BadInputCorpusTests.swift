import Foundation
import NNSpecCommands
import NNSpecExport
import XCTest

/// The corpus of bad inputs in Fixtures/bad: YAML, types, ranges, contradictions, extends, data
/// files, huge sizes, output paths and unreadable inputs. Each line of `manifest.tsv` runs one
/// command through its library function and says the exit status it must give and where its
/// message must be: `FILE:LINE:COL` (an error, or for lint a warning, at exactly that place) or
/// `-` (a problem with no place in a file, such as an unwritable output, said with its reason).
/// No input may trap, hang or allocate past the memory budget: the test itself would die.
final class BadInputCorpusTests: XCTestCase {
    struct Case {
        var category: String
        var command: String
        var input: String
        var exitCode: Int32
        var location: String
        var message: String
    }

    var root: String { Bundle.module.url(forResource: "Fixtures/bad", withExtension: nil)!.path }

    func corpus() throws -> [Case] {
        let text = try String(contentsOfFile: root + "/manifest.tsv", encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(f.count, 6, "malformed manifest line: \(line)")
            return Case(category: f[0], command: f[1], input: f[2], exitCode: try XCTUnwrap(Int32(f[3])), location: f[4], message: f[5])
        }
    }

    func testTheCorpusHasAtLeast150InputsAcrossEveryCategory() throws {
        let cases = try corpus()
        XCTAssertGreaterThanOrEqual(cases.count, 150)
        let categories = Set(cases.map(\.category))
        for c in ["yaml", "types", "ranges", "contradictions", "extends", "data files", "huge sizes", "output paths", "unreadable input"] {
            XCTAssertTrue(categories.contains(c), "no case in category \(c)")
        }
    }

    func testEveryBadInputGivesItsExitStatusAndALocatedMessage() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-bad-\(UUID())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for c in try corpus() {
            let input = c.input.hasPrefix("/") ? c.input : root + "/" + c.input
            let out = run(c.command, input, scratch: scratch)
            let name = "\(c.command) \(c.input)"
            XCTAssertEqual(out.exitCode, c.exitCode, "\(name): exit status\n\(out.stderr)\(out.stdout)")
            let lines = (out.stderr + out.stdout).split(separator: "\n").map(String.init)
            let hit: Bool
            if c.location == "-" {
                hit = lines.contains { ($0.hasPrefix("error: ") || $0.hasPrefix("error[")) && $0.contains(c.message) }
            } else {
                let place = root + "/" + c.location + ": "
                hit = lines.contains { line in
                    line.hasPrefix(place) && line.contains(c.message)
                        && (line.dropFirst(place.count).hasPrefix("error") || line.dropFirst(place.count).hasPrefix("warning"))
                }
            }
            XCTAssertTrue(hit, "\(name): expected \(c.location == "-" ? "an unlocated error" : "a message at \(c.location)") containing '\(c.message)', got:\n\(out.stderr)\(out.stdout)")
        }
    }

    private func run(_ command: String, _ input: String, scratch: String) -> CommandOutput {
        switch command {
        case "check": return Check.run(paths: [input])
        case "lint": return Lint.run(paths: [input])
        case "run": return Run.run(path: input, output: scratch + "/results.json", check: nil, progressToTerminal: false)
        case let c where c.hasPrefix("run-o:"):
            return Run.run(path: input, output: root + "/specs/" + c.dropFirst(6), check: nil, progressToTerminal: false)
        case let c where c.hasPrefix("export-o:"):
            return Export.run(path: input, to: .keras, output: root + "/specs/" + c.dropFirst(9))
        default:
            XCTFail("unknown command '\(command)' in the manifest")
            return CommandOutput()
        }
    }
}
