import NNSpecData
import NNSpecIR
import NNSpecSyntax
import XCTest

/// Array expressions: NumPy results, and errors at the expression naming the shapes.
final class ExpressionTests: XCTestCase {
    private func evaluate(_ arrays: String, _ expr: String, line: UInt = #line) throws -> DataArray {
        let text = specText(data: "  arrays:\n" + arrays + "  inputs: \(expr)\n  targets: \(expr)\n")
        let spec = try XCTUnwrap(loadSpec(text, line: line))
        return try XCTUnwrap(materialize(spec, line: line)).trainInputs
    }

    func testBroadcastingScalarsColumnsAndRowsAsNumPy() throws {
        let arrays = """
                M: [[1, 2, 3], [4, 5, 6]]
                c: [[10], [20]]
                r: [100, 200, 300]
                v: [1, 2]
            """ + "\n"
        XCTAssertEqual(try evaluate(arrays, "{multiply: [M, 2]}").values, [2, 4, 6, 8, 10, 12])
        XCTAssertEqual(try evaluate(arrays, "{add: [M, c]}"), DataArray(rows: 2, columns: 3, values: [11, 12, 13, 24, 25, 26]))
        XCTAssertEqual(try evaluate(arrays, "{subtract: [M, r]}").values, [-99, -198, -297, -96, -195, -294])
        XCTAssertEqual(try evaluate(arrays, "{divide: [1, v]}"), DataArray(vector: [1, 0.5]))
        XCTAssertEqual(try evaluate(arrays, "{greater: [M, 3]}").values, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(try evaluate(arrays, "{less: [v, [2, 2]]}").values, [1, 0])
    }

    func testShapeOperationsFollowNumPy() throws {
        let arrays = """
                M: [[1, 2, 3], [4, 5, 6]]
                v: [7, 8]
            """ + "\n"
        XCTAssertEqual(try evaluate(arrays, "{repeat: {of: M, times: 2}}"),
                       DataArray(rows: 4, columns: 3, values: [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]), "np.repeat(M, 2, axis=0)")
        XCTAssertEqual(try evaluate(arrays, "{repeat: {of: v, times: 3}}"), DataArray(vector: [7, 7, 7, 8, 8, 8]), "np.repeat(v, 3)")
        XCTAssertEqual(try evaluate(arrays, "{concat: {of: [M, M], axis: 1}}"),
                       DataArray(rows: 2, columns: 6, values: [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]))
        XCTAssertEqual(try evaluate(arrays, "{concat: [v, v]}"), DataArray(vector: [7, 8, 7, 8]))
        XCTAssertEqual(try evaluate(arrays, "{column: {of: M, index: 1}}"), DataArray(column: [2, 5]), "keepdims defaults to true")
        XCTAssertEqual(try evaluate(arrays, "{column: {of: M, index: 1, keepdims: false}}"), DataArray(vector: [2, 5]))
        XCTAssertEqual(try evaluate(arrays, "{columns: {of: M, indices: [2, 0]}}"), DataArray(rows: 2, columns: 2, values: [3, 1, 6, 4]))
        XCTAssertEqual(try evaluate(arrays, "{reshape: {of: M, shape: [-1, 1]}}"), DataArray(column: [1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(try evaluate(arrays, "{reshape: {of: M, shape: [3, -1]}}").shape, [3, 2])
        XCTAssertEqual(try evaluate(arrays, "{apply: {fn: square, of: v}}"), DataArray(vector: [49, 64]))
        XCTAssertEqual(try evaluate(arrays, "{apply: {fn: negative, of: v}}"), DataArray(vector: [-7, -8]))
        XCTAssertEqual(try evaluate(arrays, "{apply: {fn: sigmoid, of: [0]}}"), DataArray(vector: [0.5]))
    }

    /// Each row: the data section (starting on line 3 of the spec), the error, its line:col.
    /// `ShapeCheck` (no data generated) and `DataLoader` (data generated) must agree.
    func testShapeErrorsAreDiagnosticsAtTheExpressionNamingTheShapes() throws {
        let rows: [(data: String, message: String, at: [Int])] = [
            ("""
                  arrays:
                    X: {rand: [100, 10]}
                  inputs: X
                  targets: {subtract: [{column: {of: X, index: 0, keepdims: false}}, {column: {of: X, index: 0}}]}
                """,
             "subtract of shapes (100,) and (100, 1) would broadcast to (100, 100), pairing every element of one with every element of the other",
             [6, 13]),
            ("""
                  inputs: {add: [{rand: [5, 3]}, {rand: [5, 2]}]}
                  targets: {rand: [5, 1]}
                """,
             "cannot add arrays of shapes (5, 3) and (5, 2): the dimensions 3 and 2 do not match", [3, 12]),
            ("""
                  inputs:
                    concat:
                      - {rand: [5, 3]}
                      - {rand: [5, 2]}
                  targets: {rand: [10, 1]}
                """,
             "concat along axis 0: part 0 has shape (5, 3) but part 1 has shape (5, 2)", [4, 5]),
            ("""
                  inputs: {rand: [5, 3]}
                  targets: {column: {of: {rand: [5, 3]}, index: 3}}
                """,
             "column index 3 is out of range for shape (5, 3) (3 columns)", [4, 13]),
            ("""
                  inputs: {rand: [5, 3]}
                  targets: {reshape: {of: {rand: [5, 3]}, shape: [4, -1]}}
                """,
             "cannot reshape an array of shape (5, 3) (15 elements) into (4, -1)", [4, 13]),
            ("""
                  inputs: {rand: [5, 3]}
                  targets: {column: {of: {rand: 5}, index: 0}}
                """,
             "column needs a 2-D array, got shape (5,)", [4, 13]),
            ("""
                  inputs: {rand: [5, 3]}
                  targets: 1.5
                """,
             "data.targets must be a vector or a matrix, got a scalar", [4, 12]),
        ]
        for row in rows {
            let spec = try XCTUnwrap(loadSpec(specText(data: row.data)), row.data)
            let fromData = materializeErrors(spec)
            XCTAssertEqual(fromData.map(\.message), [row.message], row.data)
            XCTAssertEqual(fromData.first?.location?.lineColumn, row.at, row.data)
            let fromCheck = ShapeCheck.diagnostics(for: spec)
            XCTAssertEqual(fromCheck.map(\.message), [row.message], "ShapeCheck: " + row.data)
            XCTAssertEqual(fromCheck.first?.location?.lineColumn, row.at, "ShapeCheck: " + row.data)
        }
    }

    func testAnErrorInADefinitionIsReportedOnceNotAtEachUse() throws {
        let spec = try XCTUnwrap(loadSpec(specText(data: """
              arrays:
                X: {add: [{rand: [5, 3]}, {rand: [4, 3]}]}
              inputs: X
              targets: {column: {of: X, index: 0}}
            """)))
        XCTAssertEqual(materializeErrors(spec).count, 1)
        XCTAssertEqual(ShapeCheck.diagnostics(for: spec).count, 1)
    }

    func testRowCountMismatchIsAnErrorAtTheTargets() throws {
        let spec = try XCTUnwrap(loadSpec(specText(data: """
              inputs: {rand: [10, 2]}
              targets: {rand: [8, 1]}
            """)))
        let message = "data.targets has 8 rows (shape (8, 1)) but data.inputs has 10 (shape (10, 2))"
        for diagnostics in [materializeErrors(spec), ShapeCheck.diagnostics(for: spec)] {
            XCTAssertEqual(diagnostics.map(\.message), [message])
            XCTAssertEqual(diagnostics.first?.location?.lineColumn, [4, 13])
            XCTAssertEqual(diagnostics.first?.notes.first?.location?.lineColumn, [3, 12])
        }
    }
}
