import NNSpecIR
import NNSpecSyntax

extension PlanError {
    /// The catalogued id a lowering failure is reported under.
    public var code: DiagnosticCode {
        switch kind {
        case .noTrainingRows: return .runNoRows
        case .tooManySteps: return .planTooManySteps
        case .tooManyParameters: return .planTooManyParameters
        case .shape: return .planShape
        }
    }

    /// The failure as a diagnostic at `location` (where `path` is written, as the caller finds it).
    public func diagnostic(at location: SourceLocation?) -> Diagnostic {
        .error(code, message, at: location)
    }

    /// The failure as a diagnostic located in `spec`: at `path` where it was written, else at
    /// `fallbackPath`, else at `path`'s nearest written ancestor.
    public func diagnostic(in spec: Spec) -> Diagnostic {
        diagnostic(at: Self.written(path, spec) ?? fallbackPath.flatMap { Self.written($0, spec) } ?? Self.nearest(path, spec))
    }

    /// `model.layers[i]` is the layer's mapping; any other path, where its own value was written.
    private static func written(_ path: String, _ spec: Spec) -> SourceLocation? {
        let prefix = "model.layers["
        if path.hasPrefix(prefix), let close = path.firstIndex(of: "]"),
           let i = Int(path[path.index(path.startIndex, offsetBy: prefix.count) ..< close]), spec.model.layers.indices.contains(i) {
            return spec.model.layers[i].location
        }
        return spec.provenance.entries[path]?.location
    }

    private static func nearest(_ path: String, _ spec: Spec) -> SourceLocation? {
        spec.provenance.location(of: path)
    }
}
