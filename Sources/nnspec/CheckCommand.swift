import ArgumentParser
import NNSpecCommands

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and elaborate specs; report every error with file:line:col.",
        discussion: """
        Exit status: 0 when every spec is clean, 1 when a spec has errors, 2 when a file cannot be read.
        Examples:
          nnspec check specs/mnist-l2.yaml
          nnspec check specs/*.yaml
        """
    )

    @Argument(help: "Spec files to check.")
    var specs: [String]

    @OptionGroup var limits: LimitOptions

    func run() throws {
        try limits.apply()
        try finish(Check.run(paths: specs))
    }
}
