import Foundation
import NNSpecCommands
import XCTest

/// What git prints from nnspec's drivers ends its last line, whatever the input.
final class GitOutputTests: XCTestCase {
    func testGitAndTextconvOutputsEndWithANewline() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = "data: {inputs: [[0], [1]], targets: [[0], [1]]}\nmodel: {layers: [{units: 1}]}\nloss: mse\noptimizer: {kind: sgd, learning_rate: 0.1}"
        let broken = "model: [units: 1"
        var paths: [String: String] = [:]
        for (name, text) in ["good.yaml": good, "other.yaml": good.replacingOccurrences(of: "0.1}", with: "0.2}"), "broken.yaml": broken] {
            let p = dir.appendingPathComponent(name).path
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            paths[name] = p
        }
        let outputs = [
            Diff.textconv(path: paths["good.yaml"]!).stdout,
            Diff.textconv(path: paths["broken.yaml"]!).stdout,
            Diff.git([paths["good.yaml"]!, paths["good.yaml"]!, "1111111", "100644", paths["other.yaml"]!, "2222222", "100644"]).stdout,
            Diff.git([paths["good.yaml"]!, paths["good.yaml"]!, "1111111", "100644", paths["broken.yaml"]!, "2222222", "100644"]).stdout,
            Diff.git([paths["good.yaml"]!, "/dev/null", "0000000", "0", paths["good.yaml"]!, "0000000", "100644"]).stdout,
        ]
        for out in outputs {
            XCTAssert(out.hasSuffix("\n"), out.debugDescription)
        }
        XCTAssert(outputs[1].hasSuffix("\(broken)\n"), "a spec shown as written gets its last line ended: \(outputs[1].debugDescription)")
    }
}
