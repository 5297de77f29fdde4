import Foundation
import NNSpecIR
import NNSpecSyntax

/// `nnspec check`: parse and elaborate each spec and report every error found.
public enum Check {
    /// `overrides` (`key.path=value`) are set in every spec.
    public static func run(paths: [String], overrides: [String] = []) -> CommandOutput {
        var out = CommandOutput()
        var anyErrors = false
        for path in paths {
            if let failure = CommandOutput.unreadable(path) {
                out.stderr += failure.stderr
                out.exitCode = failure.exitCode
                continue
            }
            let loaded = SpecPipeline.load(path: path, overrides: overrides)
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
