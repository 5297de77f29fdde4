import Foundation
import NNSpecIR
import NNSpecLint

/// `nnspec explain [ID]`: a rule's documentation with its examples; without an id, the list of
/// rules.
public enum Explain {
    public static func run(id: String?) -> CommandOutput {
        guard let id else {
            let rules = RuleRegistry.rules.map { $0.description }
            let width = rules.map(\.id.count).max() ?? 0
            let lines = rules.map { d in
                d.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + d.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + d.summary
            }
            return CommandOutput(stdout: lines.joined(separator: "\n") + "\n")
        }
        if let rule = RuleRegistry.rule(id: id) {
            return CommandOutput(stdout: Explanation.text(rule.description))
        }
        var message = "error: unknown lint rule '\(id)'"
        if let guess = Suggestion.closest(to: id, in: RuleRegistry.ids) { message += "; did you mean '\(guess)'?" }
        message += "\nrun 'nnspec explain' to list the rules\n"
        return CommandOutput(stderr: message, exitCode: CommandOutput.Code.usage)
    }
}
