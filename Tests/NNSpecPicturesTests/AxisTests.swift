import XCTest
@testable import NNSpecPictures

final class AxisTests: XCTestCase {
    func testLinearAxisWidensToNiceTicksOfOneTwoOrFive() throws {
        let a = try XCTUnwrap(Axis(kind: .linear, covering: [0.603, 0.639]))
        XCTAssertEqual(a.ticks.map(\.label), ["0.6", "0.61", "0.62", "0.63", "0.64"])
        XCTAssertEqual(a.low, 0.6, accuracy: 1e-12)
        XCTAssertEqual(a.high, 0.64, accuracy: 1e-12)
        let b = try XCTUnwrap(Axis(kind: .linear, covering: [0, 1000]))
        XCTAssertEqual(b.ticks.map(\.label), ["0", "200", "400", "600", "800", "1000"])
        let c = try XCTUnwrap(Axis(kind: .linear, covering: [-2.2, 3.1]))
        XCTAssertEqual(c.ticks.map(\.label), ["−4", "−2", "0", "2", "4"])
    }

    func testLogAxisCoversWholeDecadesAndAddsTwoAndFiveOnShortSpans() throws {
        let a = try XCTUnwrap(Axis(kind: .log, covering: [7.46e-8, 0.0823, 0, -1]))
        XCTAssertEqual(a.ticks.map(\.label), ["1e−8", "1e−7", "1e−6", "0.00001", "0.0001", "0.001", "0.01", "0.1"])
        let b = try XCTUnwrap(Axis(kind: .log, covering: [0.02, 0.6]))
        XCTAssertEqual(b.ticks.map(\.label), ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"])
        XCTAssertNil(b.fraction(0))
        XCTAssertEqual(try XCTUnwrap(b.fraction(0.1)), 0.5, accuracy: 1e-12)
    }

    func testTickLabelsAreBuiltFromIntegers() {
        XCTAssertEqual(Axis.decimal(25, exponent: -3), "0.025")
        XCTAssertEqual(Axis.decimal(-15, exponent: -1), "−1.5")
        XCTAssertEqual(Axis.decimal(5, exponent: 7), "5e7")
        XCTAssertEqual(Axis.decimal(12, exponent: -9), "1.2e−8")
        XCTAssertEqual(Axis.decimal(0, exponent: 3), "0")
    }

    func testUnusableValuesGiveNoAxis() {
        XCTAssertNil(Axis(kind: .linear, covering: [.nan, .infinity]))
        XCTAssertNil(Axis(kind: .log, covering: [0, -3]))
        // One value: a range around it rather than a zero-width axis.
        let one = Axis(kind: .linear, covering: [2, 2])
        XCTAssertNotNil(one)
        XCTAssertLessThan(one!.low, 2)
        XCTAssertGreaterThan(one!.high, 2)
        // Extremes a diverged run or a crafted file can hold give an axis, not a crash.
        for values in [[5e-324, 5e-324], [0, 5e-324], [1e-310, 2e-310], [-1e300, 1e300], [1e300, 1e300]] {
            XCTAssertNotNil(Axis(kind: .linear, covering: values), "\(values)")
            XCTAssertNotNil(Axis(kind: .log, covering: values.filter { $0 > 0 }), "\(values)")
        }
    }
}
