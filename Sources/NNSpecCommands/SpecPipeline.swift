import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Loading as every command needs it: parse, elaborate, then the checks that need the data's
/// shapes. A spec is returned only when none of them found an error.
public enum SpecPipeline {
    /// Without overrides; a `(String) -> LoadResult` for `Linter(load:)` and the like.
    public static func load(path: String) -> LoadResult { load(path: path, overrides: []) }

    /// `overrides` are `key.path=value` set in the spec before it is decoded (see `Override`).
    public static func load(path: String, overrides: [String]) -> LoadResult {
        var result = SpecLoader.load(path: path, overrides: overrides)
        guard let spec = result.spec else { return result }
        var shapeDiagnostics = ShapeCheck.diagnostics(for: spec)
        if !shapeDiagnostics.contains(where: { $0.severity == .error }) { shapeDiagnostics += PlanCheck.diagnostics(for: spec) }
        result.diagnostics += shapeDiagnostics
        if shapeDiagnostics.contains(where: { $0.severity == .error }) { result.spec = nil }
        return result
    }
}

extension SpecPipeline {
    /// Spec text that is not at `file` on disk (a git blob, stdin), loaded as if it were:
    /// `extends:` and data paths resolve against `file`'s directory.
    public static func load(text: String, file: String, overrides: [String] = []) -> LoadResult {
        var result = SpecLoader.load(text: text, file: file, overrides: overrides)
        guard let spec = result.spec else { return result }
        var shapeDiagnostics = ShapeCheck.diagnostics(for: spec)
        if !shapeDiagnostics.contains(where: { $0.severity == .error }) { shapeDiagnostics += PlanCheck.diagnostics(for: spec) }
        result.diagnostics += shapeDiagnostics
        if shapeDiagnostics.contains(where: { $0.severity == .error }) { result.spec = nil }
        return result
    }
}
