import NNSpecData
import NNSpecDiff
import NNSpecIR
import NNSpecPictures

/// Two-input classification: the training points by class and each run's decision boundary,
/// the level curve where its single output crosses the decision threshold.
enum BoundaryChart {
    /// Grid samples per axis for the level curves.
    static let gridSize = 121

    static func chart(_ runs: [PlotRun], options: Plot.Options) throws(PlotError) -> Chart {
        guard let first = runs.first else { throw PlotError("nothing to plot") }
        let firstSpec = try first.requireSpec(for: "--boundary")
        let data = try PlotData(firstSpec)
        guard data.inputs.columns == 2 else {
            throw PlotError("--boundary needs 2 inputs; \(firstSpec.name)'s have \(data.inputs.columns) (use --fit for 1)")
        }
        let x0 = PlotData.column(data.inputs, 0), x1 = PlotData.column(data.inputs, 1)
        let labels = PlotData.column(data.targets, 0)
        func range(_ v: [Double]) throws(PlotError) -> ClosedRange<Double> {
            let finite = v.filter(\.isFinite)
            guard let lo = finite.min(), let hi = finite.max() else { throw PlotError("\(firstSpec.name): no finite inputs") }
            // Half the data's span on each side (at least 1), so a boundary near the data shows.
            let pad = max((hi - lo) / 2, 1)
            return (lo - pad) ... (hi + pad)
        }
        let rx = try range(x0), ry = try range(x1)
        let gx = (0 ..< gridSize).map { rx.lowerBound + (rx.upperBound - rx.lowerBound) * Double($0) / Double(gridSize - 1) }
        let gy = (0 ..< gridSize).map { ry.lowerBound + (ry.upperBound - ry.lowerBound) * Double($0) / Double(gridSize - 1) }
        var rows: [Double] = []
        for y in gy { for x in gx { rows.append(x); rows.append(y) } }
        let grid = DataArray(rows: gridSize * gridSize, columns: 2, values: rows)

        var chart = Chart(id: options.id, title: "Decision boundaries", summary: "", xLabel: "input 0", yLabel: "input 1")
        chart.xRange = rx
        chart.yRange = ry
        let class0 = SeriesStyle(color: "#333333", dash: "", marker: .circle), class1 = SeriesStyle(color: "#333333", dash: "", marker: .triangle)
        let isOne = labels.map { $0 > 0.5 }
        chart.scatter = [
            Chart.Scatter(name: "training data of \(firstSpec.name), class 0", points: zip(x0, x1).enumerated().filter { !isOne[$0.offset] }.map { Point($0.element.0, $0.element.1) }, style: class0, filled: false),
            Chart.Scatter(name: "training data of \(firstSpec.name), class 1", points: zip(x0, x1).enumerated().filter { isOne[$0.offset] }.map { Point($0.element.0, $0.element.1) }, style: class1, filled: true),
        ]
        var words: [String] = []
        for (i, run) in runs.enumerated() {
            let spec = try run.requireSpec(for: "--boundary")
            let runData = i == 0 ? data : try PlotData(spec)
            guard runData.inputs.columns == 2 else { throw PlotError("\(spec.name)'s inputs have \(runData.inputs.columns) columns, not 2") }
            guard let output = spec.model.layers.last, output.units == 1 else {
                throw PlotError("--boundary draws the threshold of one output; \(spec.name)'s output layer has \(spec.model.layers.last?.units ?? 0) units")
            }
            let level = threshold(output.activation, fromLogits: spec.loss.fromLogits)
            let p = PlotData.column(try runData.predict(run, spec: spec, rows: grid), 0)
            let values = (0 ..< gridSize).map { j in Array(p[(j * gridSize) ..< ((j + 1) * gridSize)]) }
            let curves = Contour.lines(values: values, xs: gx, ys: gy, level: level)
            let name = HistoryChart.legendName(run, among: runs)
            // The pieces of one boundary in one line, a non-finite point between them.
            let points = curves.enumerated().flatMap { k, c in (k == 0 ? [] : [Point(.nan, .nan)]) + c }
            chart.lines.append(Chart.Line(name: "\(name): output = \(Format.number(level))", points: points, style: .nth(i), markers: 4))
            if curves.isEmpty {
                let side = (p.first ?? .nan) >= level ? "class 1" : "class 0"
                let note = "\(name): no boundary in this range (it predicts \(side) everywhere shown)"
                chart.notes.append(note)
                words.append(note)
            }
        }
        chart.summary = "Training points of \(firstSpec.name) (\(labels.count), by class) and the decision boundaries of "
            + runs.map { HistoryChart.legendName($0, among: runs) }.joined(separator: ", ")
            + " over input 0 in \(Format.number(rx.lowerBound))…\(Format.number(rx.upperBound)) and input 1 in "
            + "\(Format.number(ry.lowerBound))…\(Format.number(ry.upperBound)). " + words.map { $0 + "." }.joined(separator: " ")
        chart.summary = chart.summary.trimmingCharacters(in: [" "])
        return chart
    }

    /// The output value that separates the classes: 0.5 for a probability, 0 for a logit or tanh.
    static func threshold(_ activation: Activation, fromLogits: Bool) -> Double {
        switch activation {
        case .tanh: return 0
        case .linear: return fromLogits ? 0 : 0.5
        default: return 0.5
        }
    }
}
