import Foundation
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
        for args in [["check"], ["lint", "--format", "xml"], ["bogus"], ["run"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("Usage:") || r.stderr.contains("Error:"), "\(args): \(r.stderr)")
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

    func testACleanSpecChecksWithExitZeroAndABrokenOneWithOne() throws {
        XCTAssertEqual(try run(["check", "specs/mnist-l2.yaml"]).status, 0)
        let broken = try run(["check", "Tests/NNSpecCommandsTests/Fixtures/malformed/05-units-zero.yaml"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("05-units-zero.yaml:5:14: error: units must be a positive integer, got 0"), broken.stderr)
    }
}
