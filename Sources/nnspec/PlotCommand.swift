import ArgumentParser
import Foundation
import NNSpecCommands

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw runs from their results files as one SVG: loss curves, fits, decision boundaries.",
        discussion: """
        By default the logged loss (or --metric) of every run on one chart, a legend by spec name, \
        and a dashed rule where a run's history parts from the first run's. --fit draws the \
        training data and each run's predictions over a 1-D input (with several inputs: along \
        --feature, the others at their training mean); --boundary draws two-input data and each \
        run's decision boundary. Predictions come from the stored parameters through nnspec's own \
        forward pass; the spec is read from --specs DIR/NAME.yaml. The SVG has no script and no \
        timestamp: the same inputs give the same bytes.

        Examples:
          nnspec plot results/first-feature-keras.json results/first-feature-tf1.json -o loss.svg
          nnspec plot results/bump-raw.json results/bump-scaled.json --fit -o bump.svg
          nnspec plot results/two-points-sgd.json results/two-points-logreg.json --boundary
          nnspec plot results/mlp-l2-sklearn.json results/mlp-l2-keras-all-layers.json --metric val_r2 --linear
        """
    )

    @Argument(help: "Results files (nnspec run's JSON).")
    var results: [String]

    @Option(name: .shortAndLong, help: "The SVG file to write (default: standard output).")
    var output: String?

    @Option(help: "The quantity to draw: loss or a logged metric such as val_r2.")
    var metric = "loss"

    @Flag(help: "Y axis: log, linear (default: log when all values are positive and span more than a decade).")
    var scale: Scale?

    @Option(name: .customLong("x"), help: "X axis unit: step or epoch (default: the unit the first run logs by).")
    var x: String?

    @Flag(help: "Draw the data and each run's predictions over a 1-D input.")
    var fit = false

    @Flag(help: "Draw two-input data and each run's decision boundary.")
    var boundary = false

    @Option(help: "With --fit and several inputs: the input column to draw along.")
    var feature = 0

    @Option(help: "The chart's title (default: what it shows).")
    var title: String?

    @Option(help: "Draw only the logged points at or after this step or epoch.")
    var from: Double?

    @Option(help: "Where the specs are: DIR/NAME.yaml for a results file of spec NAME.")
    var specs = Plot.defaultSpecsDirectory

    enum Scale: String, EnumerableFlag {
        case log, linear
    }

    func validate() throws {
        if fit && boundary { throw ValidationError("give --fit or --boundary, not both") }
        if let x, Plot.XUnit(rawValue: x) == nil { throw ValidationError("--x takes step or epoch, not '\(x)'") }
    }

    func run() throws {
        let options = Plot.Options(kind: fit ? .fit : boundary ? .boundary : .history, metric: metric,
                                   scale: scale.map { $0 == .log ? .log : .linear }, x: x.flatMap(Plot.XUnit.init(rawValue:)), feature: feature,
                                   title: title, from: from)
        try finish(Plot.run(results: results, output: output, options: options, specsDirectory: specs))
    }
}
