import XCTest
import NNSpecNumerics

final class MatrixTests: XCTestCase {
    func testShapesAndSubscripts() {
        var m = Matrix<Float>(rows: 2, cols: 3, repeating: 1)
        XCTAssertEqual(m.rows, 2); XCTAssertEqual(m.cols, 3); XCTAssertEqual(m.count, 6)
        m[1, 2] = 5
        XCTAssertEqual(m.data, [1, 1, 1, 1, 1, 5])
        XCTAssertEqual(Array(m.row(1)), [1, 1, 5])
        XCTAssertEqual(m.column(2), [1, 5])
        let n = Matrix<Double>([[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(n.shape.rows, 3)
        XCTAssertEqual(n[2, 1], 6)
        XCTAssertEqual(n.reshaped(rows: 2, cols: 3).data, [1, 2, 3, 4, 5, 6])
        let empty = Matrix<Float>(rows: 0, cols: 4)
        XCTAssertTrue(empty.isEmpty)
        XCTAssertEqual(empty.transposed().rows, 4)
        XCTAssertEqual(empty.transposed().cols, 0)
    }

    func testValueSemantics() {
        let a = Matrix<Float>([[1, 2], [3, 4]])
        var b = a
        b[0, 0] = 9
        XCTAssertEqual(a[0, 0], 1)
        XCTAssertEqual(b[0, 0], 9)
        var c = a
        c.withUnsafeMutableBufferPointer { $0[3] = -1 }
        XCTAssertEqual(a[1, 1], 4)
        XCTAssertEqual(c[1, 1], -1)
    }

    func testTransposed() {
        for (r, c) in [(1, 1), (1, 7), (7, 1), (33, 65), (70, 3)] {
            let m: Matrix<Double> = randomMatrix(r, c, seed: UInt64(r * 100 + c))
            let t = m.transposed()
            XCTAssertEqual(t.rows, c); XCTAssertEqual(t.cols, r)
            for i in 0 ..< r { for j in 0 ..< c { XCTAssertEqual(t[j, i], m[i, j]) } }
            XCTAssertTrue(t.transposed().isBitwiseIdentical(to: m))
        }
    }

    func testRowSlicingAndGather() {
        let m = Matrix<Float>([[0, 1], [10, 11], [20, 21], [30, 31]])
        XCTAssertEqual(m.rows(1 ..< 3), Matrix([[10, 11], [20, 21]]))
        XCTAssertEqual(m.rows(2 ..< 2).rows, 0)
        let perm = [3, 0, 2, 1, 3]
        XCTAssertEqual(m.gatherRows(perm), Matrix([[30, 31], [0, 1], [20, 21], [10, 11], [30, 31]]))
        // Minibatches are slices of a shuffled permutation.
        XCTAssertEqual(m.gatherRows(perm[1 ..< 3]), Matrix([[0, 1], [20, 21]]))
        XCTAssertEqual(m.gatherRows(perm[0 ..< 0]).rows, 0)
        XCTAssertEqual(m.gatherRows(perm[0 ..< 0]).cols, 2)
        let noCols = Matrix<Float>(rows: 3, cols: 0)
        XCTAssertEqual(noCols.gatherRows([2, 1]).rows, 2)
    }

    func testPrecisionConversion() {
        let d = Matrix<Double>([[0.1, -2.5], [1e-50, 3.4028235e38]])
        let f = Matrix<Float>(d)
        XCTAssertEqual(f[0, 0], Float(0.1))
        XCTAssertEqual(f[0, 1], -2.5)
        XCTAssertEqual(f[1, 0], 0)
        XCTAssertEqual(f[1, 1], .greatestFiniteMagnitude)  // rounds to nearest
        // The exact midpoint to 2^128 ties to even: infinity.
        XCTAssertEqual(Matrix<Float>(Matrix<Double>([[3.4028235677973366e38]]))[0, 0], .infinity)
        let back: Matrix<Double> = f.converted()
        XCTAssertEqual(back[0, 0], Double(Float(0.1)))
        XCTAssertTrue(Matrix<Float>(back).isBitwiseIdentical(to: f))
    }

    func testBitwiseIdentityVersusEquality() {
        let a = Matrix<Float>([[0, .nan]])
        let b = Matrix<Float>([[-0.0, .nan]])
        XCTAssertNotEqual(a, Matrix<Float>([[0, .nan]]))  // NaN ≠ NaN numerically
        XCTAssertEqual(Matrix<Float>([[0]]), Matrix<Float>([[-0.0]]))
        XCTAssertTrue(a.isBitwiseIdentical(to: a))
        XCTAssertFalse(a.isBitwiseIdentical(to: b))
        XCTAssertFalse(a.isBitwiseIdentical(to: Matrix(rows: 2, cols: 1, data: [0, .nan])))
    }
}
