import Foundation
import NNSpecLint
import NNSpecSyntax

/// How a command prints what it found: compiler-style text (the default), or one JSON or SARIF
/// document. Every command renders its diagnostics here, from the same `Diagnostic` values.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, json, sarif

    /// `diagnostics` in this format. `sources` are the texts whose lines text output quotes;
    /// `files` the inputs a JSON document lists; `rules` the lint rules a SARIF log documents
    /// (lint lists them all; other commands only the ids that occur).
    public func render(_ diagnostics: [Diagnostic], sources: [String: String] = [:], files: [String] = [],
                       rules: [any LintRule.Type] = []) -> String {
        switch self {
        case .text: return DiagnosticRenderer(sources: sources).render(diagnostics)
        case .json: return LintOutput.json(diagnostics, files: files)
        case .sarif: return LintOutput.sarif(diagnostics, rules: rules)
        }
    }
}

extension CommandOutput {
    /// A command that stops on one diagnostic, printed as text on stderr.
    public static func failure(_ d: Diagnostic, exitCode: Int32) -> CommandOutput {
        CommandOutput(stderr: DiagnosticRenderer().render(d), exitCode: exitCode)
    }

    /// A usage error (`usage`, exit 2).
    public static func usage(_ message: String) -> CommandOutput {
        failure(Diagnostic(.usage, message, at: nil), exitCode: Code.usage)
    }

    /// The diagnostic for a spec path that cannot be read, or nil when it can.
    public static func unreadableDiagnostic(_ path: String) -> Diagnostic? {
        FileManager.default.isReadableFile(atPath: path) ? nil : Diagnostic(.ioUnreadable, "cannot read '\(path)'", at: nil)
    }
}

/// The diagnostics one command run collects, rendered once, when it finishes.
struct DiagnosticReport {
    let format: DiagnosticFormat
    let files: [String]
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var sources: [String: String] = [:]

    init(format: DiagnosticFormat, files: [String]) {
        self.format = format
        self.files = files
    }

    init(format: DiagnosticFormat, file: String) { self.init(format: format, files: [file]) }

    mutating func add(_ ds: [Diagnostic], sources more: [String: String] = [:]) {
        diagnostics += ds
        sources.merge(more) { a, _ in a }
    }

    /// Text: the diagnostics on stderr, `summary` on stdout. JSON and SARIF: the document on
    /// stdout, the summary (for a person watching) on stderr.
    func finish(_ last: Diagnostic? = nil, summary: String = "", exitCode: Int32 = CommandOutput.Code.ok) -> CommandOutput {
        let all = diagnostics + (last.map { [$0] } ?? [])
        let rendered = format.render(all, sources: sources, files: files)
        return format == .text
            ? CommandOutput(stdout: summary, stderr: rendered, exitCode: exitCode)
            : CommandOutput(stdout: rendered, stderr: summary, exitCode: exitCode)
    }
}
