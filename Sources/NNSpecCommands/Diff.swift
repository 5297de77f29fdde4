import Foundation
import NNSpecData
import NNSpecDiff
import NNSpecIR
import NNSpecLint
import NNSpecResults
import NNSpecRuntime
import NNSpecSyntax

/// `nnspec diff A B`: what differs in meaning between two specs — after `extends:`, convention
/// presets and defaults — in words and numbers, grouped by data / model / loss / optimizer /
/// loop / other (see `SemanticDiff`); with results files or `--run`, how the outcomes differ.
/// Exit status as diff's: 0 no difference, 1 differences, 2 trouble.
public enum Diff {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    /// - `results`: two results files, A's then B's, whose outcomes to compare.
    /// - `runBoth`: run both specs (in this process, as `nnspec run` would) and compare outcomes.
    /// - `overrides`: `key.path=value`, set in both specs.
    public static func run(_ pathA: String, _ pathB: String, format: Format = .text, results: [String] = [],
                           runBoth: Bool = false, overrides: [String] = []) -> CommandOutput {
        var out = CommandOutput()
        if !results.isEmpty && results.count != 2 {
            return .usage("--results takes two files, A's and B's (got \(results.count))")
        }
        if !results.isEmpty && runBoth {
            return .usage("give either --results or --run, not both")
        }
        var specs: [Spec] = []
        var sources: [String: String] = [:]
        for path in [pathA, pathB] {
            if let unreadable = CommandOutput.unreadable(path) {
                out.stderr += unreadable.stderr
                out.exitCode = unreadable.exitCode
                continue
            }
            let loaded = SpecPipeline.load(path: path, overrides: overrides)
            sources.merge(loaded.sources) { x, _ in x }
            out.stderr += DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics.filter { $0.severity == .error })
            if let s = loaded.spec { specs.append(s) } else { out.exitCode = CommandOutput.Code.usage }
        }
        guard specs.count == 2 else {
            out.exitCode = CommandOutput.Code.usage
            return out
        }
        let data = DiffDataSource()
        let diff = SemanticDiff.compare(specs[0], specs[1], sources: sources, data: data)

        var outcomes: OutcomeDiff?
        do {
            if results.count == 2 {
                outcomes = OutcomeDiff(try ResultsFile.read(results[0]), try ResultsFile.read(results[1]), a: results[0], b: results[1])
            } else if runBoth {
                outcomes = OutcomeDiff(try runOutcome(specs[0], data: data), try runOutcome(specs[1], data: data),
                                       a: "run of \(specs[0].file)", b: "run of \(specs[1].file)")
            }
        } catch {
            out.stderr += DiagnosticRenderer().render(Diagnostic(error.code, error.message, at: nil))
            out.exitCode = CommandOutput.Code.usage
            return out
        }
        out.stdout = format == .json ? DiffRendering.json(diff, specs[0], specs[1], outcomes: outcomes) : DiffRendering.text(diff, specs[0], specs[1], outcomes: outcomes)
        out.exitCode = diff.isEmpty && (outcomes?.agrees ?? true) ? CommandOutput.Code.ok : CommandOutput.Code.findings
        return out
    }

    static func runOutcome(_ spec: Spec, data: DiffDataSource) throws(ResultsFileError) -> ResultsFile {
        let d: MaterializedData
        switch data.materialized(spec) {
        case .success(let x): d = x
        case .failure(let e):
            throw ResultsFileError("\(spec.file): cannot build the data: \(e.diagnostics.first?.message ?? "unknown error")",
                                   code: e.diagnostics.first?.code ?? .dataExpression)
        }
        do {
            return try Runner.run(spec, data: d, monitoring: MonitorOptions())
        } catch {
            throw ResultsFileError("\(spec.file): \(error.message)", code: error.code)
        }
    }

    // MARK: git

    /// `nnspec diff --textconv SPEC`: the flattened listing `git diff` compares (see `Textconv`).
    /// Always exits 0 — git stops on a failing textconv — and prints a spec that does not load
    /// as it is, after a comment saying why.
    public static func textconv(path: String) -> CommandOutput {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            return .failure(Diagnostic(.ioUnreadable, "cannot read '\(path)'", at: nil), exitCode: CommandOutput.Code.usage)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let loaded = SpecPipeline.load(text: text, file: Textconv.locate(path))
        guard let spec = loaded.spec else {
            let first = loaded.diagnostics.first { $0.severity == .error }?.message ?? "unknown error"
            return CommandOutput(stdout: lines("# nnspec: this spec does not load (\(first)); shown as written\n" + text))
        }
        return CommandOutput(stdout: Textconv.listing(spec))
    }

    /// Git's external diff driver (`diff.nnspec.command`): called as
    /// `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`, where the files may be
    /// temporary copies; both versions are read as if they were at PATH, so `extends:` and data
    /// paths resolve in the work tree. Exits 0 whatever differs: git stops on any other status.
    public static func git(_ arguments: [String]) -> CommandOutput {
        guard arguments.count == 7 else {
            return .usage("--git takes the 7 arguments git passes an external diff (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE), got \(arguments.count)")
        }
        let path = arguments[0], oldFile = arguments[1], newFile = arguments[4]
        // Git passes all-zero ids for the work tree's version.
        func short(_ file: String, _ hex: String) -> String {
            file == "/dev/null" ? "none" : hex.allSatisfy { $0 == "0" } ? "work tree" : String(hex.prefix(7))
        }
        var out = CommandOutput(stdout: "nnspec diff \(path): A \(short(oldFile, arguments[2])), B \(short(newFile, arguments[5]))\n")
        if oldFile == "/dev/null" || newFile == "/dev/null" {
            out.stdout += oldFile == "/dev/null" ? "new spec\n" : "deleted spec\n"
            return out
        }
        var specs: [Spec] = []
        for file in [oldFile, newFile] {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                out.stdout += DiagnosticRenderer().render(Diagnostic(.ioUnreadable, "cannot read \(file)", at: nil))
                return out
            }
            let loaded = SpecPipeline.load(text: String(decoding: bytes, as: UTF8.self), file: path)
            guard let spec = loaded.spec else {
                let first = loaded.diagnostics.first { $0.severity == .error }?.description ?? "unknown error"
                out.stdout += "\(file == oldFile ? "old" : "new") version does not load: \(first)\n"
                return out
            }
            specs.append(spec)
        }
        let diff = SemanticDiff.compare(specs[0], specs[1])
        out.stdout += DiffRendering.body(diff)
        out.stdout = lines(out.stdout)
        return out
    }

    /// Git prints what a driver writes as it is: text that does not end its last line would run
    /// into the next file's header (or show as "\ No newline at end of file").
    static func lines(_ text: String) -> String {
        text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
    }
}
