import NNSpecDiff
import NNSpecIR
import NNSpecResults
import NNSpecPictures

/// The logged loss (or a metric) of several runs on one chart, by step or by epoch, with a rule
/// where each run's history parts from the first run's (as `nnspec diff` finds it).
enum HistoryChart {
    static func chart(_ runs: [PlotRun], options: Plot.Options) throws(PlotError) -> Chart {
        guard let first = runs.first else { throw PlotError("nothing to plot") }
        let metric = options.metric
        let unit = options.x ?? (first.outcome.history.first?.unit == .step ? .step : .epoch)
        var chart = Chart(id: options.id, title: metric == "loss" ? "Training loss by \(unit.rawValue)" : "\(metric) by \(unit.rawValue)",
                          summary: "", xLabel: unit.rawValue, yLabel: metric)
        var values: [Double] = []
        for (i, run) in runs.enumerated() {
            let o = run.outcome
            var points: [Point] = []
            for p in o.history {
                guard let y = value(p, metric) else { continue }
                let at = try x(p, of: run, in: unit)
                if let from = options.from, at < from { continue }
                points.append(Point(at, y))
            }
            values += points.map(\.y)
            chart.lines.append(Chart.Line(name: legendName(run, among: runs), points: points, style: .nth(i)))
        }
        guard values.contains(where: \.isFinite) else {
            let names = Set(runs.flatMap { $0.outcome.history.flatMap { ["loss"] + $0.metrics.map(\.name) } }).sorted()
            throw PlotError("no run logs '\(metric)'" + (names.isEmpty ? " (no history)" : "; logged: \(names.joined(separator: ", "))"))
        }
        let positive = values.filter { $0.isFinite && $0 > 0 }
        // A log axis when every value is positive and they span more than a decade.
        let autoLog = positive.count == values.filter(\.isFinite).count && (positive.max()! / positive.min()!) > 10
        chart.yKind = options.scale ?? (autoLog ? .log : .linear)

        var words: [String] = []
        for (j, run) in runs.enumerated().dropFirst() {
            // A history identical to an earlier run's is said once (its line hides under that one).
            if let i = (0 ..< j).first(where: { i in if case .identical = OutcomeDiff(runs[i].outcome, run.outcome, a: runs[i].source, b: run.source).history { return true } else { return false } }) {
                let note = "\(chart.lines[j].name) and \(chart.lines[i].name): identical histories, one line over the other"
                chart.notes.append(note)
                words.append(note)
                continue
            }
            switch OutcomeDiff(first.outcome, run.outcome, a: first.source, b: run.source).history {
            case .parts(let at, _, _, _):
                if let p = first.outcome.history.first(where: { $0.label == at }) {
                    let label = "\(chart.lines[j].name) parts from \(chart.lines[0].name) at \(at)"
                    let at = try x(p, of: first, in: unit)
                    // Before --from the rule has no place on the axis: the legend says it instead.
                    if let from = options.from, at < from { chart.notes.append(label) } else { chart.rules.append(Chart.Rule(x: at, label: label)) }
                    words.append(label)
                }
            case .identical, .withinRounding, .agreeWhereBothLog, .noCommonPoints:
                break
            }
        }
        for run in runs where run.outcome.status == .diverged {
            chart.notes.append("\(legendName(run, among: runs)) diverged (loss not finite) after \(run.outcome.steps) steps")
        }
        let finals = runs.map { r in "\(legendName(r, among: runs)) \(value(r.outcome.history.last, metric).map(Format.number) ?? "n/a")" }
        chart.summary = "\(chart.title), \(chart.yKind == .log ? "log" : "linear") scale, for \(runs.count) run\(runs.count == 1 ? "" : "s"). "
            + "Last logged \(metric): \(finals.joined(separator: "; ")). " + words.map { $0 + "." }.joined(separator: " ")
        chart.summary = chart.summary.trimmingCharacters(in: [" "])
        return chart
    }

    private static func value(_ p: ResultsFile.HistoryEntry?, _ metric: String) -> Double? {
        guard let p else { return nil }
        return metric == "loss" ? p.loss : p.metrics.first { $0.name == metric }?.value ?? nil
    }

    /// The point's position in `unit`: an epoch logged by step is `step / steps per epoch`, a
    /// step logged by epoch is `epoch · steps per epoch` (the steps before that epoch's end).
    private static func x(_ p: ResultsFile.HistoryEntry, of run: PlotRun, in unit: Plot.XUnit) throws(PlotError) -> Double {
        if p.unit.rawValue == unit.rawValue { return Double(p.index) }
        let o = run.outcome
        guard o.epochs > 0, o.steps > 0 else { throw PlotError("\(run.source): cannot convert \(p.unit.rawValue)s to \(unit.rawValue)s (no epochs or steps recorded)") }
        let perEpoch = Double(o.steps) / Double(o.epochs)
        return unit == .step ? Double(p.index) * perEpoch : Double(p.index) / perEpoch
    }

    /// The spec's name, with the source added when two runs share it.
    static func legendName(_ run: PlotRun, among runs: [PlotRun]) -> String {
        runs.filter { $0.name == run.name }.count > 1 ? "\(run.name) (\(run.source))" : run.name
    }
}
