/// How serious a finding is. Errors stop `check` and `run`; warnings fail `lint` only with `--strict`.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A secondary line under a diagnostic: the numbers behind it, or a related place.
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// A suggested edit: what to write instead, at the diagnostic's position.
public struct FixIt: Sendable, Hashable {
    public var message: String
    public var replacement: String?

    public init(_ message: String, replacement: String? = nil) {
        self.message = message
        self.replacement = replacement
    }
}

/// One finding, as a value. The front end, the elaborator and lint all produce these; renderers
/// (terminal, JSON, SARIF) turn them into text last, so no stage formats its own messages.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// A stable rule id for lint findings (e.g. `L2-SCOPE`); nil for front-end errors.
    public var id: String?
    public var notes: [DiagnosticNote]
    public var fixIts: [FixIt]

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?,
                id: String? = nil, notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.id = id
        self.notes = notes
        self.fixIts = fixIts
    }

    public static func error(_ message: String, at location: SourceLocation?,
                             notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes, fixIts: fixIts)
    }

    /// One line, `file:line:col: error: message`, without the source excerpt.
    public var description: String {
        let idPart = id.map { "[\($0)]" } ?? ""
        let head = location.map { "\($0): " } ?? ""
        return "\(head)\(severity.rawValue)\(idPart): \(message)"
    }
}

/// Diagnostics accumulate: a stage reports every error of a file, not just the first.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}

    public mutating func append(_ d: Diagnostic) { diagnostics.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { diagnostics.append(contentsOf: ds) }
    public mutating func error(_ message: String, at location: SourceLocation?,
                               notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        diagnostics.append(.error(message, at: location, notes: notes, fixIts: fixIts))
    }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
