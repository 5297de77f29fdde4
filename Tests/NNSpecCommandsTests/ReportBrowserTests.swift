import Foundation
import NNSpecCommands
import XCTest

/// `nnspec report`'s page in a real browser: headless Chromium (Debian's `chromium`; `.ci/run`
/// installs it). Skipped, saying so, when no Chromium is found.
final class ReportBrowserTests: XCTestCase {
    /// `NNSPEC_CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
    static var chromium: String? {
        if let c = ProcessInfo.processInfo.environment["NNSPEC_CHROMIUM"], FileManager.default.isExecutableFile(atPath: c) { return c }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let c = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: c) { return c }
            }
        }
        return nil
    }

    /// Runs Chromium headless on `page` with `arguments`; returns stdout and stderr.
    func browse(_ page: URL, _ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let chromium = try XCTUnwrap(Self.chromium)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
                       "--enable-logging=stderr", "--v=0"] + arguments + [page.absoluteString]
        // stderr to a file, stdout through a pipe read to its end: neither can fill and block it.
        let errFile = profile.appendingPathExtension("stderr")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errFile)
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let stderr = (try? Data(contentsOf: errFile)) ?? Data()
        XCTAssertEqual(p.terminationStatus, 0, String(decoding: stderr, as: UTF8.self))
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Chromium writes each console message (errors, uncaught exceptions, failed loads) as a
    /// `CONSOLE` line on stderr with --enable-logging.
    static func consoleLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
    }

    func testConsoleErrorsAreCaughtOnAPageThatHasThem() throws {
        guard Self.chromium != nil else { throw XCTSkip("chromium not found (apt-get install chromium, or set NNSPEC_CHROMIUM): browser test skipped") }
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-bad-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: page) }
        try Data("<!DOCTYPE html><html lang=\"en\"><body><script>undefinedFunction();</script></body></html>".utf8).write(to: page)
        let (_, stderr) = try browse(page, ["--dump-dom"])
        XCTAssertEqual(Self.consoleLines(stderr).count, 1, "the check below would see an error")
    }

    func testReportOpensWithoutConsoleErrorsAndShowsEverySectionAndPicture() throws {
        guard Self.chromium != nil else { throw XCTSkip("chromium not found (apt-get install chromium, or set NNSPEC_CHROMIUM): browser test skipped") }
        let f = try ReportFixture()
        defer { f.remove() }
        let page = f.dir.appendingPathComponent("report.html")
        let out = Report.run(paths: [f.line, f.and], output: page.path)
        XCTAssertEqual(out.exitCode, 0, out.stderr)
        let source = try String(contentsOf: page, encoding: .utf8)

        // The DOM Chromium built: every section and every SVG the page holds, as elements.
        let (dom, stderr) = try browse(page, ["--dump-dom"])
        XCTAssertEqual(Self.consoleLines(stderr), [])
        for id in ["s0", "s1"] { XCTAssertTrue(dom.contains("<section id=\"\(id)\" aria-labelledby=\"\(id)-h\">"), id) }
        let svgs = source.components(separatedBy: "<svg ").count - 1
        XCTAssertEqual(svgs, 5)
        XCTAssertEqual(dom.components(separatedBy: "<svg ").count - 1, svgs)
        XCTAssertEqual(dom.components(separatedBy: "</svg>").count - 1, svgs, "each SVG parsed to its end")

        // A screenshot of the whole page (tall window): not blank, and every picture visible —
        // the first series' blue (#0072B2) is drawn in as many separate bands as there are SVGs.
        let shot = f.dir.appendingPathComponent("report.png")
        _ = try browse(page, ["--window-size=1000,9000", "--screenshot=\(shot.path)"])
        let png = try PNGImage([UInt8](Data(contentsOf: shot)))
        XCTAssertEqual(png.width, 1000)
        XCTAssertGreaterThan(png.grayVariance, 100, "a blank page has variance 0")
        // Each picture's plot frame is a dark (#333333) rectangle 548 px wide: its top and bottom
        // edges are rows with about that many such pixels (a curve may cross an edge; headings'
        // rules span the page; text and tables are other shades).
        let edges = png.rows(withCount: 520 ... 560, of: (0x33, 0x33, 0x33))
        var frames: [ClosedRange<Int>] = []
        var top: Int?
        for (k, y) in edges.enumerated() where k == 0 || y - edges[k - 1] > 2 {
            if let t = top { frames.append(t ... y); top = nil } else { top = y }
        }
        XCTAssertEqual(frames.count, svgs, "plot frames seen at rows \(edges)")
        // Inside every frame the first series' blue (#0072B2) is drawn: the data are visible.
        let blue = Set(png.rows(withColor: (0x00, 0x72, 0xB2)))
        for f in frames { XCTAssertTrue(f.contains { blue.contains($0) }, "no data drawn in the frame at rows \(f)") }
        XCTAssertLessThan(frames.last?.upperBound ?? 9000, 8900, "the page fits the window, so nothing below was cut off")
        // Kept for a person to look at when the test fails.
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-report-screenshot.png")
        try? FileManager.default.removeItem(at: keep)
        try? FileManager.default.copyItem(at: shot, to: keep)
    }
}
