import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecPlan
import NNSpecSyntax
import XCTest

/// A fresh directory under the system temp dir, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase, _ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("nnspec-lint-\(safe)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Writes `files` (name → text) into `dir` and returns the path of the first name given.
@discardableResult
func write(_ files: KeyValuePairs<String, String>, in dir: URL) throws -> String {
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir.appendingPathComponent(files.first!.key).path
}

/// Lints one spec text (and the mirror it names) from a temporary directory.
func lint(_ spec: String, mirror: String? = nil, in test: XCTestCase, name: String = #function) throws -> (diagnostics: [Diagnostic], path: String) {
    let dir = try temporaryDirectory(test, name)
    var files: KeyValuePairs<String, String> = ["spec.yaml": spec]
    if let mirror { files = ["spec.yaml": spec, RuleExample.mirrorFile: mirror] }
    let path = try write(files, in: dir)
    return (Linter().lint(path: path), path)
}

/// Why the spec at `path` does not lower to a plan (nil when it does). Lint skips the rules
/// that read a plan it cannot build, so an example must lower for its rule to be tested at all.
func planFailure(_ path: String) -> String? {
    guard let spec = SpecLoader.load(path: path).spec else { return "the spec does not load" }
    do { _ = try ExperimentPlan.lower(spec); return nil } catch { return "\(error)" }
}

extension Array where Element == Diagnostic {
    func with(id: String) -> [Diagnostic] { filter { $0.id == id } }
    var ids: [String] { compactMap(\.id) }
}

extension SourceLocation {
    var lineColumn: String { "\(line):\(column)" }
}
