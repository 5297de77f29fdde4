import Foundation
import NNSpecIR
import NNSpecSyntax
import XCTest

/// grammar/nnspec.schema.json (for editors) and the parser must describe one language.
final class GrammarTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func schema() throws -> [String: JSONValue] {
        let data = try Data(contentsOf: Self.repoRoot.appendingPathComponent("grammar/nnspec.schema.json"))
        return try XCTUnwrap(JSONDecoder().decode(JSONValue.self, from: data).object)
    }

    func testEveryObjectTheParserReadsDeclaresTheSameKeysInTheSchema() throws {
        let defs = try XCTUnwrap(schema()["$defs"]?.object)
        for (object, keys) in Grammar.objects {
            let props = try XCTUnwrap(defs[object]?.object?["properties"]?.object, "schema lacks $defs/\(object)")
            XCTAssertEqual(Set(props.keys), Set(keys), "keys of \(object) differ between Grammar and the schema")
        }
    }

    func testEverySchemaObjectIsOneTheParserReads() throws {
        let defs = try XCTUnwrap(schema()["$defs"]?.object)
        let objectDefs = defs.filter { $0.value.object?["properties"] != nil }.map(\.key)
        XCTAssertEqual(Set(objectDefs), Set(Grammar.objects.keys))
    }

    func testEveryGrammarKeyIsDocumentedInTheReference() throws {
        let reference = try String(contentsOf: Self.repoRoot.appendingPathComponent("grammar/README.md"), encoding: .utf8)
        for (object, keys) in Grammar.objects {
            for key in keys {
                XCTAssertTrue(reference.contains("`\(key)`"), "grammar/README.md does not document \(object).\(key)")
            }
        }
    }

    func testEveryCheckedInSpecValidatesAgainstTheSchemaAndLoads() throws {
        let validator = MiniSchemaValidator(root: try schema())
        let dir = Self.repoRoot.appendingPathComponent("specs")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let path = dir.appendingPathComponent(f).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let parsed = YAMLParser.parse(text, file: path)
            let root = try XCTUnwrap(parsed.root, "\(f): \(parsed.diagnostics)")
            XCTAssertEqual(validator.validate(root), [], f)
            let loaded = SpecLoader.load(path: path)
            XCTAssertTrue(loaded.spec != nil, "\(f): \(loaded.diagnostics.map(\.description))")
        }
    }

    func testTheSchemaRejectsWhatTheParserRejects() throws {
        let validator = MiniSchemaValidator(root: try schema())
        let bad = """
        data: {inputs: [[1]], targets: [[1]]}
        model: {layers: [{units: 0, activaton: relu}]}
        loss: mse
        """
        let root = try XCTUnwrap(YAMLParser.parse(bad, file: "bad.yaml").root)
        let errors = validator.validate(root)
        XCTAssertTrue(errors.contains { $0.contains("'activaton' is not allowed") }, "\(errors)")
        XCTAssertTrue(errors.contains { $0.contains("0.0 < minimum 1.0") }, "\(errors)")
        XCTAssertNil(SpecLoader.load(text: bad, file: "bad.yaml").spec)
    }
}
