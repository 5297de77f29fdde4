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

    public init(_ kind: Kind, _ message: String, path: String) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    public var description: String { message }
}
