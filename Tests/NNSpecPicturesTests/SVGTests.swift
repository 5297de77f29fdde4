import XCTest
@testable import NNSpecPictures

final class SVGTests: XCTestCase {
    func testNumbersHaveOneFixedFormat() {
        XCTAssertEqual(SVGWriter.number(12.0), "12")
        XCTAssertEqual(SVGWriter.number(12.04), "12")
        XCTAssertEqual(SVGWriter.number(12.06), "12.1")
        XCTAssertEqual(SVGWriter.number(-0.04), "0")
        XCTAssertEqual(SVGWriter.number(-3.25), "-3.3")
        XCTAssertEqual(SVGWriter.number(.nan), "0")
    }

    func testTextIsEscaped() {
        var w = SVGWriter()
        w.text("text", ["x": 1], "a < b & \"c\"")
        XCTAssertEqual(w.document, "<text x=\"1\">a &lt; b &amp; &quot;c&quot;</text>\n")
    }

    func testContourOfAPlaneIsOneStraightPolyline() throws {
        // f(x, y) = x + y on [0, 2]², level 2: the diagonal from (2, 0) to (0, 2).
        let xs = (0 ... 8).map { Double($0) / 4 }, ys = xs
        let values = ys.map { y in xs.map { x in x + y } }
        let lines = Contour.lines(values: values, xs: xs, ys: ys, level: 2.0001)
        XCTAssertEqual(lines.count, 1)
        let line = try XCTUnwrap(lines.first)
        XCTAssertGreaterThan(line.count, 8)
        for p in line { XCTAssertEqual(p.x + p.y, 2.0001, accuracy: 1e-9) }
        XCTAssertEqual(Contour.lines(values: values, xs: xs, ys: ys, level: 10), [])
    }

    func testContourOfACircleIsClosed() throws {
        let xs = (0 ... 40).map { -2 + Double($0) / 10 }, ys = xs
        let values = ys.map { y in xs.map { x in x * x + y * y } }
        let lines = Contour.lines(values: values, xs: xs, ys: ys, level: 1)
        XCTAssertEqual(lines.count, 1)
        let ring = try XCTUnwrap(lines.first)
        XCTAssertEqual(ring.first, ring.last, "a closed curve ends where it starts")
    }

    func testChartIsDeterministicAndAccessible() throws {
        var c = Chart(id: "t", title: "loss <by> epoch", summary: "two runs", xLabel: "epoch", yLabel: "loss")
        c.yKind = .log
        c.lines = [Chart.Line(name: "a", points: (1 ... 20).map { Point(Double($0), 1 / Double($0)) }, style: .nth(0)),
                   Chart.Line(name: "b", points: (1 ... 20).map { Point(Double($0), 2 / Double($0)) }, style: .nth(1))]
        c.rules = [Chart.Rule(x: 3, label: "b parts from a at epoch 3")]
        let svg = try XCTUnwrap(c.svg())
        XCTAssertEqual(svg, c.svg())
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains("<title id=\"t-title\">loss &lt;by&gt; epoch</title>"))
        XCTAssertTrue(svg.contains("aria-labelledby=\"t-title t-desc\""))
        XCTAssertTrue(svg.contains("stroke-dasharray=\"7 4\""), "the second series is dashed")
        XCTAssertTrue(svg.contains("b parts from a at epoch 3"))
        XCTAssertFalse(svg.contains("<script"))
    }

    func testStraightStretchesOfAPolylineKeepOnlyTheirEnds() {
        let line = (0 ... 10).map { Point(Double($0), 2 * Double($0)) } + [Point(11, 0)]
        XCTAssertEqual(Chart.simplified(line), [Point(0, 0), Point(10, 20), Point(11, 0)])
        let wiggle = [Point(0, 0), Point(1, 0.5), Point(2, 0)]
        XCTAssertEqual(Chart.simplified(wiggle), wiggle, "half a pixel off the line is kept")
    }

    func testStylesDifferInDashAndMarkerNotOnlyColour() {
        let styles = (0 ..< 6).map(SeriesStyle.nth)
        XCTAssertEqual(Set(styles.map(\.dash)).count, 6)
        XCTAssertEqual(Set(styles.map(\.marker)).count, 6)
    }
}
