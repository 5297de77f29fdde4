import NNSpecData
import NNSpecIR
import NNSpecSyntax
import XCTest

/// Image inputs: `reshape` to 3 or 4 dimensions makes samples of that shape, whose rows are the
/// same values in C order; splits keep the sample shape; arithmetic and joins refuse them, and
/// `check` says so where `run` would.
final class ImageArrayTests: XCTestCase {
    func testReshapeToImagesKeepsTheValuesAndSplitsKeepTheSampleShape() throws {
        let text = specText(data: """
              arrays:
                X: {reshape: {of: {arange: {start: 0, stop: 24}}, shape: [4, 6]}}
              inputs: {reshape: {of: X, shape: [-1, 2, 3, 1]}}
              targets: {rand: [4, 1]}
              split: {kind: head, train: 3}
            """)
        let spec = try XCTUnwrap(loadSpec(text))
        XCTAssertEqual(ShapeCheck.diagnostics(for: spec).map(\.message), [])
        let data = try XCTUnwrap(materialize(spec))
        XCTAssertEqual(data.trainInputs.shape, [3, 2, 3, 1])
        XCTAssertEqual(data.trainInputs.columns, 6)
        XCTAssertEqual(data.trainInputs.sampleShape, [2, 3, 1])
        XCTAssertEqual(data.trainInputs.values, (0 ..< 18).map(Double.init))
        XCTAssertEqual(data.testInputs?.shape, [1, 2, 3, 1])
        XCTAssertEqual(data.testInputs?.values, (18 ..< 24).map(Double.init))
    }

    func testArithmeticOnImagesAndImageTargetsAreLocatedErrors() throws {
        let rows: [(data: String, message: String, at: [Int])] = [
            ("""
                  inputs: {multiply: [{reshape: {of: {rand: [4, 6]}, shape: [-1, 2, 3]}}, 2]}
                  targets: {rand: [4, 1]}
                """, "multiply works on vectors and matrices, but an operand has shape (4, 2, 3)", [3, 12]),
            ("""
                  inputs: {reshape: {of: {rand: [4, 6]}, shape: [-1, 4611686018427387904, 4, 1]}}
                  targets: {rand: [4, 1]}
                """, "cannot reshape an array of shape (4, 6) (24 elements) into (-1, 4611686018427387904, 4, 1)", [3, 12]),
            ("""
                  inputs: {rand: [4, 6]}
                  targets: {reshape: {of: {rand: [4, 6]}, shape: [4, 2, 3]}}
                """, "data.targets must be a vector or a matrix, got shape (4, 2, 3)", [4, 13]),
        ]
        for row in rows {
            let spec = try XCTUnwrap(loadSpec(specText(data: row.data)), row.data)
            let fromCheck = ShapeCheck.diagnostics(for: spec)
            XCTAssertEqual(fromCheck.map(\.message), [row.message], row.data)
            XCTAssertEqual(fromCheck.first?.location?.lineColumn, row.at, row.data)
            if row.at[0] == 3 {
                // What run reports, materializing the inputs, is the same error at the same place.
                XCTAssertEqual(materializeErrors(spec).map(\.message), [row.message], row.data)
            }
        }
    }
}
