import NNSpecSyntax
import XCTest

/// The parser never traps: any input gives a tree or at least one error.
final class RobustnessTests: XCTestCase {
    func testEveryPrefixOfASpecGivesATreeOrAnError() {
        let spec = """
        %YAML 1.2
        ---
        name: "mlp — ünïcode"
        base: &base {units: 32, activation: !!str relu}
        model:
          layers:
            - *base
            - {units: 10, init: [0x10, 0o7, .inf, -1e-3, ~]}
          notes: |
            multi
            line
        training: !!map
          ? lr
          : 0.01
          flags: ['a', "b\\tc", plain text]
        ...
        """
        let bytes = Array(spec.utf8)
        for end in 0...bytes.count {
            let result = YAMLParser.parse(bytes: Array(bytes[..<end]), file: specFile)
            XCTAssertTrue(result.root != nil || result.hasErrors, "prefix of \(end) bytes")
            XCTAssertEqual(result.root == nil, result.hasErrors, "prefix of \(end) bytes")
        }
        let full = YAMLParser.parse(bytes: bytes, file: specFile)
        XCTAssertEqual(full.diagnostics, [])
        XCTAssertEqual(full.root?.at(["model", "layers", 1, "init", 0])?.scalarValue, .int(16))
    }

    func testOddInputsNeverTrap() {
        let inputs = ["\0", "&a", "*a", "!", "? ", ": ", "- - - -", "{", "}", "[", "]", "'", "\"\\", "|", ">-\n",
                      "a: &", "a: *", "%YAML 9.9\n---\na", "%FOO\n", "\u{FEFF}a: 1", "\u{85}a: 1", "a:\u{2028}1",
                      "@", "`", "a: !!int", "a: !!float -", "? ? ? a", "[*a]", "&a &b c", "-\t- x"]
        for input in inputs {
            let result = parse(input)
            XCTAssertEqual(result.root == nil, result.hasErrors, input.debugDescription)
        }
    }
}
