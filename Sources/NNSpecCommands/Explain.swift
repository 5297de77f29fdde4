import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecRuntime
import NNSpecSyntax

/// `nnspec explain [ID]`: the documentation of a lint rule or a training monitor (with its
/// examples), or of any other diagnostic id; without an id, the list of all three.
public enum Explain {
    public static func run(id: String?) -> CommandOutput {
        guard let id else { return CommandOutput(stdout: list()) }
        if let rule = RuleRegistry.rule(id: id) {
            return CommandOutput(stdout: Explanation.text(rule.description))
        }
        if let monitor = MonitorRegistry.description(id: id) {
            return CommandOutput(stdout: text(monitor))
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

    /// Every id `explain` knows: the lint rules', the training monitors', then the other
    /// diagnostics'.
    public static var ids: [String] {
        RuleRegistry.ids + MonitorRegistry.descriptions.map(\.id) + DiagnosticCode.allCases.map(\.rawValue)
    }

    /// The lint rules, the training monitors, then the other diagnostics by stage:
    /// `id  severity  summary` lines.
    static func list() -> String {
        let rows = RuleRegistry.rules.map { ($0.description.id, $0.description.severity, $0.description.summary) }
        let monitors = MonitorRegistry.descriptions.map { ($0.id, $0.severity, $0.summary) }
        let codes = DiagnosticCode.allCases.map { ($0.rawValue, $0.severity, $0.summary) }
        let width = (rows + monitors + codes).map(\.0.count).max() ?? 0
        func line(_ r: (String, Severity, String)) -> String {
            r.0.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + r.1.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + r.2
        }
        var out = "lint rules (nnspec lint):\n" + rows.map { "  " + line($0) }.joined(separator: "\n") + "\n"
        out += "\ntraining monitors (nnspec run):\n" + monitors.map { "  " + line($0) }.joined(separator: "\n") + "\n"
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

    /// A monitor's page: what it measures and when it fires, the source of the definition, and
    /// one spec that draws it and one that does not.
    static func text(_ d: MonitorDescription) -> String {
        func indent(_ s: String) -> String {
            s.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n") + "\n"
        }
        var out = "\(d.id): \(d.name) (training monitor, \(d.severity.rawValue))\n\n\(d.summary)\n\n\(d.explanation)\n"
        out += "\nDefinition from: \(d.citation)\n"
        if let t = d.triggering.first { out += "\nFires on (nnspec run):\n\n" + indent(t) }
        if let n = d.nonTriggering.first { out += "\nDoes not fire on:\n\n" + indent(n) }
        out += "\nSee it with `nnspec run SPEC`; `--diagnose strict` exits 1 when it fires, `--diagnose off` skips monitoring.\n"
        return out
    }
}
