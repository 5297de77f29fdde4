/// Why a spec could not be lowered to a plan: its numbers do not fit its data.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; `code` (PlanError+Diagnostic.swift) names its catalogued id.
    public enum Kind: Sendable {
        case noTrainingRows, tooManySteps, tooManyParameters, shape
    }
    public var kind: Kind
    public var message: String
    /// The spec path the message is about.
    public var path: String
    /// Where to point when `path` was not written (a convention's default): the layer the
    /// failure concerns.
    public var fallbackPath: String?

    public init(_ kind: Kind, _ message: String, path: String, fallbackPath: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.fallbackPath = fallbackPath
    }

    public var description: String { message }
}
