import Foundation
import NNSpecDiff
import NNSpecIR
import NNSpecPictures
import NNSpecResults
import NNSpecSyntax

/// `nnspec plot RESULTS.json…`: one SVG picture of several runs — their logged loss or a metric
/// (`history`), their fits over a 1-D input (`fit`), or their decision boundaries over two
/// inputs (`boundary`). Predictions come from the results' stored parameters through the
/// runtime's forward pass (`Predictor`). The bytes depend only on the inputs.
public enum Plot {
    public enum Kind: String, Sendable, CaseIterable { case history, fit, boundary }
    public enum XUnit: String, Sendable, CaseIterable { case step, epoch }

    public struct Options: Sendable {
        public var kind: Kind = .history
        /// `loss`, or a logged metric (`val_r2`, …).
        public var metric = "loss"
        /// nil: log when every value is positive and they span more than a decade.
        public var scale: Axis.Kind?
        /// nil: the unit the first run logs by.
        public var x: XUnit?
        /// For `fit` with several inputs: the input along which predictions are drawn.
        public var feature = 0
        /// Prefix of the ids inside the SVG (distinct per picture on one page).
        public var id = "plot"
        /// The chart's title instead of the default one.
        public var title: String?
        /// For `history`: draw only points at or after this x (to see late differences).
        public var from: Double?

        public init(kind: Kind = .history, metric: String = "loss", scale: Axis.Kind? = nil, x: XUnit? = nil, feature: Int = 0, id: String = "plot",
                    title: String? = nil, from: Double? = nil) {
            self.title = title
            self.from = from
            self.kind = kind
            self.metric = metric
            self.scale = scale
            self.x = x
            self.feature = feature
            self.id = id
        }
    }

    /// Specs are looked up as `DIR/NAME.yaml` (NAME: the results file's `spec`).
    public static let defaultSpecsDirectory = "specs"

    /// - `output`: the SVG file to write (atomically); nil writes it to standard output.
    public static func run(results: [String], output: String?, options: Options, specsDirectory: String = defaultSpecsDirectory) -> CommandOutput {
        guard !results.isEmpty else { return .usage("give at least one results file") }
        var runs: [PlotRun] = []
        for path in results {
            let outcome: ResultsFile
            do { outcome = try ResultsFile.read(path) } catch {
                return .failure(Diagnostic(error.code, error.message, at: nil), exitCode: CommandOutput.Code.usage)
            }
            runs.append(PlotRun(outcome: outcome, source: path, spec: nil))
        }
        var out = CommandOutput()
        if options.kind != .history {
            // Fits and boundaries need each run's data and network: its spec.
            for i in runs.indices {
                let path = (specsDirectory as NSString).appendingPathComponent("\(runs[i].name).yaml")
                guard FileManager.default.isReadableFile(atPath: path) else { continue }
                let loaded = SpecPipeline.load(path: path)
                if loaded.spec == nil {
                    out.stderr += DiagnosticRenderer().render(Report.notLoading(loaded, "\(path) does not load; see nnspec check \(path)"))
                    out.exitCode = CommandOutput.Code.findings
                    return out
                }
                runs[i].spec = loaded.spec
            }
        }
        let svg: String
        do { svg = try picture(runs, options: options) } catch {
            out.stderr += DiagnosticRenderer().render(Diagnostic(.plotInvalid, error.message, at: nil))
            out.exitCode = CommandOutput.Code.findings
            return out
        }
        out.emit(svg, to: output, written: "\(options.kind.rawValue) of \(runs.map(\.name).joined(separator: ", ")) → \(output ?? "")\n")
        return out
    }

    /// The chart of `runs` as Options say.
    public static func chart(_ runs: [PlotRun], options: Options) throws(PlotError) -> Chart {
        var chart: Chart
        switch options.kind {
        case .history: chart = try HistoryChart.chart(runs, options: options)
        case .fit: chart = try FitChart.chart(runs, options: options)
        case .boundary: chart = try BoundaryChart.chart(runs, options: options)
        }
        if let title = options.title { chart.title = title }
        return chart
    }

    /// The SVG document of `runs`.
    public static func picture(_ runs: [PlotRun], options: Options) throws(PlotError) -> String {
        guard let svg = try chart(runs, options: options).svg() else { throw PlotError("nothing to draw: no finite value on the axes") }
        return svg
    }
}
