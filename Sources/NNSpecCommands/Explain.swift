import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecRuntime

/// `nnspec explain [ID]`: a lint rule's or a training monitor's documentation with its
/// examples; without an id, the list of both.
public enum Explain {
    public static func run(id: String?) -> CommandOutput {
        guard let id else {
            let rules = RuleRegistry.rules.map { $0.description }.map { ($0.id, $0.severity.rawValue, $0.summary) }
            let monitors = MonitorRegistry.descriptions.map { ($0.id, $0.severity.rawValue, $0.summary) }
            let width = (rules + monitors).map(\.0.count).max() ?? 0
            func lines(_ entries: [(String, String, String)]) -> String {
                entries.map { id, severity, summary in
                    id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                        + severity.padding(toLength: 9, withPad: " ", startingAt: 0) + summary
                }.joined(separator: "\n") + "\n"
            }
            return CommandOutput(stdout: lines(rules) + "\nTraining monitors (nnspec run):\n\n" + lines(monitors))
        }
        if let rule = RuleRegistry.rule(id: id) {
            return CommandOutput(stdout: Explanation.text(rule.description))
        }
        if let monitor = MonitorRegistry.description(id: id) {
            return CommandOutput(stdout: text(monitor))
        }
        let ids = RuleRegistry.ids + MonitorRegistry.descriptions.map(\.id)
        var message = "error: unknown lint rule or training monitor '\(id)'"
        if let guess = Suggestion.closest(to: id, in: ids) { message += "; did you mean '\(guess)'?" }
        message += "\nrun 'nnspec explain' to list the rules and monitors\n"
        return CommandOutput(stderr: message, exitCode: CommandOutput.Code.usage)
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
