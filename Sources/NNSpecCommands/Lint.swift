import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecSyntax

/// `nnspec lint [PATH...]`: every rule on every spec (a directory expands to the *.yaml and *.yml
/// files directly in it, sorted — so bases kept in a subdirectory, like specs/base/, are read
/// through the specs that extend them), and the mirror rules on each `mirrors:` pair.
public enum Lint {
    public enum Format: String, Sendable, CaseIterable { case text, json, sarif }

    public static let defaultPaths = ["specs"]

    /// `overrides` (`key.path=value`) are set in every spec lint loads, mirrors included.
    public static func run(paths: [String], format: Format = .text, strict: Bool = false, overrides: [String] = []) -> CommandOutput {
        var out = CommandOutput()
        let (files, problems) = expand(paths.isEmpty ? defaultPaths : paths)
        for p in problems { out.stderr += "error: \(p)\n" }
        if files.isEmpty && problems.isEmpty {
            out.stderr += "error: no spec files (*.yaml, *.yml) in \((paths.isEmpty ? defaultPaths : paths).joined(separator: ", "))\n"
        }
        let linter = Linter(load: { SpecPipeline.load(path: $0, overrides: overrides) })
        let all = linter.lint(paths: files)

        switch format {
        case .text:
            out.stdout += DiagnosticRenderer(sources: linter.sources).render(all)
            out.stdout += summary(all, files: files.count)
        case .json:
            out.stdout += LintOutput.json(all, files: files)
        case .sarif:
            out.stdout += LintOutput.sarif(all, rules: RuleRegistry.rules)
        }
        if !problems.isEmpty || files.isEmpty {
            out.exitCode = CommandOutput.Code.usage
        } else if all.contains(where: { $0.severity == .error }) || strict && all.contains(where: { $0.severity == .warning }) {
            out.exitCode = CommandOutput.Code.findings
        }
        return out
    }

    static func summary(_ ds: [Diagnostic], files: Int) -> String {
        func count(_ s: Severity, _ word: String) -> String? {
            let n = ds.filter { $0.severity == s }.count
            return n == 0 ? nil : "\(n) \(word)\(n == 1 ? "" : "s")"
        }
        let parts = [count(.error, "error"), count(.warning, "warning"), count(.note, "note")].compactMap { $0 }
        let specs = "\(files) spec\(files == 1 ? "" : "s")"
        return parts.isEmpty ? "\(specs) linted: no findings\n" : "\(specs) linted: \(parts.joined(separator: ", "))\n"
    }

    /// Files as given and the spec files under each directory, sorted, without duplicates; and
    /// the paths that could not be read.
    static func expand(_ paths: [String]) -> (files: [String], problems: [String]) {
        let fm = FileManager.default
        var files: [String] = []
        var problems: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                problems.append("cannot read '\(p)': no such file or directory")
                continue
            }
            if !isDir.boolValue {
                files.append(p)
                continue
            }
            guard let names = try? fm.contentsOfDirectory(atPath: p) else {
                problems.append("cannot read directory '\(p)'")
                continue
            }
            files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { (p as NSString).appendingPathComponent($0) }
        }
        var seen: Set<String> = []
        return (files.map(Linter.normalize).filter { seen.insert($0).inserted }, problems)
    }
}
