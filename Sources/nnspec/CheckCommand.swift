import ArgumentParser
import NNSpecCommands

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and elaborate specs; report every error with file:line:col.",
        discussion: """
        Every diagnostic carries a stable id (`nnspec explain ID` documents it). With --format json \
        or sarif, one document with every spec's diagnostics is printed on stdout.

        Exit status: 0 when every spec is clean, 1 when a spec has errors, 2 when a file cannot be \
        read.

        Examples:
          nnspec check specs/mnist-l2.yaml
          nnspec check specs/*.yaml
          nnspec check specs/*.yaml --format sarif > check.sarif
        """
    )

    @Argument(help: "Spec files to check.")
    var specs: [String]

    @Option(help: "Output format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    func run() throws {
        try finish(Check.run(paths: specs, format: format))
    }
}
