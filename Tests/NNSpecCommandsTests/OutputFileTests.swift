import Foundation
import NNSpecCommands
import XCTest

/// `run -o` / `export --output` never replace what they must not: devices, FIFOs and links stay
/// what they are, an existing file keeps its mode, no temporary file is left behind, and every
/// failure names the path and the system's reason.
final class OutputFileTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-out-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
    }
    private func mode(_ p: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as! NSNumber).intValue
    }

    func testANewFileIsWrittenWithTheUsualPermissions() throws {
        try OutputFile.write(Array("hello".utf8), to: path("new.json"))
        XCTAssertEqual(try String(contentsOfFile: path("new.json"), encoding: .utf8), "hello")
        let mask = umask(0o022); umask(mask)
        XCTAssertEqual(try mode(path("new.json")), 0o666 & ~Int(mask))
        XCTAssertEqual(try leftovers(), [])
    }

    func testAnExistingFileKeepsItsMode() throws {
        FileManager.default.createFile(atPath: path("old.json"), contents: Data("old".utf8), attributes: [.posixPermissions: 0o600])
        try OutputFile.write(Array("new".utf8), to: path("old.json"))
        XCTAssertEqual(try String(contentsOfFile: path("old.json"), encoding: .utf8), "new")
        XCTAssertEqual(try mode(path("old.json")), 0o600)
    }

    func testASymlinkIsWrittenThroughAndStaysALink() throws {
        FileManager.default.createFile(atPath: path("target.json"), contents: Data("old".utf8))
        try FileManager.default.createSymbolicLink(atPath: path("link.json"), withDestinationPath: "target.json")
        try OutputFile.write(Array("new".utf8), to: path("link.json"))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.json")), "target.json")
        XCTAssertEqual(try String(contentsOfFile: path("target.json"), encoding: .utf8), "new")
        XCTAssertEqual(try leftovers(), [])
    }

    func testASymlinkLoopIsRefusedWithTheSystemsReason() throws {
        try FileManager.default.createSymbolicLink(atPath: path("a"), withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: path("b"), withDestinationPath: "a")
        XCTAssertThrowsError(try OutputFile.write([1], to: path("a"))) { error in
            XCTAssertEqual("\(error)", "cannot write '\(path("a"))': too many levels of symbolic links")
        }
    }

    func testAFIFOIsWrittenDirectlyAndStaysAFIFO() throws {
        let fifo = path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let received = expectation(description: "reader got the bytes")
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        Thread.detachNewThread {
            box.data = FileHandle(forReadingAtPath: fifo)!.readDataToEndOfFile()
            received.fulfill()
        }
        try OutputFile.write(Array("through the pipe".utf8), to: fifo)
        wait(for: [received], timeout: 10)
        XCTAssertEqual(String(decoding: box.data, as: UTF8.self), "through the pipe")
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
        XCTAssertEqual(try leftovers(), [])
    }

    func testDevNullStaysACharacterDevice() throws {
        try OutputFile.write(Array("discarded".utf8), to: "/dev/null")
        var info = stat()
        XCTAssertEqual(lstat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR)
    }

    func testADirectoryIsRefusedAndNothingIsLeftBehind() throws {
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try OutputFile.write([1], to: path("sub"))) { error in
            XCTAssertEqual("\(error)", "cannot write '\(path("sub"))': is a directory")
        }
        XCTAssertThrowsError(try OutputFile.write([1], to: path("missing/x.json"))) { error in
            XCTAssertEqual("\(error)", "cannot write '\(path("missing/x.json"))': no such file or directory")
        }
        XCTAssertEqual(try leftovers(), [])
    }

    func testRunWithOutputDashWritesTheResultsToStandardOutput() throws {
        let spec = path("tiny.yaml")
        try """
        data: {inputs: [[0], [1]], targets: [[0], [1]]}
        model: {layers: [{units: 1}]}
        loss: mse
        optimizer: {learning_rate: 0.1}
        training: {epochs: 2}
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let out = Run.run(path: spec, output: "-", check: nil, progressToTerminal: false)
        XCTAssertEqual(out.exitCode, 0, out.stderr)
        XCTAssertTrue(out.stdout.hasPrefix("{\n  \"spec\": \"tiny\""), out.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "-"))
        let toNull = Run.run(path: spec, output: "/dev/null", check: nil, progressToTerminal: false)
        XCTAssertEqual(toNull.exitCode, 0, toNull.stderr)
        var info = stat()
        XCTAssertEqual(lstat("/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/null must stay a character device")
    }
}
