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
          nnspec check specs/mnist-l2.yaml optimizer.learning_rate=0.5 training.epochs=3
        """
    )

    @Argument(help: "Spec files to check, and overrides key.path=value set in each.")
    var specs: [String]

    @Option(help: "Output format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    func validate() throws {
        if Overrides.partition(specs).paths.isEmpty { throw ValidationError("give at least one spec to check") }
    }

    func run() throws {
        let (paths, overrides) = Overrides.partition(specs)
        try finish(Check.run(paths: paths, overrides: overrides, format: format))
    }
}
