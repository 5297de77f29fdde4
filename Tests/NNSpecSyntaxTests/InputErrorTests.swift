import NNSpecSyntax
import XCTest

/// Input libyaml cannot read, or that holds nothing: one error at the position of the problem.
final class InputErrorTests: XCTestCase {
    func testSyntaxErrorIsOneErrorAtLibyamlsPositionWithItsProblemAndContext() {
        let table: [(yaml: String, message: String, at: String)] = [
            ("a: b: c\n", "YAML syntax: mapping values are not allowed in this context", "1:5"),
            ("model:\n  layers: 3\n units: 4\n",
             "YAML syntax: did not find expected key while parsing a block mapping", "3:2"),
            ("a: [1, 2\n", "YAML syntax: did not find expected ',' or ']' while parsing a flow sequence", "2:1"),
            ("a: \"open\n", "YAML syntax: found unexpected end of stream while scanning a quoted scalar", "2:1"),
            ("a: 1\n- b\n", "YAML syntax: did not find expected key while parsing a block mapping", "2:1"),
        ]
        for row in table {
            guard let error = singleError(parse(row.yaml), row.yaml) else { continue }
            XCTAssertEqual(error.message, row.message, row.yaml.debugDescription)
            XCTAssertEqual(error.location?.lineColumn, row.at, row.yaml.debugDescription)
        }
    }

    func testSyntaxErrorNotesWhereTheConstructStarted() {
        guard let error = singleError(parse("a: [1, 2\n"), "unclosed list") else { return }
        XCTAssertEqual(error.notes.map(\.message), ["the flow sequence starts here"])
        XCTAssertEqual(error.notes.first?.location?.lineColumn, "1:4")
    }

    func testTabIndentationIsAnErrorAtTheTabWithAFixIt() {
        let yaml = "model:\n\tunits: 4\n"
        guard let error = singleError(parse(yaml), yaml) else { return }
        XCTAssertTrue(error.message.hasPrefix("YAML syntax: found character that cannot start any token"), error.message)
        XCTAssertEqual(error.location?.lineColumn, "2:1")
        XCTAssertEqual(error.fixIts.map(\.message), ["indent with spaces: YAML does not allow tabs in indentation"])
    }

    func testBytesThatAreNotUTF8AreAnErrorAtTheFirstBadByte() {
        let table: [(bytes: [UInt8], byte: String, at: String)] = [
            (Array("name: caf".utf8) + [0xE9] + Array("\nx: 1\n".utf8), "0xE9", "1:10"),  // Latin-1 é
            (Array("a: 1\nb: ".utf8) + [0xFF], "0xFF", "2:4"),
            (Array("é: ".utf8) + [0xC0, 0x80], "0xC0", "1:4"),                         // overlong NUL
            (Array("a: ".utf8) + [0xED, 0xA0, 0x80], "0xED", "1:4"),                   // UTF-16 surrogate
            ([0xFF, 0xFE] + Array("a\0:\0".utf8), "0xFF", "1:1"),                      // UTF-16 with BOM
            (Array("a: 1\r\nb: ".utf8) + [0xE2, 0x82], "0xE2", "2:4"),                 // truncated sequence
        ]
        for row in table {
            let result = YAMLParser.parse(bytes: row.bytes, file: specFile)
            guard let error = singleError(result, "\(row.bytes)") else { continue }
            XCTAssertEqual(error.message, "file is not valid UTF-8: byte \(row.byte) at \(row.at)")
            XCTAssertEqual(error.location?.lineColumn, row.at)
        }
    }

    func testControlCharacterIsAnErrorAtItsPosition() {
        let yaml = "a: ok\nb: x\u{1}y\n"
        guard let error = singleError(parse(yaml), yaml) else { return }
        XCTAssertEqual(error.message, "YAML syntax: control characters are not allowed (U+0001)")
        XCTAssertEqual(error.location?.lineColumn, "2:5")
    }

    func testFileWithoutContentIsEmpty() {
        let table = ["", "   \n\n", "# just a comment\n# and another\n", "---\n", "---\n...\n", "# c\n---\n# c\n"]
        for yaml in table {
            guard let error = singleError(parse(yaml), yaml) else { continue }
            XCTAssertEqual(error.message, "the spec is empty", yaml.debugDescription)
            XCTAssertEqual(error.location?.lineColumn, "1:1", yaml.debugDescription)
        }
    }

    func testDocumentOfOnlyAnExplicitNullIsNotEmpty() {
        let result = parse("~\n")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.root?.scalarValue, .null)
    }
}
