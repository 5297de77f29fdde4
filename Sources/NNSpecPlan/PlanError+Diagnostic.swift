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
}
