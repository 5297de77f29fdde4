import XCTest
import NNSpecCommands
final class ScratchTests: XCTestCase {
    func testScratch() throws {
        guard let p = ProcessInfo.processInfo.environment["LINT_PATHS"] else { return }
        let fmt = Lint.Format(rawValue: ProcessInfo.processInfo.environment["LINT_FORMAT"] ?? "text")!
        let o = Lint.run(paths: p.split(separator: " ").map(String.init), format: fmt)
        print("=====\n" + o.stdout + o.stderr + "exit \(o.exitCode)\n=====")
    }
}
