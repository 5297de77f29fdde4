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
        checkShapes(SpecLoader.load(path: path, overrides: overrides))
    }
}

extension SpecPipeline {
    /// The shape checks after a spec loads: the data's (`ShapeCheck`), then the plan's against
    /// the same inferred shapes; an error drops the spec.
    static func checkShapes(_ loaded: LoadResult) -> LoadResult {
        var result = loaded
        guard let spec = result.spec else { return result }
        let checked = ShapeCheck.check(spec)
        var shapeDiagnostics = checked.diagnostics
        if !shapeDiagnostics.contains(where: { $0.severity == .error }), let shapes = checked.shapes {
            shapeDiagnostics += PlanCheck.diagnostics(for: spec, shapes: shapes)
        }
        result.diagnostics += shapeDiagnostics
        if shapeDiagnostics.contains(where: { $0.severity == .error }) { result.spec = nil }
        return result
    }

    /// Spec text that is not at `file` on disk (a git blob, stdin), loaded as if it were:
    /// `extends:` and data paths resolve against `file`'s directory.
    public static func load(text: String, file: String, overrides: [String] = []) -> LoadResult {
        checkShapes(SpecLoader.load(text: text, file: file, overrides: overrides))
    }
}
