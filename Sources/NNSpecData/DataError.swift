import NNSpecSyntax

/// Why the data of a spec could not be built: every problem found, each a `Diagnostic` at the
/// expression or file it concerns. Never a trap: missing, truncated and corrupt files, shape
/// mismatches and bad arguments all end up here.
public struct DataError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A problem with a data file, before it is tied to a spec position: the readers throw this,
/// the evaluator turns it into a `Diagnostic` at the expression that named the file.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as resolved (what was actually opened).
    public var path: String
    /// The 1-based line of a text file the problem is on, if it is on one.
    public var line: Int?
    /// What is wrong, e.g. "truncated: the header announces 7840000 bytes of pixels, found 1000".
    public var reason: String
    /// `data-file-unreadable` when the file could not be opened, else `data-file-malformed`.
    public var code: DiagnosticCode

    public init(_ path: String, _ reason: String, line: Int? = nil, code: DiagnosticCode = .dataFileMalformed) {
        self.path = path
        self.reason = reason
        self.line = line
        self.code = code
    }

    /// `path: reason` or `path:line: reason`.
    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}
