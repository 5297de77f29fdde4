import ArgumentParser
import Foundation
import NNSpecCommands

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train the network a spec describes, as its convention would, and write the results JSON.",
        discussion: """
        The results file has a fixed key order and shortest round-trip numbers: the same spec gives \
        the same bytes on every run and at any thread count (NNSPEC_THREADS), so results are \
        reviewed as diffs. Without --output the spec's outputs.results (default \
        results/<name>.json) is written. A progress line is drawn only when stderr is a terminal.

        With --format json or sarif the diagnostics (spec errors, data errors, run errors, a \
        divergence, a --check difference) are one document on stdout and the summary goes to \
        stderr.

        Examples:
          nnspec run specs/mnist-l2.yaml
          nnspec run specs/first-feature-keras.yaml --output /tmp/ff.json
          nnspec run specs/mnist-l2.yaml --check results/mnist-l2.json
          nnspec run specs/bump-raw.yaml training.seed=3 --output /tmp/bump-3.json
        """
    )

    @Argument(help: "The spec to run.")
    var spec: String

    @Argument(help: ArgumentHelp("Overrides key.path=value, set in the spec before it is checked (e.g. optimizer.learning_rate=0.1, model.layers[0].units=64).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .shortAndLong, help: "Where to write the results JSON.")
    var output: String?

    @Option(help: "Compare the results with this file instead of writing them; exit 1 when they differ.")
    var check: String?

    @Option(help: "Diagnostics format: text, json or sarif.")
    var format: DiagnosticFormat = .text

    func run() throws {
        try finish(Run.run(path: spec, output: output, check: check, progressToTerminal: isatty(STDERR_FILENO) == 1,
                           overrides: overrides, format: format))
    }
}
