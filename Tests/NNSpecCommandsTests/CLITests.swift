import Foundation
import NNSpecLint
import NNSpecSyntax
import XCTest

/// The `nnspec` executable itself: exit codes and help, as a shell user meets them.
final class CLITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary `swift build` / `swift test` put beside the test bundle.
    func binary() throws -> URL { try Self.binary() }

    static func binary() throws -> URL {
        let bundle = Bundle(for: CLITests.self).bundleURL
        let products = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let url = products.appendingPathComponent("nnspec")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw XCTSkip("no nnspec executable at \(url.path)")
        }
        return url
    }

    func run(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testUsageErrorsExitTwoWithTheParsersMessage() throws {
        for args in [["check"], ["lint", "--format", "xml"], ["bogus"], ["run"], ["lint", "--fix"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("error[usage]: "), "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("Usage:"), "\(args): \(r.stderr)")
        }
    }

    func testAnUnreadableSpecExitsTwoForEveryCommandThatReadsOne() throws {
        for args in [["check", "nope.yaml"], ["compile", "nope.yaml"], ["run", "nope.yaml"], ["lint", "nope.yaml"],
                     ["diff", "nope.yaml", "specs/mnist-l2.yaml"], ["export", "--to", "keras", "nope.yaml"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
    }

    func testEveryCommandHasHelpWithExamples() throws {
        for command in ["check", "compile", "lint", "explain", "run", "diff", "export", "sweep"] {
            let r = try run([command, "--help"])
            XCTAssertEqual(r.status, 0, command)
            XCTAssertTrue(r.stdout.contains("Examples"), "\(command) --help has no examples:\n\(r.stdout)")
        }
    }

    func testVersionComesFromTheOneConstant() throws {
        let r = try run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, NNSpecVersion.current + "\n")
        XCTAssert(LintOutput.sarif([], rules: []).contains("\"version\": \"\(NNSpecVersion.current)\""), "SARIF names the same version")
    }

    func testRootHelpNamesEveryCommand() throws {
        let r = try run(["--help"])
        XCTAssertEqual(r.status, 0)
        let overview = r.stdout.components(separatedBy: "USAGE:")[0]
        // The subcommands as the parser lists them: two-space indent, the name, then its abstract.
        let listed = r.stdout.components(separatedBy: "SUBCOMMANDS:").last!.split(separator: "\n")
            .compactMap { $0.firstMatch(of: /^  ([a-z]+)\s/).map { String($0.1) } }.filter { $0 != "help" }
        XCTAssertGreaterThanOrEqual(listed.count, 7, r.stdout)
        for command in listed {
            XCTAssert(overview.contains(" \(command)"), "the overview names \(command):\n\(overview)")
            XCTAssert(r.stdout.contains("\n  \(command) "), "\(command) is listed as a subcommand")
        }
    }

    /// ArgumentParser rewraps a discussion's paragraphs itself; a hard line break inside one
    /// leaves a ragged short line. Prose lines continue with `\`; only examples (indented) and
    /// blank lines between paragraphs break lines.
    func testHelpDiscussionsHaveNoHardBreaksInsideParagraphs() throws {
        let dir = Self.root.appendingPathComponent("Sources/nnspec")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /discussion: """\n((?:.|\n)*?)\n\s*"""/) {
                let lines = m.1.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop { $0 == " " } }
                let indent = m.1.prefix { $0 == " " }.count
                let raw = m.1.split(separator: "\n", omittingEmptySubsequences: false)
                for i in lines.indices.dropLast() {
                    let line = lines[i], next = lines[i + 1]
                    let isExample = raw[i].count - line.count > indent, nextIsExample = raw[i + 1].count - next.count > indent
                    guard !line.isEmpty, !next.isEmpty, !isExample, !nextIsExample, !line.hasSuffix(":") else { continue }
                    XCTAssert(line.hasSuffix("\\"), "\(file): a hard break inside a paragraph after '\(line)'")
                }
            }
        }
        let r = try run(["export", "--help"])
        XCTAssertFalse(r.stdout.contains("starts from\n"), r.stdout)
    }

    func testACleanSpecChecksWithExitZeroAndABrokenOneWithOne() throws {
        XCTAssertEqual(try run(["check", "specs/mnist-l2.yaml"]).status, 0)
        let broken = try run(["check", "Tests/NNSpecCommandsTests/Fixtures/malformed/05-units-zero.yaml"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("05-units-zero.yaml:5:14: error[spec-range]: units must be a positive integer, got 0"), broken.stderr)
    }
}
