import ArgumentParser
import Foundation
import NNSpecCommands

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One self-contained HTML page about specs: run summary, pictures, lint, mirrors, compiled form.",
        discussion: """
        Per spec: the run's summary — read from its results file when that is not older than the \
        spec and its bases (2 s of slack), else run now (the page says which; --run always \
        runs) — its pictures (loss; a fit for up to 4 inputs, a decision boundary for 2), lint's \
        findings with file:line:col, for each `mirrors:` spec the semantic diff and the outcomes \
        side by side, and the compiled spec with every value's origin. Works offline: inline CSS \
        and SVG, no script.

        Examples:
          nnspec report specs/bump-raw.yaml specs/bump-scaled.yaml -o report.html
          nnspec report specs/mlp-l2-sklearn.yaml -o mlp.html
        """
    )

    @Argument(help: "The specs to report on.")
    var specs: [String]

    @Option(name: .shortAndLong, help: "The HTML file to write (default: standard output).")
    var output: String?

    @Flag(name: .customLong("run"), help: "Run every spec, even when its results file is up to date.")
    var forceRun = false

    func run() throws {
        try finish(Report.run(paths: specs, output: output, forceRun: forceRun))
    }
}
