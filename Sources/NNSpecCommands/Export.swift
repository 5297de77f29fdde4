import Foundation
import NNSpecIR
import NNSpecSyntax

/// `nnspec export --to keras|sklearn|pytorch SPEC [--output FILE]`: a runnable Python script that
/// performs the spec's experiment in that framework — the same data (NumPy code that draws and
/// splits exactly as nnspec), the same initial weights, the same batches in the same order — and
/// writes its results in nnspec's results format, so a reviewer can confirm any spec outside
/// nnspec. A spec the framework cannot express exactly is refused, field by field; nothing is
/// approximated.
public enum Export {
    public enum Target: String, Sendable, CaseIterable {
        case keras, sklearn, pytorch

        /// The framework's name in messages.
        public var framework: String {
            switch self {
            case .keras: return "Keras"
            case .sklearn: return "scikit-learn"
            case .pytorch: return "PyTorch"
            }
        }
    }

    /// Why no script was produced: errors in the spec or its data (`diagnostics`), or the fields
    /// the framework cannot express (`refusals`).
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
        public var refusals: [ExportRefusal]
    }

    /// Loads `path`, writes the script to `output` (its data paths then relative to the script's
    /// directory) or to stdout (absolute paths). Exit 1 when the spec has errors or cannot be
    /// expressed, 2 when the spec or the output cannot be read or written.
    public static func run(path: String, to target: Target, output: String?, overrides: [String] = []) -> CommandOutput {
        if let failure = CommandOutput.unreadable(path) { return failure }
        let loaded = SpecPipeline.load(path: path, overrides: overrides)
        let renderer = DiagnosticRenderer(sources: loaded.sources)
        guard let spec = loaded.spec else {
            return CommandOutput(stderr: renderer.render(loaded.diagnostics), exitCode: CommandOutput.Code.findings)
        }
        var out = CommandOutput(stderr: renderer.render(loaded.diagnostics))
        let directory = output.map { absolute(($0 as NSString).deletingLastPathComponent) }
        let text: String
        do {
            text = try script(for: spec, to: target, scriptDirectory: directory,
                              scriptName: output.map { ($0 as NSString).lastPathComponent })
        } catch {
            out.stderr += renderer.render(error.diagnostics)
            out.stderr += renderer.render(error.refusals.map { r in
                Diagnostic.error("cannot export to \(target.framework): \(r.field): \(r.reason)", at: r.location,
                                 notes: r.origin.map { [DiagnosticNote("\(r.field) comes from \($0)")] } ?? [])
            })
            out.exitCode = CommandOutput.Code.findings
            return out
        }
        guard let output else {
            out.stdout = text
            return out
        }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            out.stderr += "error: cannot write '\(output)': \(error.localizedDescription)\n"
            out.exitCode = CommandOutput.Code.usage
            return out
        }
        out.stdout = "\(output): \(target.framework) script for \(spec.name)\n"
        return out
    }

    /// The script for an elaborated spec. `scriptDirectory` (absolute) is where the script will
    /// live: data and initializer paths are written relative to it; nil writes them absolute.
    /// `scriptName` is the file name its usage line shows (default `<spec name>-<target>.py`).
    public static func script(for spec: Spec, to target: Target, scriptDirectory: String?,
                              scriptName: String? = nil) throws(Failure) -> String {
        let ctx: ExportContext
        do {
            ctx = try ExportContext(spec: spec, target: target, scriptDirectory: scriptDirectory, scriptName: scriptName)
        } catch {
            throw Failure(diagnostics: error.diagnostics, refusals: [])
        }
        let result: Result<String, ExportFailure>
        switch target {
        case .keras: result = KerasExporter(ctx).script()
        case .sklearn: result = SklearnExporter(ctx).script()
        case .pytorch: result = TorchExporter(ctx).script()
        }
        switch result {
        case .success(let s): return s
        case .failure(let f): throw Failure(diagnostics: f.diagnostics, refusals: f.refusals)
        }
    }

    private static func absolute(_ dir: String) -> String {
        let d = dir.isEmpty ? "." : dir
        let full = d.hasPrefix("/") ? d : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(d)
        return (full as NSString).standardizingPath
    }
}
