import Foundation
import XCTest
import NNSpecNumerics

/// Bit-for-bit agreement with NumPy / SciPy / scikit-learn on the reductions and
/// activations where that is achievable (Fixtures/make_numpy_fixtures.py).
final class NumPyParityTests: XCTestCase {
    struct Fixtures: Decodable {
        struct Sum: Decodable { let dtype: String; let n: Int; let x: [String]
            let sum, sumAxis1, sumOfSquares, sumOfAbs: String }
        struct Grid: Decodable { let dtype: String; let rows: Int; let cols: Int; let x: [String] }
        struct ColumnSums: Decodable { let dtype: String; let rows: Int; let cols: Int; let x, sum, mean: [String] }
        struct RowSums: Decodable { let dtype: String; let rows: Int; let cols: Int; let x, sum: [String] }
        struct Softmax: Decodable { let dtype: String; let rows: Int; let cols: Int; let x, y: [String] }
        struct Activations: Decodable { let dtype: String; let x, expit, tanh, relu, exp, log1p: [String] }
        let sums: [Sum]
        let columnSums: [ColumnSums]
        let rowSums: [RowSums]
        let softmax: [Softmax]
        let activations: [Activations]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "numpy_fixtures", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    static func f64(_ h: String) -> Double { Double(bitPattern: UInt64(h, radix: 16)!) }
    static func f32(_ h: String) -> Float { Float(bitPattern: UInt32(h, radix: 16)!) }
    static func hex(_ x: Double) -> String { String(x.bitPattern, radix: 16) }
    static func hex(_ x: Float) -> String { String(x.bitPattern, radix: 16) }

    /// Runs `body` once per precision with the fixture's values decoded.
    func forEach<T>(_ cases: [T], dtype: (T) -> String,
                    f64 body64: (T, (String) -> Double) -> Void,
                    f32 body32: (T, (String) -> Float) -> Void) {
        for c in cases {
            if dtype(c) == "float64" { body64(c, Self.f64) } else { body32(c, Self.f32) }
        }
    }

    func checkSums<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ c: Fixtures.Sum, _ v: (String) -> S) {
        let x = c.x.map(v)
        let what = "\(c.dtype) n=\(c.n)"
        XCTAssertEqual(bits(Reductions.sum(x, order: .numpyPairwise)), bits(v(c.sum)), "sum \(what)")
        XCTAssertEqual(bits(Reductions.sum(x, order: .numpyPairwise)), bits(v(c.sumAxis1)), "axis 1 \(what)")
        XCTAssertEqual(bits(Reductions.sumOfSquares(x, order: .numpyPairwise)), bits(v(c.sumOfSquares)),
                       "sumOfSquares \(what)")
        XCTAssertEqual(bits(Reductions.sumOfAbs(x, order: .numpyPairwise)), bits(v(c.sumOfAbs)), "sumOfAbs \(what)")
        let m = Matrix(rows: 1, cols: c.n, data: x)
        XCTAssertEqual(bits(m.sum(order: .numpyPairwise)), bits(v(c.sum)), "Matrix.sum \(what)")
        XCTAssertEqual(m.rowSums(order: .numpyPairwise).map { bits($0) }, [bits(v(c.sumAxis1))], "rowSums \(what)")
    }

    func testPairwiseSumsMatchNumPy() {
        var orderMatters = 0
        for c in Self.fixtures.sums {
            if c.dtype == "float64" {
                checkSums(c, Self.f64)
                let x = c.x.map(Self.f64)
                if Reductions.sum(x) != Self.f64(c.sum) { orderMatters += 1 }
            } else {
                checkSums(c, Self.f32)
            }
        }
        // The fixtures are sensitive to order: plain left-to-right differs on most long sums.
        XCTAssertGreaterThan(orderMatters, 5)
    }

