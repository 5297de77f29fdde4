import NNSpecSyntax
import XCTest

/// A scalar knows its exact bytes in the file, so a fix-it can replace it and nothing else.
final class SourceRangeTests: XCTestCase {
    /// The text of `node` in `text`, by its byte range.
    func slice(_ text: String, _ node: Node?) throws -> String {
        let r = try XCTUnwrap(node?.range, "no range")
        return String(decoding: Array(text.utf8)[r.bytes], as: UTF8.self)
    }

    func testScalarRangesCoverExactlyTheWrittenText() throws {
        let text = """
        # a comment: with colons
        model:
          layers:
            - {units: 64, activation: relu}   # hidden
            - units: 'ten'
              name: "é ü"
        optimizer: {learning_rate: 1.5e-3}
        """
        let root = try XCTUnwrap(parse(text).root)
        XCTAssertEqual(try slice(text, root.descendant("model.layers[0].activation")), "relu")
        XCTAssertEqual(try slice(text, root.descendant("model.layers[0].units")), "64")
        XCTAssertEqual(try slice(text, root.descendant("model.layers[1].units")), "'ten'")
        XCTAssertEqual(try slice(text, root.descendant("model.layers[1].name")), "\"é ü\"")
        XCTAssertEqual(try slice(text, root.descendant("optimizer.learning_rate")), "1.5e-3")
        let r = try XCTUnwrap(root.descendant("model.layers[0].activation")?.range)
        XCTAssertEqual(r.description, "spec.yaml:4:31-4:35")
        XCTAssertEqual(r.location, root.descendant("model.layers[0].activation")?.location)
        XCTAssertNil(root.descendant("model")?.range, "collections have no replaceable text")
        XCTAssertNil(root.descendant("model.layers[2]"))
        XCTAssertNil(root.descendant("model.layers[0].nope"))
    }

    func testOffsetsCountBytesAfterMultibyteCharactersAndAByteOrderMark() throws {
        let text = "\u{FEFF}name: \"ü\"\nlr: 0.1\n"
        let root = try XCTUnwrap(parse(text).root)
        XCTAssertEqual(try slice(text, root["lr"]), "0.1")
        XCTAssertEqual(try slice(text, root["name"]), "\"ü\"")
    }

    /// Offsets are found from the previous scalar's, so a long flow line costs its length once;
    /// they must still be exact at its far end and after multibyte text on it.
    func testOffsetsStayExactAlongALongLine() throws {
        let items = (0..<20_000).map { $0 % 7 == 0 ? "\"é\($0)\"" : "\($0)" }
        let text = "a: [" + items.joined(separator: ", ") + "]\nb: ok\n"
        let root = try XCTUnwrap(parse(text).root)
        XCTAssertEqual(try slice(text, root.descendant("a[19998]")), "19998")
        XCTAssertEqual(try slice(text, root.descendant("a[19999]")), "\"é19999\"")
        XCTAssertEqual(try slice(text, root["b"]), "ok")
    }

    func testAliasCopiesCannotBeEditedInPlace() throws {
        let text = "a: &x {act: relu}\nb: *x\n"
        let root = try XCTUnwrap(parse(text).root)
        XCTAssertNotNil(root.descendant("a.act")?.range)
        XCTAssertNil(root.descendant("b.act")?.range, "editing the copy would edit the anchor, and every other alias of it")
    }

    func testEditsReplaceOnlyTheirRangesAndSkipOverlaps() throws {
        let text = "a: relu   # keep me\nb: [1, 2]\n"
        let root = try XCTUnwrap(parse(text).root)
        let a = try XCTUnwrap(root["a"]?.range), one = try XCTUnwrap(root.descendant("b[0]")?.range)
        let edits = [SourceEdit(range: one, text: "10"), SourceEdit(range: a, text: "tanh"), SourceEdit(range: a, text: "sigmoid")]
        let result = SourceEdit.apply(edits, to: Array(text.utf8))
        XCTAssertEqual(String(decoding: result.bytes, as: UTF8.self), "a: tanh   # keep me\nb: [10, 2]\n")
        XCTAssertEqual(result.applied.map(\.text), ["tanh", "10"])
        XCTAssertEqual(result.skipped.map(\.text), ["sigmoid"], "a second edit of the same bytes is refused")
        var past = a
        past.end.offset = 10_000
        XCTAssertEqual(SourceEdit.apply([SourceEdit(range: past, text: "x")], to: Array(text.utf8)).skipped.count, 1)
    }
}

/// The catalogue of diagnostic ids: each documented once, stable in form.
final class DiagnosticCodeTests: XCTestCase {
    func testEveryCodeIsDocumentedAndNamedAfterItsStage() {
        for code in DiagnosticCode.allCases {
            let id = code.rawValue
            XCTAssert(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id): ids are kebab-case")
            XCTAssertFalse(code.summary.isEmpty || code.summary.contains("\n"), "\(id): one-line summary")
            XCTAssertGreaterThan(code.explanation.count, 80, "\(id): say what causes it and how to fix it")
            let prefixes = ["yaml": ["yaml-"], "spec": ["spec-"], "data": ["data-", "shape-"], "plan": ["plan-"], "run": ["run-"],
                            "command": ["export-", "plot-", "sweep-", "results-", "io-", "usage"]][code.stage] ?? []
            XCTAssert(prefixes.contains { id.hasPrefix($0) }, "\(id) is reported by the \(code.stage) stage")
        }
        XCTAssertEqual(Set(DiagnosticCode.allCases.map(\.rawValue)).count, DiagnosticCode.allCases.count)
    }

    func testFrontEndDiagnosticsCarryTheirCode() {
        let table: [(String, DiagnosticCode)] = [
            ("a: b: c\n", .yamlSyntax), ("a: 1\na: 2\n", .yamlDuplicateKey), ("a: 1\n---\nb: 2\n", .yamlMultipleDocuments),
            ("", .yamlEmpty), ("a: !foo 1\n", .yamlUnsupported), ("a: *nope\n", .yamlAlias), ("a: !!int x\n", .yamlScalar),
        ]
        for (yaml, code) in table {
            XCTAssertEqual(parse(yaml).diagnostics.map(\.code), [code], yaml.debugDescription)
        }
        XCTAssertEqual(YAMLParser.parse(bytes: [0x61, 0x3A, 0x20, 0xFF], file: specFile).diagnostics.map(\.code), [.yamlEncoding])
    }

    func testTheCodeShowsInTheRenderedLineAndWholeFileLocationsHaveNoPosition() {
        let d = Diagnostic(.runNoRows, "the training data has no rows", at: .file("specs/x.yaml"))
        XCTAssertEqual(d.description, "specs/x.yaml: error[run-no-rows]: the training data has no rows")
        XCTAssertEqual(DiagnosticRenderer(sources: ["specs/x.yaml": "a: 1\n"]).render(d), d.description + "\n")
        XCTAssertEqual(Diagnostic(.runDiverged, "loss is nan", at: nil).severity, .warning)
    }
}
