import NNSpecData
import NNSpecDiff
import NNSpecIR
import NNSpecPictures

/// The training data and each run's predictions over the input range. For inputs with several
/// columns, the curve is a slice along one input (`--feature`) with the others held at their
/// training mean.
enum FitChart {
    /// Points of the prediction curves, and at most this many data points (evenly spaced rows).
    static let curvePoints = 201
    static let dataPoints = 300

    static func chart(_ runs: [PlotRun], options: Plot.Options) throws(PlotError) -> Chart {
        guard let first = runs.first else { throw PlotError("nothing to plot") }
        let firstSpec = try first.requireSpec(for: "--fit")
        let data = try PlotData(firstSpec)
        let features = data.inputs.columns, f = options.feature
        guard f >= 0, f < features else {
            throw PlotError("--feature \(f) is out of range: \(firstSpec.name)'s inputs have \(features) column\(features == 1 ? "" : "s")")
        }
        guard data.targets.columns == 1 else {
            throw PlotError("--fit draws one output; \(firstSpec.name)'s targets have \(data.targets.columns) columns")
        }
        let xs = PlotData.column(data.inputs, f), ys = PlotData.column(data.targets, 0)
        guard let lo = xs.filter(\.isFinite).min(), let hi = xs.filter(\.isFinite).max() else { throw PlotError("\(firstSpec.name): no finite inputs") }
        let means = (0 ..< features).map { c in NumPySum.sum(PlotData.column(data.inputs, c)) / Double(max(data.inputs.rows, 1)) }
        let grid = (0 ..< curvePoints).map { lo + (hi - lo) * Double($0) / Double(curvePoints - 1) }
        var rows: [Double] = []
        for g in grid { for c in 0 ..< features { rows.append(c == f ? g : means[c]) } }
        let gridInputs = DataArray(rows: grid.count, columns: features, values: rows)

        let xName = features == 1 ? "x" : "input \(f)"
        var chart = Chart(id: options.id, title: "Fit: predictions over \(xName)", summary: "",
                          xLabel: features == 1 ? "x (as the spec writes it)" : "\(xName), other inputs at their training mean", yLabel: "target, prediction")
        let every = max(1, (xs.count + dataPoints - 1) / dataPoints)
        let shown = stride(from: 0, to: xs.count, by: every).map { Point(xs[$0], ys[$0]) }
        let dataStyle = SeriesStyle(color: "#555555", dash: "", marker: .circle)
        chart.scatter = [Chart.Scatter(name: "training data of \(firstSpec.name)" + (every > 1 ? " (every \(every)th of \(xs.count) rows)" : ""),
                                       points: shown, style: dataStyle, filled: false)]
        chart.xRange = lo ... hi
        var yValues = ys
        var finals: [String] = []
        for (i, run) in runs.enumerated() {
            let spec = try run.requireSpec(for: "--fit")
            let runData = i == 0 ? data : try PlotData(spec)
            guard runData.inputs.columns == features else {
                throw PlotError("\(spec.name)'s inputs have \(runData.inputs.columns) columns, \(firstSpec.name)'s \(features): not one picture")
            }
            let predicted = try runData.predict(run, spec: spec, rows: gridInputs)
            let curve = PlotData.column(predicted, 0)
            yValues += curve
            chart.lines.append(Chart.Line(name: HistoryChart.legendName(run, among: runs), points: zip(grid, curve).map { Point($0, $1) }, style: .nth(i)))
            finals.append("\(HistoryChart.legendName(run, among: runs)) from \(Format.number(curve.first!)) to \(Format.number(curve.last!))")
        }
        // The targets' range, widened to show curves that leave it by a little (not by a lot).
        let finiteTargets = ys.filter(\.isFinite)
        if let tlo = finiteTargets.min(), let thi = finiteTargets.max() {
            let span = max(thi - tlo, 1e-9)
            let curves = yValues.filter(\.isFinite)
            chart.yRange = max(tlo - span / 2, min(curves.min() ?? tlo, tlo - span / 20)) ... min(thi + span / 2, max(curves.max() ?? thi, thi + span / 20))
        }
        chart.summary = "Training data of \(firstSpec.name) (\(xs.count) rows) and the predictions of \(runs.count) run\(runs.count == 1 ? "" : "s") "
            + "over \(xName) from \(Format.number(lo)) to \(Format.number(hi)). Predictions: \(finals.joined(separator: "; "))."
        return chart
    }
}
