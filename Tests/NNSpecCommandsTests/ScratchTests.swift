import XCTest
import NNSpecCommands
final class ScratchTests: XCTestCase {
    func testScratch() throws {
        guard let p = ProcessInfo.processInfo.environment["LINT_PATHS"] else { return }
        let fmt = Lint.Format(rawValue: ProcessInfo.processInfo.environment["LINT_FORMAT"] ?? "text")!
        let o = Lint.run(paths: p.split(separator: " ").map(String.init), format: fmt)
        try (o.stdout + o.stderr + "exit \(o.exitCode)\n").write(toFile: "/tmp/scratch/out.txt", atomically: true, encoding: .utf8)
    }
}
import NNSpecLint
final class DumpExamples: XCTestCase {
    func testDump() throws {
        guard let dir = ProcessInfo.processInfo.environment["DUMP_DIR"] else { return }
        for r in RuleRegistry.rules {
            let d = r.description
            for (i, e) in d.triggering.enumerated() {
                let sub = "\(dir)/\(d.id)-\(i)"
                try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
                try e.text.write(toFile: sub + "/spec.yaml", atomically: true, encoding: .utf8)
                if let m = e.mirror { try m.filter { $0 != "↓" }.write(toFile: sub + "/mirror.yaml", atomically: true, encoding: .utf8) }
            }
        }
    }
}
