import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecSyntax

/// `nnspec explain [ID]`: the documentation of a lint rule (with its examples) or of any other
/// diagnostic id; without an id, the list of both.
public enum Explain {
    public static func run(id: String?) -> CommandOutput {
        guard let id else { return CommandOutput(stdout: list()) }
        if let rule = RuleRegistry.rule(id: id) {
            return CommandOutput(stdout: Explanation.text(rule.description))
        }
        if let code = DiagnosticCode(rawValue: id) {
            return CommandOutput(stdout: Explanation.text(code))
        }
        var message = "unknown diagnostic id '\(id)'"
        if let guess = Suggestion.closest(to: id, in: ids) { message += "; did you mean '\(guess)'?" }
        return CommandOutput.failure(Diagnostic(.usage, message, at: nil,
                                                notes: [DiagnosticNote("run 'nnspec explain' to list the ids")]),
                                     exitCode: CommandOutput.Code.usage)
    }

    /// Every id `explain` knows: the lint rules', then the other diagnostics'.
    public static var ids: [String] { RuleRegistry.ids + DiagnosticCode.allCases.map(\.rawValue) }

    /// The lint rules, then the other diagnostics by stage: `id  severity  summary` lines.
    static func list() -> String {
        let rows = RuleRegistry.rules.map { ($0.description.id, $0.description.severity, $0.description.summary) }
        let codes = DiagnosticCode.allCases.map { ($0.rawValue, $0.severity, $0.summary) }
        let width = (rows + codes).map(\.0.count).max() ?? 0
        func line(_ r: (String, Severity, String)) -> String {
            r.0.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + r.1.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + r.2
        }
        var out = "lint rules (nnspec lint):\n" + rows.map { "  " + line($0) }.joined(separator: "\n") + "\n"
        var stage = ""
        for (code, row) in zip(DiagnosticCode.allCases, codes) {
            if code.stage != stage {
                stage = code.stage
                out += "\n\(stage) diagnostics:\n"
            }
            out += "  " + line(row) + "\n"
        }
        return out
    }
}
