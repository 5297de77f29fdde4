/// A two-axis chart — lines, scattered points, marked x positions and a legend below the plot —
/// written as a self-contained SVG. The picture is fully described by this value, so equal
/// charts give equal bytes.
public struct Chart: Sendable {
    /// A polyline in data coordinates; a non-finite point (or one a log axis cannot show) breaks it.
    public struct Line: Sendable {
        public var name: String
        public var points: [Point]
        public var style: SeriesStyle
        /// Markers at up to this many points, staggered between series so they do not overlap.
        public var markers: Int

        public init(name: String, points: [Point], style: SeriesStyle, markers: Int = 10) {
            self.name = name
            self.points = points
            self.style = style
            self.markers = markers
        }
    }

    /// Data points, each drawn as the style's marker (hollow or filled).
    public struct Scatter: Sendable {
        public var name: String
        public var points: [Point]
        public var style: SeriesStyle
        public var filled: Bool

        public init(name: String, points: [Point], style: SeriesStyle, filled: Bool) {
            self.name = name
            self.points = points
            self.style = style
            self.filled = filled
        }
    }

    /// A vertical rule at `x` with a label (where two histories part).
    public struct Rule: Sendable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    /// Prefix of the ids inside the picture (title, description, clip path): several charts
    /// inlined in one HTML page need distinct ids.
    public var id: String
    public var title: String
    /// The picture in words, for screen readers (`<desc>`).
    public var summary: String
    public var xLabel: String
    public var yLabel: String
    public var xKind: Axis.Kind = .linear
    public var yKind: Axis.Kind = .linear
    /// Ranges to show; nil: whatever the lines, points and rules cover.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var lines: [Line] = []
    public var scatter: [Scatter] = []
    public var rules: [Rule] = []
    /// Sentences printed under the legend.
    public var notes: [String] = []

