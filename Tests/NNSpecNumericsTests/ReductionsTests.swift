import XCTest
import NNSpecNumerics

final class ReductionsTests: XCTestCase {
    func testAscendingIsLeftToRight() {
        let m: Matrix<Float> = randomMatrix(13, 29, seed: 8)
        var s: Float = 0, sq: Float = 0, ab: Float = 0
        for v in m.data {
            s = s + v
            let v2 = v * v
            sq = sq + v2
            ab = ab + abs(v)
        }
        XCTAssertEqual(m.sum().bitPattern, s.bitPattern)
        XCTAssertEqual(m.sumOfSquares().bitPattern, sq.bitPattern)
        XCTAssertEqual(m.sumOfAbs().bitPattern, ab.bitPattern)
        XCTAssertEqual(Reductions.dot(m.data, m.data).bitPattern, sq.bitPattern)
        // Row sums: each row left to right.
        for i in 0 ..< m.rows {
            var r: Float = 0
            for v in m.row(i) { r = r + v }
            XCTAssertEqual(m.rowSums()[i].bitPattern, r.bitPattern)
        }
    }

    func testColumnSumsAscendingRows() {
        let m: Matrix<Double> = randomMatrix(301, 7, seed: 9)
        let cs = m.columnSums()
        for j in 0 ..< 7 {
            var s = 0.0
            for i in 0 ..< 301 { s = s + m[i, j] }
            XCTAssertEqual(cs[j].bitPattern, s.bitPattern)
            XCTAssertEqual(m.columnMeans()[j], s / 301)
        }
        XCTAssertEqual(Matrix<Float>(rows: 0, cols: 3).columnSums(), [0, 0, 0])
        XCTAssertEqual(Matrix<Float>(rows: 3, cols: 0).columnSums(), [])
    }

    func testPairwiseStructure() {
        // n < 8: left to right from 0.
        let small: [Double] = [1e16, 1, -1e16, 1]
        XCTAssertEqual(Reductions.sum(small, order: .numpyPairwise), ((((0 + 1e16) + 1) - 1e16) + 1))
        // 8 ≤ n ≤ 128: 8 strided partial sums, tree, then the tail.
        let x = (0 ..< 21).map { Double($0) * 1.1 + 1e15 * Double($0 % 3) }
        var r = Array(x[0 ..< 8])
        for j in 0 ..< 8 { r[j] = r[j] + x[8 + j] }
        var expected = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for i in 16 ..< 21 { expected = expected + x[i] }
        XCTAssertEqual(Reductions.sum(x, order: .numpyPairwise), 0 + expected)
        // Empty.
        XCTAssertEqual(Reductions.sum([Float](), order: .numpyPairwise), 0)
        XCTAssertEqual(Reductions.sum([Float]()), 0)
    }

    func testRowMaxima() {
        let m = Matrix<Float>([[1, 5, 5], [-3, -2, -9], [0, .nan, 7]])
        XCTAssertEqual(m.rowMaxima()[0], 5)
        XCTAssertEqual(m.rowMaxima()[1], -2)
        XCTAssertTrue(m.rowMaxima()[2].isNaN)
        XCTAssertEqual(Reductions.max([Float]()), nil)
    }
}
