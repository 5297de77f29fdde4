import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecSyntax

/// `nnspec lint [PATH...]`: every rule on every spec (a directory expands to the *.yaml and *.yml
/// files directly in it, sorted — so bases kept in a subdirectory, like specs/base/, are read
/// through the specs that extend them), and the mirror rules on each `mirrors:` pair.
public enum Lint {
    public typealias Format = DiagnosticFormat

    public static let defaultPaths = ["specs"]

    /// - `overrides` (`key.path=value`) are set in every spec lint loads, mirrors included.
    /// - `fix`: first apply each finding's sole machine-applicable fix-it in place (see
    ///   `LintFix`), print what changed, then lint again and report what remains. Not with
    ///   overrides: a fix edits what the file says, and the findings would be about other values.
    public static func run(paths: [String], format: Format = .text, strict: Bool = false, overrides: [String] = [],
                           fix: Bool = false) -> CommandOutput {
        if fix && !overrides.isEmpty { return .usage("--fix edits the files as written: give no overrides with it") }
        var out = CommandOutput()
        let given = paths.isEmpty ? defaultPaths : paths
        let (files, problems) = expand(given)
        var trouble = problems
        if files.isEmpty && problems.isEmpty {
            trouble.append(Diagnostic(.usage, "no spec files (*.yaml, *.yml) in \(given.joined(separator: ", "))", at: nil))
        }
        let load: Linter.Loader = { SpecPipeline.load(path: $0, overrides: overrides) }
        var linter = Linter(load: load)
        var all = linter.lint(paths: files)
        if fix {
            let fixed = LintFix.apply(all, sources: linter.sources)
            trouble += fixed.problems
            if format == .text { out.stdout += fixed.report } else { out.stderr += fixed.report }
            if fixed.fixed > 0 {
                linter = Linter(load: load)
                all = linter.lint(paths: files)
            }
        }

        switch format {
        case .text:
            out.stderr += format.render(trouble)
            out.stdout += format.render(all, sources: linter.sources)
            out.stdout += summary(all, files: files.count)
        case .json, .sarif:
            out.stdout += format.render(trouble + all, files: files, rules: RuleRegistry.rules)
        }
        if !trouble.isEmpty || files.isEmpty {
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
        let fixable = ds.filter { LintFix.edit($0) != nil }.count
        let hint = fixable == 0 ? "" : " (\(fixable) fixable with --fix)"
        return parts.isEmpty ? "\(specs) linted: no findings\n" : "\(specs) linted: \(parts.joined(separator: ", "))\(hint)\n"
    }

    /// Files as given and the spec files under each directory, sorted, without duplicates; and
    /// the paths that could not be read.
    static func expand(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        let fm = FileManager.default
        var files: [String] = []
        var problems: [Diagnostic] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                problems.append(Diagnostic(.ioUnreadable, "cannot read '\(p)': no such file or directory", at: nil))
                continue
            }
            if !isDir.boolValue {
                files.append(p)
                continue
            }
            guard let names = try? fm.contentsOfDirectory(atPath: p) else {
                problems.append(Diagnostic(.ioUnreadable, "cannot read directory '\(p)'", at: nil))
                continue
            }
            files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { (p as NSString).appendingPathComponent($0) }
        }
        var seen: Set<String> = []
        return (files.map(Linter.normalize).filter { seen.insert($0).inserted }, problems)
    }
}
