import Foundation
import NNSpecExport
import NNSpecIR
import NNSpecSyntax

/// `nnspec export`: the glue between the command line and the export engine (NNSpecExport).
extension Export {
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
                Diagnostic.error(.exportRefused, "cannot export to \(target.framework): \(r.field): \(r.reason)", at: r.location,
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
            out.stderr += renderer.render(Diagnostic(.ioUnwritable, "cannot write '\(output)': \(error.localizedDescription)", at: nil))
            out.exitCode = CommandOutput.Code.usage
            return out
        }
        out.stdout = "\(output): \(target.framework) script for \(spec.name)\n"
        return out
    }

    private static func absolute(_ dir: String) -> String {
        let d = dir.isEmpty ? "." : dir
        let full = d.hasPrefix("/") ? d : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(d)
        return (full as NSString).standardizingPath
    }
}
