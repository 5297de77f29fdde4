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

    /// Markers at `points` (pixels), `r` their half-size, as one path: a chart of hundreds of
    /// data points stays a small file.
    func drawMarkers(at points: [Point], size r: Double, into svg: inout SVGWriter, filled: Bool = false) {
        guard !points.isEmpty else { return }
        let d = points.map { shape(at: $0, r) }.joined(separator: " ")
        let open = marker == .cross || marker == .plus
        let fill: SVGWriter.Value = open ? "none" : filled ? .text(color) : "#ffffff"
        svg.empty("path", ["d": .text(d), "fill": fill, "stroke": .text(color), "stroke-width": open ? 2 : 1.5])
    }

    /// One marker's path data, centred at `p`.
    private func shape(at p: Point, _ r: Double) -> String {
        func n(_ v: Double) -> String { SVGWriter.number(v) }
        switch marker {
        case .circle:
            return "M\(n(p.x - r)) \(n(p.y)) a\(n(r)) \(n(r)) 0 1 0 \(n(2 * r)) 0 a\(n(r)) \(n(r)) 0 1 0 \(n(-2 * r)) 0Z"
        case .square:
            return SVGWriter.path([[Point(p.x - r, p.y - r), Point(p.x + r, p.y - r), Point(p.x + r, p.y + r), Point(p.x - r, p.y + r)]]) + "Z"
        case .triangle:
            return SVGWriter.path([[Point(p.x, p.y - r * 1.2), Point(p.x + r * 1.1, p.y + r * 0.8), Point(p.x - r * 1.1, p.y + r * 0.8)]]) + "Z"
        case .diamond:
            return SVGWriter.path([[Point(p.x, p.y - r * 1.3), Point(p.x + r * 1.1, p.y), Point(p.x, p.y + r * 1.3), Point(p.x - r * 1.1, p.y)]]) + "Z"
        case .cross:
            return SVGWriter.path([[Point(p.x - r, p.y - r), Point(p.x + r, p.y + r)], [Point(p.x - r, p.y + r), Point(p.x + r, p.y - r)]])
        case .plus:
            return SVGWriter.path([[Point(p.x - r * 1.2, p.y), Point(p.x + r * 1.2, p.y)], [Point(p.x, p.y - r * 1.2), Point(p.x, p.y + r * 1.2)]])
        }
    }
}
