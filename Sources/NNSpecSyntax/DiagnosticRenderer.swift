/// Renders diagnostics the way the Swift compiler does:
///
///     specs/x.yaml:12:14: error: units must be a positive integer, got 0
///       units: 0
///              ^
///     note: ...
///     fix-it: ...
public struct DiagnosticRenderer: Sendable {
    /// Source text by file path, used to print the offending line under each message.
    public var sources: [String: String]

    public init(sources: [String: String] = [:]) { self.sources = sources }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    public func render(_ d: Diagnostic) -> String {
        var out = d.description + "\n"
        if let loc = d.location, let line = sourceLine(loc) {
            out += line + "\n"
            out += caretLine(for: line, column: loc.column) + "\n"
        }
        for note in d.notes {
            let head = note.location.map { "\($0): " } ?? ""
            out += "\(head)note: \(note.message)\n"
        }
        for fix in d.fixIts {
            if let r = fix.replacement {
                out += "fix-it: \(fix.message): \(r)\n"
            } else {
                out += "fix-it: \(fix.message)\n"
            }
        }
        return out
    }

    private func sourceLine(_ loc: SourceLocation) -> String? {
        guard let text = sources[loc.file], loc.line >= 1 else { return nil }
        var current = 1
        var lineStart = text.startIndex
        var i = text.startIndex
        while i < text.endIndex, current < loc.line {
            if text[i] == "\n" {
                current += 1
                lineStart = text.index(after: i)
            }
            i = text.index(after: i)
        }
        guard current == loc.line else { return nil }
        let lineEnd = text[lineStart...].firstIndex(where: { $0 == "\n" || $0 == "\r" }) ?? text.endIndex
        return String(text[lineStart..<lineEnd])
    }

    /// Keeps tabs under tabs so the caret lines up in a terminal.
    private func caretLine(for line: String, column: Int) -> String {
        var prefix = ""
        for (i, ch) in line.enumerated() where i < column - 1 {
            prefix.append(ch == "\t" ? "\t" : " ")
        }
        if column - 1 > line.count {
            prefix += String(repeating: " ", count: column - 1 - line.count)
        }
        return prefix + "^"
    }
}
