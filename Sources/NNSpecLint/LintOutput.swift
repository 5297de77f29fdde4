import NNSpecIR
import NNSpecSyntax

/// Machine-readable renderings of diagnostics — lint findings and every other command's (see
/// `DiagnosticFormat` in NNSpecCommands). The `Diagnostic` values are the single source; these
/// only lay them out (the terminal form is `DiagnosticRenderer`'s).
public enum LintOutput {
    /// The rule id SARIF gives a diagnostic without an id (every catalogued one has its own).
    public static let loadErrorID = "spec-error"
    static let loadErrorHelp = "The YAML, the spec grammar or the checks of `nnspec check` found an error; no lint rule ran on this spec. Run `nnspec check` on it for the same message, and fix it first."

    /// `{"version": 1, "files": [...], "diagnostics": [...], "summary": {...}}`.
    public static func json(_ diagnostics: [Diagnostic], files: [String]) -> String {
        let value = CanonicalValue.object([
            ("version", .int(1)),
            ("files", .list(files.map { .string($0) })),
            ("diagnostics", .list(diagnostics.map(jsonValue))),
            ("summary", .object([
                ("errors", .int(diagnostics.filter { $0.severity == .error }.count)),
                ("warnings", .int(diagnostics.filter { $0.severity == .warning }.count)),
                ("notes", .int(diagnostics.filter { $0.severity == .note }.count)),
            ])),
        ])
        return CanonicalPrinter.json(value) + "\n"
    }

    static func jsonValue(_ d: Diagnostic) -> CanonicalValue {
        .object([
            ("id", d.id.map { .string($0) } ?? .null),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)),
            ("location", location(d.location)),
            ("notes", .list(d.notes.map { .object([("message", .string($0.message)), ("location", location($0.location))]) })),
            ("fixIts", .list(d.fixIts.map(jsonValue))),
        ])
    }

    private static func jsonValue(_ f: FixIt) -> CanonicalValue {
        var e: [(String, CanonicalValue)] = [("message", .string(f.message)), ("replacement", f.replacement.map { .string($0) } ?? .null)]
        if let edit = f.edit {
            func position(_ p: SourcePosition) -> CanonicalValue {
                .object([("offset", .int(p.offset)), ("line", .int(p.line)), ("column", .int(p.column))])
            }
            e.append(("edit", .object([
                ("file", .string(edit.range.file)), ("start", position(edit.range.start)), ("end", position(edit.range.end)),
                ("text", .string(edit.text)),
            ])))
        }
        return .object(e)
    }

    /// A whole-file location has no line or column.
    private static func location(_ l: SourceLocation?) -> CanonicalValue {
        guard let l else { return .null }
        guard l.line > 0 else { return .object([("file", .string(l.file)), ("line", .null), ("column", .null)]) }
        return .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
    }

    // MARK: SARIF

    public static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// A SARIF 2.1.0 log with one run: every rule (with its documentation) and every other
    /// diagnostic id that occurs under `tool.driver.rules`, every finding under `results`, notes
    /// with a position as related locations. Fix-its are written into the message; those with an
    /// exact edit are also SARIF `fixes`.
    public static func sarif(_ diagnostics: [Diagnostic], rules: [any LintRule.Type], version: String = NNSpecVersion.current) -> String {
        var ruleIDs = rules.map { $0.description.id }
        var ruleValues = rules.map { sarifRule($0.description) }
        for d in diagnostics {
            guard let code = d.code, !ruleIDs.contains(code.rawValue) else { continue }
            ruleIDs.append(code.rawValue)
            ruleValues.append(sarifRule(code))
        }
        if diagnostics.contains(where: { $0.id == nil }) {
            ruleIDs.append(loadErrorID)
            ruleValues.append(sarifRule(id: loadErrorID, name: "Spec does not load",
                                        summary: "The spec has an error that stops it from being read or elaborated.",
                                        explanation: loadErrorHelp, help: (loadErrorHelp, loadErrorHelp), severity: .error))
        }
        let results: [CanonicalValue] = diagnostics.map { d in
            let id = d.id ?? loadErrorID
            var text = d.message
            for n in d.notes where n.location == nil { text += "\nnote: \(n.message)" }
            for f in d.fixIts { text += "\nfix-it: \(f.message)" + (f.replacement.map { ": \($0)" } ?? "") }
            var r: [(String, CanonicalValue)] = [
                ("ruleId", .string(id)),
            ]
            if let i = ruleIDs.firstIndex(of: id) { r.append(("ruleIndex", .int(i))) }
            r += [
                ("level", .string(d.severity == .note ? "note" : d.severity.rawValue)),
                ("message", .object([("text", .string(text))])),
                ("locations", .list(d.location.map { [.object([("physicalLocation", physical($0))])] } ?? [])),
            ]
            let related = d.notes.enumerated().compactMap { i, n -> CanonicalValue? in
                n.location.map { .object([("id", .int(i)), ("physicalLocation", physical($0)), ("message", .object([("text", .string(n.message))]))]) }
            }
            if !related.isEmpty { r.append(("relatedLocations", .list(related))) }
            let fixes = d.fixIts.compactMap { f in f.edit.map { sarifFix(f.message, $0) } }
            if !fixes.isEmpty { r.append(("fixes", .list(fixes))) }
            return .object(r)
        }
        let log = CanonicalValue.object([
            ("$schema", .string(sarifSchema)),
            ("version", .string("2.1.0")),
            ("runs", .list([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("nnspec")),
                    ("version", .string(version)),
                    ("informationUri", .string("https://github.com/nnspec/nnspec")),
                    ("rules", .list(ruleValues)),
                ]))])),
                ("results", .list(results)),
            ])])),
        ])
        return CanonicalPrinter.json(log) + "\n"
    }

    private static func sarifRule(_ d: RuleDescription) -> CanonicalValue {
        sarifRule(id: d.id, name: d.name, summary: d.summary, explanation: d.explanation,
                  help: (Explanation.text(d), Explanation.markdown(d)), severity: d.severity)
    }

    private static func sarifRule(_ c: DiagnosticCode) -> CanonicalValue {
        sarifRule(id: c.rawValue, name: c.rawValue, summary: c.summary, explanation: c.explanation,
                  help: (Explanation.text(c), Explanation.text(c)), severity: c.severity)
    }

    /// A `reportingDescriptor`: a lint rule's or a diagnostic id's documentation.
    private static func sarifRule(id: String, name: String, summary: String, explanation: String,
                                  help: (text: String, markdown: String), severity: Severity) -> CanonicalValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("shortDescription", .object([("text", .string(summary))])),
            ("fullDescription", .object([("text", .string(explanation))])),
            ("help", .object([("text", .string(help.text)), ("markdown", .string(help.markdown))])),
            ("defaultConfiguration", .object([("level", .string(severity == .note ? "note" : severity.rawValue))])),
        ])
    }

    /// One replacement: the edit's bytes (SARIF's `byteOffset`/`byteLength`) and its text.
    private static func sarifFix(_ message: String, _ e: SourceEdit) -> CanonicalValue {
        .object([
            ("description", .object([("text", .string(message))])),
            ("artifactChanges", .list([.object([
                ("artifactLocation", .object([("uri", .string(uri(e.range.file)))])),
                ("replacements", .list([.object([
                    ("deletedRegion", .object([("byteOffset", .int(e.range.start.offset)),
                                               ("byteLength", .int(e.range.end.offset - e.range.start.offset))])),
                    ("insertedContent", .object([("text", .string(e.text))])),
                ])])),
            ])])),
        ])
    }

    /// A whole-file location has no region.
    private static func physical(_ l: SourceLocation) -> CanonicalValue {
        var e: [(String, CanonicalValue)] = [("artifactLocation", .object([("uri", .string(uri(l.file)))]))]
        if l.line > 0 { e.append(("region", .object([("startLine", .int(l.line)), ("startColumn", .int(l.column))]))) }
        return .object(e)
    }

    /// A relative or absolute path as a URI reference.
    static func uri(_ path: String) -> String {
        var out = ""
        for u in path.unicodeScalars {
            if u.isASCII, u.properties.isAlphabetic || ("0"..."9").contains(u) || "-._~/".unicodeScalars.contains(u) {
                out.unicodeScalars.append(u)
            } else {
                for b in String(u).utf8 { out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2) }
            }
        }
        return path.hasPrefix("/") ? "file://" + out : out
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

