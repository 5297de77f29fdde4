import XCTest
import NNSpecNumerics

final class ElementwiseTests: XCTestCase {
    func testAddRowVector() {
        var m = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        m.addRowVector([10, 20, 30])
        XCTAssertEqual(m, Matrix([[11, 22, 33], [14, 25, 36]]))
        var e = Matrix<Double>(rows: 0, cols: 2)
        e.addRowVector([1, 2])
        XCTAssertEqual(e.rows, 0)
    }

    func testAxpyAndScaleRoundEachOperation() {
        let x: Matrix<Float> = randomMatrix(17, 9, seed: 3)
        var y: Matrix<Float> = randomMatrix(17, 9, seed: 4)
        let y0 = y
        let a: Float = 0.3
        y.axpy(a, x)
        for i in 0 ..< y.count {
            let prod = a * x.data[i]
            XCTAssertEqual(y.data[i].bitPattern, (y0.data[i] + prod).bitPattern)
        }
        y.scale(by: -2)
        XCTAssertEqual(y[0, 0], -2 * (y0[0, 0] + a * x[0, 0]))
        var v: [Double] = [1, 2, 3]
        Elementwise.axpy(2, [1, 1, 1], &v)
        XCTAssertEqual(v, [3, 4, 5])
        Elementwise.scale(&v, by: 0.5)
        XCTAssertEqual(v, [1.5, 2, 2.5])
    }

    func testMapsAndOperators() {
        let a = Matrix<Double>([[1, -2], [3, -4]])
        let b = Matrix<Double>([[10, 20], [30, 40]])
        XCTAssertEqual(a.map(Elementwise.relu), Matrix([[1, 0], [3, 0]]))
        XCTAssertEqual(a + b, Matrix([[11, 18], [33, 36]]))
        XCTAssertEqual(b - a, Matrix([[9, 22], [27, 44]]))
        XCTAssertEqual(2 * a, Matrix([[2, -4], [6, -8]]))
        var c = a
        c.apply(b) { x, y in x * y + 1 }
        XCTAssertEqual(c, Matrix([[11, -39], [91, -159]]))
        XCTAssertEqual(a.zipMap(b, max), Matrix([[10, 20], [30, 40]]))
    }

    func testActivationFormulas() {
        for x in [-800.0, -30, -1, -0.0, 0, 0.5, 3, 40, 800] {
            XCTAssertEqual(Elementwise.sigmoid(x), 1 / (1 + Double.exp(-x)))
            XCTAssertFalse(Elementwise.sigmoid(x).isNaN)
            XCTAssertEqual(Elementwise.softplus(x), max(x, 0) + Double.log1p(Double.exp(-abs(x))))
            XCTAssertFalse(Elementwise.softplus(x).isInfinite)
        }
        XCTAssertEqual(Elementwise.sigmoid(Float(0)), 0.5)
        XCTAssertEqual(Elementwise.softplus(Float(0)), Float.log1p(1))
        XCTAssertEqual(Elementwise.softplus(1000.0), 1000)
        XCTAssertEqual(Elementwise.relu(-0.0).sign, .plus)
        XCTAssertTrue(Elementwise.relu(Float.nan).isNaN)
        XCTAssertEqual(Elementwise.tanh(0.5), Double.tanh(0.5))
        XCTAssertEqual(Elementwise.identity(Float(3)), 3)
    }

    func testSoftmaxRows() {
        var m = Matrix<Double>([[1, 2, 3], [1000, 1000, 1000], [-1e308, 0, 709]])
        m.softmaxRows()
        for i in 0 ..< 3 {
            XCTAssertEqual(m.rowSums()[i], 1, accuracy: 1e-15)
            for j in 0 ..< 3 { XCTAssertFalse(m[i, j].isNaN) }
        }
        XCTAssertEqual(m[1, 0], 1.0 / 3.0)
        let e = [Double.exp(1 - 3), Double.exp(2 - 3), Double.exp(0)]
        let s = (0 + e[0] + e[1]) + e[2]
        XCTAssertEqual(m.row(0).map { $0 }, e.map { $0 / s })
        var f = Matrix<Float>([[0, 0], [88, 0]])
        f.softmaxRows(order: .numpyPairwise)
        XCTAssertEqual(f[0, 0], 0.5)
        XCTAssertEqual(f[1, 0], 1)
    }
}
