/// How the n-th series of a chart is drawn. Colour alone is not enough (print, grayscale,
/// colour vision): each style also has its own dash pattern and marker shape.
public struct SeriesStyle: Sendable, Equatable {
    public enum Marker: String, Sendable, CaseIterable { case circle, square, triangle, diamond, cross, plus }

    public var color: String
    /// `stroke-dasharray`, empty for a solid line.
    public var dash: String
    public var marker: Marker

    public init(color: String, dash: String, marker: Marker) {
        self.color = color
        self.dash = dash
        self.marker = marker
    }

    /// Okabe–Ito colours that keep at least 3:1 contrast against white, each with its own dash
    /// and marker; the list repeats with the markers shifted when a chart has more series.
    static let table: [(String, String)] = [
        ("#0072B2", ""), ("#D55E00", "7 4"), ("#000000", "2 3"), ("#009E73", "9 3 2 3"), ("#CC79A7", "4 2 4 6"), ("#8C510A", "1 3"),
    ]

    public static func nth(_ i: Int) -> SeriesStyle {
        let (color, dash) = table[i % table.count]
        let markers = Marker.allCases
        return SeriesStyle(color: color, dash: dash, marker: markers[(i + i / table.count) % markers.count])
    }

    var dashAttribute: [(String, SVGWriter.Value)] { dash.isEmpty ? [] : [("stroke-dasharray", .text(dash))] }

    /// The marker as SVG, centred at `p`, `r` its half-size.
    func drawMarker(at p: Point, size r: Double, into svg: inout SVGWriter, filled: Bool = false) {
        let fill: SVGWriter.Value = filled ? .text(color) : "#ffffff"
        let stroke: SVGWriter.Value = .text(color)
        switch marker {
        case .circle:
            svg.empty("circle", ["cx": .number(p.x), "cy": .number(p.y), "r": .number(r), "fill": fill, "stroke": stroke, "stroke-width": 1.5])
        case .square:
            svg.empty("rect", ["x": .number(p.x - r), "y": .number(p.y - r), "width": .number(2 * r), "height": .number(2 * r),
                               "fill": fill, "stroke": stroke, "stroke-width": 1.5])
        case .triangle:
            let pts = [Point(p.x, p.y - r * 1.2), Point(p.x + r * 1.1, p.y + r * 0.8), Point(p.x - r * 1.1, p.y + r * 0.8)]
            svg.empty("path", ["d": .text(SVGWriter.path([pts]) + " Z"), "fill": fill, "stroke": stroke, "stroke-width": 1.5])
        case .diamond:
            let pts = [Point(p.x, p.y - r * 1.3), Point(p.x + r * 1.1, p.y), Point(p.x, p.y + r * 1.3), Point(p.x - r * 1.1, p.y)]
            svg.empty("path", ["d": .text(SVGWriter.path([pts]) + " Z"), "fill": fill, "stroke": stroke, "stroke-width": 1.5])
        case .cross:
            let d = SVGWriter.path([[Point(p.x - r, p.y - r), Point(p.x + r, p.y + r)], [Point(p.x - r, p.y + r), Point(p.x + r, p.y - r)]])
            svg.empty("path", ["d": .text(d), "fill": "none", "stroke": stroke, "stroke-width": 2])
        case .plus:
            let d = SVGWriter.path([[Point(p.x - r * 1.2, p.y), Point(p.x + r * 1.2, p.y)], [Point(p.x, p.y - r * 1.2), Point(p.x, p.y + r * 1.2)]])
            svg.empty("path", ["d": .text(d), "fill": "none", "stroke": stroke, "stroke-width": 2])
        }
    }
}
