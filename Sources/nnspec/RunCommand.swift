import ArgumentParser
import Foundation
import NNSpecCommands

extension Run.Diagnose: ExpressibleByArgument {}

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

        The training monitors watch the run and report what they find as diagnostics (the step it \
        began, a cause and a fix-it each; `nnspec explain ID` documents a monitor). By default the \
        results file is left as it is; with an explicit --diagnose summary or strict it ends with a \
        `diagnoses` list, and strict exits 1 when any monitor fires.

        Examples:
          nnspec run specs/mnist-l2.yaml
          nnspec run specs/first-feature-keras.yaml --output /tmp/ff.json
          nnspec run specs/mnist-l2.yaml --check results/mnist-l2.json
          nnspec run specs/bump-raw.yaml training.seed=3 --output /tmp/bump-3.json
          nnspec run specs/bump-raw.yaml --diagnose strict -o /tmp/bump.json
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

    @Option(help: "Training monitors: off, summary (report what they find; write it into the results when given explicitly) or strict (also exit 1 when any fires).")
    var diagnose: Run.Diagnose?

    func run() throws {
        try finish(Run.run(path: spec, output: output, check: check, progressToTerminal: isatty(STDERR_FILENO) == 1,
                           overrides: overrides, format: format, diagnose: diagnose))
    }
}
