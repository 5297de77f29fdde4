import NNSpecSyntax
import XCTest

/// Front-end diagnostics render as the compiler's do: message, source line, caret, notes, fix-its.
final class DiagnosticRenderingTests: XCTestCase {
    func testFrontEndErrorsRenderWithTheSourceLineAndACaretUnderTheColumn() {
        let table: [(yaml: String, rendered: String)] = [
            ("a: b: c\n", """
            spec.yaml:1:5: error[yaml-syntax]: YAML syntax: mapping values are not allowed in this context
            a: b: c
                ^

            """),
            ("lr: 0.1\nepochs: 3\nlr: 0.2\n", """
            spec.yaml:3:1: error[yaml-duplicate-key]: duplicate key 'lr' in this mapping
            lr: 0.2
            ^
            spec.yaml:1:1: note: 'lr' was first defined here

            """),
            ("model:\n\tunits: 4\n", """
            spec.yaml:2:1: error[yaml-syntax]: YAML syntax: found character that cannot start any token while scanning for the next token
            \tunits: 4
            ^
            fix-it: indent with spaces: YAML does not allow tabs in indentation

            """),
        ]
        for row in table {
            let result = parse(row.yaml)
            let renderer = DiagnosticRenderer(sources: [specFile: row.yaml])
            XCTAssertEqual(renderer.render(result.diagnostics), row.rendered, row.yaml.debugDescription)
        }
    }
}
