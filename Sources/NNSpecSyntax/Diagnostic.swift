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

/// A suggested change. `replacement` is what a person reads (`activation: relu`); `edit`, when
/// present, is the exact change a tool may make — the bytes of `edit.range` replaced by
/// `edit.text` — and makes the fix-it machine-applicable (`nnspec lint --fix`).
public struct FixIt: Sendable, Hashable {
    public var message: String
    public var replacement: String?
    public var edit: SourceEdit?

    public init(_ message: String, replacement: String? = nil, edit: SourceEdit? = nil) {
        self.message = message
        self.replacement = replacement
        self.edit = edit
    }

    public var isMachineApplicable: Bool { edit != nil }
}

/// Replace the text of `range` with `text`.
public struct SourceEdit: Sendable, Hashable {
    public var range: SourceRange
    public var text: String

    public init(range: SourceRange, text: String) {
        self.range = range
        self.text = text
    }
}

/// One finding, as a value. The front end, the elaborator and lint all produce these; renderers
/// (terminal, JSON, SARIF) turn them into text last, so no stage formats its own messages.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// A stable id: a lint rule's (`penalty-scope`) or a `DiagnosticCode`'s (`yaml-syntax`);
    /// `nnspec explain ID` documents it.
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

extension SourceEdit {
    /// `bytes` with `edits` applied. Edits are taken in file order; one that overlaps an edit
    /// already taken, or reaches past the end, is returned in `skipped` and changes nothing.
    public static func apply(_ edits: [SourceEdit], to bytes: [UInt8]) -> (bytes: [UInt8], applied: [SourceEdit], skipped: [SourceEdit]) {
        var applied: [SourceEdit] = []
        var skipped: [SourceEdit] = []
        var end = 0
        for e in edits.sorted(by: { ($0.range.start.offset, $0.range.end.offset) < ($1.range.start.offset, $1.range.end.offset) }) {
            let r = e.range.bytes
            if applied.last == e { continue }
            if r.lowerBound < end || r.upperBound > bytes.count || r.lowerBound < 0 {
                skipped.append(e)
                continue
            }
            applied.append(e)
            end = r.upperBound
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        for e in applied {
            out += bytes[at..<e.range.start.offset]
            out += Array(e.text.utf8)
            at = e.range.end.offset
        }
        out += bytes[at...]
        return (out, applied, skipped)
    }
}
