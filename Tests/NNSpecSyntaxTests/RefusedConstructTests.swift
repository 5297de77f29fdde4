import NNSpecSyntax
import XCTest

/// Constructs a spec may not use: each is one error at the offending node.
final class RefusedConstructTests: XCTestCase {
    func testDuplicateKeyIsAnErrorAtTheSecondKeyWithANoteAtTheFirst() {
        let table: [(yaml: String, message: String, at: String, first: String)] = [
            ("lr: 0.1\nepochs: 3\nlr: 0.2\n", "duplicate key 'lr' in this mapping", "3:1", "1:1"),
            ("model:\n  units: 4\n  units: 5\n", "duplicate key 'units' in this mapping", "3:3", "2:3"),
            ("{a: 1, a: 2}", "duplicate key 'a' in this mapping", "1:8", "1:2"),
            ("a: 1\n\"a\": 2\n", "duplicate key 'a' in this mapping", "2:1", "1:1"),
            // Same value, different spelling.
            ("1: x\n0x1: y\n", "duplicate key '0x1' in this mapping", "2:1", "1:1"),
            ("~: x\nnull: y\n", "duplicate key 'null' in this mapping", "2:1", "1:1"),
        ]
        for row in table {
            guard let error = singleError(parse(row.yaml), row.yaml) else { continue }
            XCTAssertEqual(error.message, row.message, row.yaml.debugDescription)
            XCTAssertEqual(error.location?.lineColumn, row.at, row.yaml.debugDescription)
            XCTAssertEqual(error.notes.count, 1, row.yaml.debugDescription)
            XCTAssertEqual(error.notes.first?.location?.lineColumn, row.first, row.yaml.debugDescription)
            XCTAssertTrue(error.notes.first?.message.contains("first defined here") ?? false)
        }
    }

    func testSameKeyInDifferentMappingsIsNotADuplicate() {
        let result = parse("a:\n  units: 1\nb:\n  units: 2\n")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertNotNil(result.root)
    }

    func testEveryDuplicateInAFileIsReported() {
        let result = parse("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
        XCTAssertEqual(result.diagnostics.map { $0.location?.lineColumn }, ["2:1", "5:3"])
        XCTAssertNil(result.root)
    }

    func testSecondDocumentIsAnErrorAtItsStart() {
        let table: [(yaml: String, at: String, first: String)] = [
            ("a: 1\n---\nb: 2\n", "2:1", "1:1"),
            ("---\na: 1\n---\nb: 2\n", "3:1", "1:1"),
            ("# header\na: 1\n...\n---\nb: 2\n", "4:1", "2:1"),
            ("a: 1\n---\n", "2:1", "1:1"),
        ]
        for row in table {
            guard let error = singleError(parse(row.yaml), row.yaml) else { continue }
            XCTAssertEqual(error.message, "a spec file holds one YAML document, but a second one starts here")
            XCTAssertEqual(error.location?.lineColumn, row.at, row.yaml.debugDescription)
            XCTAssertEqual(error.notes.first?.location?.lineColumn, row.first, row.yaml.debugDescription)
        }
    }

    func testTagsOutsideTheCoreSchemaAreUnknown() {
        let table: [(yaml: String, message: String, at: String)] = [
            ("a: !foo bar", "unknown tag !foo", "1:4"),
            ("a: !foo {x: 1}", "unknown tag !foo", "1:4"),
            ("a:\n  - !foo [1]", "unknown tag !foo", "2:5"),
            ("a: !!binary aGk=", "unknown tag !!binary", "1:4"),
            ("a: !!timestamp 2024-01-01", "unknown tag !!timestamp", "1:4"),
            ("a: ! x", "unknown tag !", "1:4"),
            ("a: !<tag:example.com,2024:x> 1", "unknown tag !<tag:example.com,2024:x>", "1:4"),
            ("%TAG !e! tag:example.com,2024:\n---\na: !e!layer x", "unknown tag !<tag:example.com,2024:layer>", "3:4"),
        ]
        for row in table {
            guard let error = singleError(parse(row.yaml), row.yaml) else { continue }
            XCTAssertEqual(error.message, row.message, row.yaml.debugDescription)
            XCTAssertEqual(error.location?.lineColumn, row.at, row.yaml.debugDescription)
        }
    }

    func testCoreCollectionTagsAreAccepted() {
        let result = parse("a: !!map {x: 1}\nb: !!seq [1]\n")
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.root?["b"]?.sequence?.count, 1)
    }

    func testNonScalarMappingKeysAreRefused() {
        let table: [(yaml: String, message: String, at: String)] = [
            ("? [a, b]\n: 1\n", "a mapping key must be a scalar, not a list", "1:3"),
            ("{[a]: 1}", "a mapping key must be a scalar, not a list", "1:2"),
            ("? {x: 1}\n: 1\n", "a mapping key must be a scalar, not a mapping", "1:3"),
        ]
        for row in table {
            guard let error = singleError(parse(row.yaml), row.yaml) else { continue }
            XCTAssertEqual(error.message, row.message, row.yaml.debugDescription)
            XCTAssertEqual(error.location?.lineColumn, row.at, row.yaml.debugDescription)
        }
    }

    func testMergeKeyIsRefusedButAQuotedLessLessIsAnOrdinaryKey() {
        let yaml = "base: &b {units: 4}\nlayer:\n  <<: *b\n  units: 5\n"
        if let error = singleError(parse(yaml), yaml) {
            XCTAssertTrue(error.message.hasPrefix("merge keys ('<<') are not supported"), error.message)
            XCTAssertEqual(error.location?.lineColumn, "3:3")
            XCTAssertFalse(error.fixIts.isEmpty)
        }
        let quoted = parse("\"<<\": 1\n")
        XCTAssertEqual(quoted.diagnostics, [])
        XCTAssertEqual(quoted.root?["<<"]?.scalarValue, .int(1))
    }

    func testNestingDeeperThanTheLimitIsRefusedWithoutTrapping() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = parse(deep)
        if let error = singleError(result, "100 000 nested lists") {
            XCTAssertEqual(error.message, "nesting is deeper than 256 levels")
            XCTAssertEqual(error.location?.lineColumn, "1:257")
        }
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        XCTAssertEqual(parse(ok).diagnostics, [])
    }
}