    public init(id: String, title: String, summary: String, xLabel: String, yLabel: String) {
        self.id = id
        self.title = title
        self.summary = summary
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    // Layout, in pixels.
    static let width = 640.0
    static let plotLeft = 72.0, plotRight = 620.0, plotTop = 40.0, plotBottom = 320.0
    static let lineHeight = 18.0

    /// The SVG document, or nil when nothing in the chart can be placed on its axes.
    public func svg() -> String? {
        let xs = lines.flatMap { $0.points.map(\.x) } + scatter.flatMap { $0.points.map(\.x) } + rules.map(\.x)
        let ys = lines.flatMap { $0.points.map(\.y) } + scatter.flatMap { $0.points.map(\.y) }
        guard let xAxis = Axis(kind: xKind, covering: xRange.map { [$0.lowerBound, $0.upperBound] } ?? xs),
              let yAxis = Axis(kind: yKind, covering: yRange.map { [$0.lowerBound, $0.upperBound] } ?? ys) else { return nil }
        let l = Self.plotLeft, r = Self.plotRight, t = Self.plotTop, b = Self.plotBottom
        func px(_ p: Point) -> Point? {
            guard let fx = xAxis.fraction(p.x), let fy = yAxis.fraction(p.y) else { return nil }
            // Far outside the plot only the direction matters; keep coordinates short and finite.
            func clamp(_ v: Double) -> Double { Swift.min(Swift.max(v, -2), 3) }
            return Point(l + clamp(fx) * (r - l), b - clamp(fy) * (b - t))
        }
        let entries = lines.count + scatter.count
        let legendTop = b + 52
        let height = legendTop + Double(entries + notes.count) * Self.lineHeight + 8

        var svg = SVGWriter()
        svg.group("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": .text("0 0 \(SVGWriter.number(Self.width)) \(SVGWriter.number(height))"),
                          "width": .number(Self.width), "height": .number(height), "role": "img",
                          "aria-labelledby": .text("\(id)-title \(id)-desc"),
                          "font-family": "DejaVu Sans, Helvetica, Arial, sans-serif", "font-size": 12]) { svg in
            svg.text("title", ["id": .text("\(id)-title")], title)
            svg.text("desc", ["id": .text("\(id)-desc")], summary)
            svg.empty("rect", ["width": .number(Self.width), "height": .number(height), "fill": "#ffffff"])
            svg.text("text", ["x": .number(l), "y": 20, "font-size": 14, "font-weight": "bold", "fill": "#111111"], title)
            svg.group("clipPath", ["id": .text("\(id)-clip")]) { svg in
                svg.empty("rect", ["x": .number(l), "y": .number(t), "width": .number(r - l), "height": .number(b - t)])
            }
            // Grid and ticks.
            // Crisp edges: one-pixel rules drawn on whole pixels, not smeared over two.
            svg.group("g", ["stroke": "#d9d9d9", "stroke-width": 1, "shape-rendering": "crispEdges"]) { svg in
                for tick in xAxis.ticks { if let f = xAxis.fraction(tick.value) { let x = l + f * (r - l); svg.empty("line", ["x1": .number(x), "y1": .number(t), "x2": .number(x), "y2": .number(b)]) } }
                for tick in yAxis.ticks { if let f = yAxis.fraction(tick.value) { let y = b - f * (b - t); svg.empty("line", ["x1": .number(l), "y1": .number(y), "x2": .number(r), "y2": .number(y)]) } }
            }
            svg.empty("rect", ["x": .number(l), "y": .number(t), "width": .number(r - l), "height": .number(b - t), "fill": "none", "stroke": "#333333", "shape-rendering": "crispEdges"])
            svg.group("g", ["fill": "#222222", "text-anchor": "middle"]) { svg in
                for tick in xAxis.ticks { if let f = xAxis.fraction(tick.value) { svg.text("text", ["x": .number(l + f * (r - l)), "y": .number(b + 16)], tick.label) } }
            }
            svg.group("g", ["fill": "#222222", "text-anchor": "end"]) { svg in
                for tick in yAxis.ticks { if let f = yAxis.fraction(tick.value) { svg.text("text", ["x": .number(l - 6), "y": .number(b - f * (b - t) + 4)], tick.label) } }
            }
            svg.text("text", ["x": .number((l + r) / 2), "y": .number(b + 36), "text-anchor": "middle", "fill": "#111111"], xLabel + (xKind == .log ? " (log scale)" : ""))
            svg.text("text", ["transform": .text("translate(16 \(SVGWriter.number((t + b) / 2))) rotate(-90)"), "text-anchor": "middle", "fill": "#111111"],
                     yLabel + (yKind == .log ? " (log scale)" : ""))

            // Data.
            svg.group("g", ["clip-path": .text("url(#\(id)-clip)")]) { svg in
                for s in scatter { s.style.drawMarkers(at: s.points.compactMap(px), size: 3.5, into: &svg, filled: s.filled) }
                for (n, line) in lines.enumerated() {
                    var runs: [[Point]] = [[]]
                    for p in line.points {
                        if let q = px(p) { runs[runs.count - 1].append(q) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
                    }
                    svg.empty("path", ["d": .text(SVGWriter.path(runs.map { Self.simplified($0) })), "fill": "none", "stroke": .text(line.style.color), "stroke-width": 2],
                              extra: line.style.dashAttribute)
                    guard line.markers > 0, !line.points.isEmpty else { continue }
                    let stride = Swift.max(1, (line.points.count + line.markers - 1) / line.markers)
                    let offset = lines.count > 1 ? (n * stride) / lines.count : 0
                    let at = Swift.stride(from: Swift.min(offset, line.points.count - 1), to: line.points.count, by: stride).compactMap { px(line.points[$0]) }
                    line.style.drawMarkers(at: at, size: 3.5, into: &svg)
                }
            }
            // Rules at the same x are drawn once; their labels stack down from the top.
            var drawn: Set<String> = []
            for (k, rule) in rules.enumerated() {
                guard let f = xAxis.fraction(rule.x), f >= 0, f <= 1 else { continue }
                let x = l + f * (r - l)
                if drawn.insert(SVGWriter.number(x)).inserted {
                    svg.empty("line", ["x1": .number(x), "y1": .number(t), "x2": .number(x), "y2": .number(b), "stroke": "#444444", "stroke-width": 1.5, "stroke-dasharray": "3 3"])
                }
                // A white halo keeps the label readable over the lines it crosses.
                svg.text("text", ["x": .number(f > 0.6 ? x - 4 : x + 4), "y": .number(t + 14 + Double(k) * 15), "text-anchor": f > 0.6 ? "end" : "start", "fill": "#111111",
                                  "stroke": "#ffffff", "stroke-width": 3, "paint-order": "stroke"], rule.label)
            }

            // Legend: a sample of each line and point style, then the notes.
            var y = legendTop
            for line in lines {
                svg.empty("line", ["x1": .number(l), "y1": .number(y - 4), "x2": .number(l + 36), "y2": .number(y - 4), "stroke": .text(line.style.color), "stroke-width": 2],
                          extra: line.style.dashAttribute)
                if line.markers > 0 { line.style.drawMarkers(at: [Point(l + 18, y - 4)], size: 3.5, into: &svg) }
                svg.text("text", ["x": .number(l + 44), "y": .number(y), "fill": "#111111"], line.name)
                y += Self.lineHeight
            }
            for s in scatter {
                s.style.drawMarkers(at: [Point(l + 18, y - 4)], size: 3.5, into: &svg, filled: s.filled)
                svg.text("text", ["x": .number(l + 44), "y": .number(y), "fill": "#111111"], s.name)
                y += Self.lineHeight
            }
            for note in notes {
                svg.text("text", ["x": .number(l), "y": .number(y), "fill": "#333333"], note)
                y += Self.lineHeight
            }
        }
        return svg.document
    }

    /// The polyline without the points that lie within a quarter pixel of the straight line
    /// through their neighbours kept: a straight stretch is two points, whatever the sampling.
    static func simplified(_ line: [Point], tolerance: Double = 0.25) -> [Point] {
        guard line.count > 2 else { return line }
        var kept = [line[0]]
        var anchor = 0
        for candidate in 2 ..< line.count {
            let a = line[anchor], b = line[candidate]
            let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
            let straight = (anchor + 1 ..< candidate).allSatisfy { i in
                let p = line[i]
                let distance = length == 0 ? ((p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)).squareRoot() : abs(dx * (p.y - a.y) - dy * (p.x - a.x)) / length
                return distance <= tolerance
            }
            if !straight {
                anchor = candidate - 1
                kept.append(line[anchor])
            }
        }
        kept.append(line[line.count - 1])
        return kept
    }
}
