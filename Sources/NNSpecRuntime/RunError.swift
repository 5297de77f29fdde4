import NNSpecSyntax

/// Why a run could not start: the spec and its data or files do not fit together.
public struct RunError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Its kind, for the diagnostic the command reports (`run-data-mismatch` unless said).
    public var code: DiagnosticCode
    public init(_ message: String) { self.init(.runDataMismatch, message) }
    public init(_ code: DiagnosticCode, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }

    /// The diagnostic the command reports, at the spec (runtime errors have no finer position).
    public func diagnostic(at location: SourceLocation?) -> Diagnostic {
        .error(code, message, at: location)
    }
}
