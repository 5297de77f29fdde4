import Foundation
import NNSpecIR
import NNSpecSyntax

/// `nnspec check`: parse and elaborate each spec and report every error found.
public enum Check {
    public static func run(paths: [String]) -> CommandOutput {
        var out = CommandOutput()
        var anyErrors = false
        for path in paths {
            guard FileManager.default.isReadableFile(atPath: path) else {
                out.stderr += "error: cannot read '\(path)'\n"
                out.exitCode = CommandOutput.Code.usage
                continue
            }
            let loaded = SpecPipeline.load(path: path)
            out.stderr += DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
            if loaded.spec == nil || loaded.diagnostics.contains(where: { $0.severity == .error }) {
                anyErrors = true
            } else {
                out.stdout += "\(path): ok\n"
            }
        }
        if out.exitCode == 0 && anyErrors { out.exitCode = CommandOutput.Code.findings }
        return out
    }
}
