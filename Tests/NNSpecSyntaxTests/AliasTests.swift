import NNSpecSyntax
import XCTest

/// Aliases are expanded into copies, under a budget of expanded nodes.
final class AliasTests: XCTestCase {
    func testAliasExpandsToACopyThatKeepsTheAnchorsPosition() throws {
        let yaml = """
        dense: &dense {units: 64, activation: relu}
        layers:
          - *dense
          - *dense
        lr: &lr 0.01
        again: *lr
        """
        let result = parse(yaml)
        XCTAssertEqual(result.diagnostics, [])
        let root = try XCTUnwrap(result.root)
        for i in 0..<2 {
            let layer = root.at(["layers", .index(i)])
            XCTAssertEqual(layer?["units"]?.scalarValue, .int(64))
            XCTAssertEqual(layer?["activation"]?.scalarValue, .string("relu"))
            XCTAssertEqual(layer?.location.lineColumn, "1:8")
        }
        XCTAssertEqual(root["again"]?.scalarValue, .float(0.01))
        XCTAssertEqual(root["again"]?.location.lineColumn, "5:5")
    }

    func testLaterAnchorWithTheSameNameReplacesTheEarlierOne() {
        let result = parse("a: &x 1\nb: &x 2\nc: *x\n")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.root?["c"]?.scalarValue, .int(2))
    }

    func testBillionLaughsIsRefusedWithOneErrorAtTheAliasOverBudget() {
        var yaml = "a: &a [" + Array(repeating: "lol", count: 9).joined(separator: ", ") + "]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        // Expanded so far: b 9×10, c 9×91, d 9×820 = 8289 nodes; e's first *d (7381 more) is over 10 000.
        guard let error = singleError(parse(yaml), "billion laughs") else { return }
        XCTAssertEqual(error.message, "alias expansion exceeds 10000 nodes (possible 'billion laughs')")
        XCTAssertEqual(error.location?.lineColumn, "5:8")
    }

    func testBudgetCountsEveryExpandedNode() {
        // Each *x is a list of two: 3 nodes.
        let yaml = "a: &x [1, 2]\nb: *x\nc: *x\n"
        XCTAssertEqual(parse(yaml, budget: 6).diagnostics, [])
        guard let error = singleError(parse(yaml, budget: 5), yaml) else { return }
        XCTAssertEqual(error.message, "alias expansion exceeds 5 nodes (possible 'billion laughs')")
        XCTAssertEqual(error.location?.lineColumn, "3:4")
    }

    func testUndefinedAliasIsAnErrorAtTheAlias() {
        let table: [(yaml: String, message: String, at: String)] = [
            ("a: *nope\n", "undefined alias *nope", "1:4"),
            ("a: *later\nb: &later 1\n", "undefined alias *later", "1:4"),
            ("a:\n  - 1\n  - *missing\n", "undefined alias *missing", "3:5"),
            ("a: &x [1, *x]\n", "alias *x refers to a node that contains it", "1:11"),
        ]
        for row in table {
            guard let error = singleError(parse(row.yaml), row.yaml) else { continue }
            XCTAssertEqual(error.message, row.message, row.yaml.debugDescription)
            XCTAssertEqual(error.location?.lineColumn, row.at, row.yaml.debugDescription)
        }
    }
}