/// A rule's documentation as `nnspec explain` prints it and SARIF's help carries it.
public enum Explanation {
    public static func text(_ d: RuleDescription) -> String {
        var out = "\(d.id): \(d.name) (\(d.severity.rawValue))\n\n\(d.summary)\n\n\(d.explanation)\n"
        if let t = d.triggering.first {
            out += "\nTriggers (↓ marks where the finding points):\n\n" + indent(t.spec)
            if let m = t.mirror { out += "\nwith \(RuleExample.mirrorFile):\n\n" + indent(m) }
        }
        if let n = d.nonTriggering.first {
            out += "\nDoes not trigger:\n\n" + indent(n.spec)
            if let m = n.mirror { out += "\nwith \(RuleExample.mirrorFile):\n\n" + indent(m) }
        }
        out += "\nDisable it for one spec with `lint: {disable: [\(d.id)]}`, or for one finding with\n"
        out += "`# nnspec-lint: disable=\(d.id)` on its line or the line above.\n"
        return out
    }

    /// A diagnostic id's documentation, as `nnspec explain ID` prints it.
    public static func text(_ c: DiagnosticCode) -> String {
        "\(c.rawValue) (\(c.stage), \(c.severity.rawValue))\n\n\(c.summary)\n\n\(c.explanation)\n"
    }

    public static func markdown(_ d: RuleDescription) -> String {
        var out = "**\(d.name)** (`\(d.id)`, \(d.severity.rawValue))\n\n\(d.summary)\n\n\(d.explanation)\n"
        if let t = d.triggering.first { out += "\nTriggers:\n\n```yaml\n\(t.spec)\n```\n" }
        if let n = d.nonTriggering.first { out += "\nDoes not trigger:\n\n```yaml\n\(n.spec)\n```\n" }
        return out
    }

    private static func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n") + "\n"
    }
}