    func checkColumnSums<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ c: Fixtures.ColumnSums, _ v: (String) -> S) {
        let m = Matrix(rows: c.rows, cols: c.cols, data: c.x.map(v))
        XCTAssertEqual(m.columnSums().map { bits($0) }, c.sum.map { bits(v($0)) }, "\(c.dtype) \(c.rows)×\(c.cols)")
        XCTAssertEqual(m.columnMeans().map { bits($0) }, c.mean.map { bits(v($0)) }, "\(c.dtype) mean")
    }

    func testColumnSumsMatchNumPyAxis0() {
        for c in Self.fixtures.columnSums {
            if c.dtype == "float64" { checkColumnSums(c, Self.f64) } else { checkColumnSums(c, Self.f32) }
        }
    }

    func checkRowSums<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ c: Fixtures.RowSums, _ v: (String) -> S) {
        let m = Matrix(rows: c.rows, cols: c.cols, data: c.x.map(v))
        XCTAssertEqual(m.rowSums(order: .numpyPairwise).map { bits($0) }, c.sum.map { bits(v($0)) },
                       "\(c.dtype) \(c.rows)×\(c.cols)")
    }

    func testRowSumsMatchNumPyAxis1() {
        for c in Self.fixtures.rowSums {
            if c.dtype == "float64" { checkRowSums(c, Self.f64) } else { checkRowSums(c, Self.f32) }
        }
    }

    /// scikit-learn's `inplace_softmax` (max shift, np.exp, division by the axis-1 sum).
    /// float64 only: NumPy's float32 exp is its own SIMD code, not libm's expf.
    func testSoftmaxMatchesScikitLearnFloat64() {
        for c in Self.fixtures.softmax where c.dtype == "float64" {
            var m = Matrix(rows: c.rows, cols: c.cols, data: c.x.map(Self.f64))
            m.softmaxRows(order: .numpyPairwise)
            XCTAssertEqual(m.data.map(Self.hex), c.y.map { Self.hex(Self.f64($0)) }, "\(c.rows)×\(c.cols)")
        }
    }

    func testSoftmaxFloat32IsCloseToScikitLearn() {
        for c in Self.fixtures.softmax where c.dtype == "float32" {
            var m = Matrix(rows: c.rows, cols: c.cols, data: c.x.map(Self.f32))
            m.softmaxRows(order: .numpyPairwise)
            for (got, want) in zip(m.data, c.y.map(Self.f32)) {
                XCTAssertEqual(got, want, accuracy: 4 * want.ulp + Float.leastNormalMagnitude)
            }
        }
    }

    /// SciPy's expit, NumPy's maximum(x, 0), and float64 exp/log1p are libm-exact here.
    func testActivationsMatchSciPyAndNumPy() {
        for c in Self.fixtures.activations {
            if c.dtype == "float64" {
                let x = c.x.map(Self.f64)
                XCTAssertEqual(x.map { Self.hex(Elementwise.sigmoid($0)) }, c.expit.map { Self.hex(Self.f64($0)) }, "expit f64")
                XCTAssertEqual(x.map { Self.hex(Elementwise.relu($0)) }, c.relu.map { Self.hex(Self.f64($0)) }, "relu f64")
                XCTAssertEqual(x.map { Self.hex(Double.exp(min($0, 80))) }, c.exp.map { Self.hex(Self.f64($0)) }, "exp f64")
                XCTAssertEqual(x.map { Self.hex(Double.log1p($0.magnitude)) }, c.log1p.map { Self.hex(Self.f64($0)) }, "log1p f64")
                // NumPy's tanh is its own SIMD code: allow 1 ulp.
                for (xi, want) in zip(x, c.tanh.map(Self.f64)) {
                    XCTAssertEqual(Elementwise.tanh(xi), want, accuracy: want.ulp, "tanh(\(xi))")
                }
            } else {
                let x = c.x.map(Self.f32)
                XCTAssertEqual(x.map { Self.hex(Elementwise.sigmoid($0)) }, c.expit.map { Self.hex(Self.f32($0)) }, "expit f32")
                XCTAssertEqual(x.map { Self.hex(Elementwise.relu($0)) }, c.relu.map { Self.hex(Self.f32($0)) }, "relu f32")
                for (xi, want) in zip(x, c.tanh.map(Self.f32)) {
                    XCTAssertEqual(Elementwise.tanh(xi), want, accuracy: want.ulp, "tanh(\(xi))")
                }
            }
        }
    }
}
