import NNSpecSyntax
import XCTest

/// Every node carries the file and the 1-based line:col where it starts.
final class NodePositionTests: XCTestCase {
    func testNestedNodesCarryTheLineAndColumnWhereTheyStart() throws {
        let yaml = """
        model:
          layers:
            - units: 64
              activation: relu
            - units: 10
        training: {lr: 0.01, epochs: [1, 2]}
        """
        let result = parse(yaml)
        XCTAssertEqual(result.diagnostics, [])
        let root = try XCTUnwrap(result.root)
        let table: [(path: [PathStep], at: String)] = [
            ([], "1:1"),
            (["model"], "2:3"),
            (["model", "layers"], "3:5"),
            (["model", "layers", 0], "3:7"),
            (["model", "layers", 0, "units"], "3:14"),
            (["model", "layers", 0, "activation"], "4:19"),
            (["model", "layers", 1], "5:7"),
            (["model", "layers", 1, "units"], "5:14"),
            (["training"], "6:11"),
            (["training", "lr"], "6:16"),
            (["training", "epochs"], "6:30"),
            (["training", "epochs", 1], "6:34"),
        ]
        for row in table {
            let node = root.at(row.path)
            XCTAssertEqual(node?.location.lineColumn, row.at, "\(row.path)")
            XCTAssertEqual(node?.location.file, specFile)
        }
        let activationKey = root.at(["model", "layers", 0])?.mapping?.last?.key
        XCTAssertEqual(activationKey?.scalarText, "activation")
        XCTAssertEqual(activationKey?.location.lineColumn, "4:7")
    }

    func testPositionsCountCharactersAndAllowCRLFAndEmptyValues() {
        let table: [(yaml: String, path: [PathStep], at: String)] = [
            ("é: x", ["é"], "1:4"),
            ("a: 1\r\nb: 2\r\n", ["b"], "2:4"),
            ("a:\nb: 1", ["a"], "1:3"),
            ("a: |\n  text\n", ["a"], "1:4"),
        ]
        for row in table {
            let result = parse(row.yaml)
            XCTAssertEqual(result.diagnostics, [], row.yaml.debugDescription)
            XCTAssertEqual(result.root?.at(row.path)?.location.lineColumn, row.at, row.yaml.debugDescription)
        }
    }

    func testMappingKeepsKeysInFileOrder() {
        let result = parse("b: 1\na: 2\nc: 3\n")
        XCTAssertEqual(result.root?.mapping?.map(\.name), ["b", "a", "c"])
    }
}
