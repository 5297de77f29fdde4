import Foundation
import NNSpecCommands
import NNSpecIR
import XCTest

/// A one-unit regression on four rows, varied in its layer, optimizer and training: the spec the
/// agreement tests between diff and lint write in pairs.
func smallSpec(convention: String = "keras", dtype: String? = nil, layer: String = "{units: 1}",
               optimizer: String = "{kind: sgd, learning_rate: 0.1}", training: String, mirrors: String? = nil) -> String {
    (mirrors.map { "mirrors: \($0)\n" } ?? "") + (dtype.map { "dtype: \($0)\n" } ?? "") + """
    convention: \(convention)
    data:
      inputs: [[0], [1], [2], [3]]
      targets: [[0.1], [0.3], [0.5], [0.7]]
    model:
      layers:
        - \(layer)
    loss: mse
    optimizer: \(optimizer)
    training: \(training)
    """
}

/// Spec A mirroring spec B, both written to a fresh directory and loaded, with the ids of the
/// findings lint reports in A (from its SARIF log).
struct MirroredPair {
    var a: Spec
    var b: Spec
    var lintRules: [String]

    /// `textA` names `b.yaml` in its `mirrors:`.
    init(_ what: String, a textA: String, b textB: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-pair-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pa = dir.appendingPathComponent("a.yaml").path, pb = dir.appendingPathComponent("b.yaml").path
        try textA.write(toFile: pa, atomically: true, encoding: .utf8)
        try textB.write(toFile: pb, atomically: true, encoding: .utf8)
        let la = SpecPipeline.load(path: pa), lb = SpecPipeline.load(path: pb)
        a = try XCTUnwrap(la.spec, "\(what): \(la.diagnostics)")
        b = try XCTUnwrap(lb.spec, "\(what): \(lb.diagnostics)")
        let lint = Lint.run(paths: [pa], format: .sarif)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
        let results = (((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]]) ?? []
        lintRules = results.compactMap { $0["ruleId"] as? String }
    }
}
