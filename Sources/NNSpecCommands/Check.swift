import Foundation
import NNSpecIR
import NNSpecSyntax

/// `nnspec check`: parse and elaborate each spec and report every error found.
public enum Check {
    /// `overrides` (`key.path=value`) are set in every spec. Text: diagnostics on stderr,
    /// `PATH: ok` on stdout for each clean spec. JSON and SARIF: one document with every spec's
    /// diagnostics on stdout.
    public static func run(paths: [String], overrides: [String] = [], format: DiagnosticFormat = .text) -> CommandOutput {
        var report = DiagnosticReport(format: format, files: paths)
        var clean = ""
        var exitCode = CommandOutput.Code.ok
        for path in paths {
            if let unreadable = CommandOutput.unreadableDiagnostic(path) {
                report.add([unreadable])
                exitCode = CommandOutput.Code.usage
                continue
            }
            let loaded = SpecPipeline.load(path: path, overrides: overrides)
            report.add(loaded.diagnostics, sources: loaded.sources)
            if loaded.spec == nil || loaded.diagnostics.contains(where: { $0.severity == .error }) {
                if exitCode == CommandOutput.Code.ok { exitCode = CommandOutput.Code.findings }
            } else {
                clean += "\(path): ok\n"
            }
        }
        return report.finish(summary: clean, exitCode: exitCode)
    }
}
