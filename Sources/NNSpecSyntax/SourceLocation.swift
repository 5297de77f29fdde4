/// A position in a spec file. Lines and columns are 1-based, as editors and compilers print them.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A file as a whole (line and column 0): where problems with no finer position point.
    public static func file(_ path: String) -> SourceLocation { SourceLocation(file: path, line: 0, column: 0) }

    /// `file:line:col`, or just `file` for a whole-file location.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One end of a source range: the byte offset into the file and its 1-based line and column
/// (columns count Unicode scalars, as libyaml does).
public struct SourcePosition: Hashable, Sendable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }
}

/// The text of a node in its file, from `start` up to, not including, `end`.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    public var location: SourceLocation { SourceLocation(file: file, line: start.line, column: start.column) }
    public var bytes: Range<Int> { start.offset ..< end.offset }

    /// `file:line:col-line:col`.
    public var description: String { "\(file):\(start.line):\(start.column)-\(end.line):\(end.column)" }
}
