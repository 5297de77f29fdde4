import NNSpecIR
import NNSpecSyntax

/// `nnspec compile`: the canonical explicit form of a spec, every value with its origin.
public enum Compile {
    public enum Format: String, Sendable, CaseIterable { case yaml, json }

    public static func run(path: String, format: Format, overrides: [String] = []) -> CommandOutput {
        if let failure = CommandOutput.unreadable(path) { return failure }
        let loaded = SpecPipeline.load(path: path, overrides: overrides)
        guard let spec = loaded.spec else {
            let text = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
            return CommandOutput(stderr: text, exitCode: CommandOutput.Code.findings)
        }
        let warnings = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
        return CommandOutput(stdout: format == .yaml ? spec.compiledYAML : spec.compiledJSON, stderr: warnings)
    }
}
