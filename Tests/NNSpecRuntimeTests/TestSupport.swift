import NNSpecIR
import NNSpecRuntime
import XCTest

/// A spec from YAML text. The `data:` section is a placeholder: tests hand the arrays to the
/// runner directly.
/// `specFile` is the path the spec claims to live at: relative file paths in it resolve against
/// its directory.
func makeSpec(_ yaml: String, specFile: String = "test.yaml", file: StaticString = #filePath, line: UInt = #line) throws -> Spec {
    let text = "nnspec: 1\ndata: {inputs: [[0.0]], targets: [0.0]}\n" + yaml
    let loaded = SpecLoader.load(text: text, file: specFile)
    guard let spec = loaded.spec else {
        let messages = loaded.diagnostics.map { "\($0)" }.joined(separator: "\n")
        XCTFail("spec did not load:\n\(messages)", file: file, line: line)
        throw RunError("spec did not load")
    }
    return spec
}

/// Relative difference with a floor of 1 on the scale, so values near zero compare absolutely.
func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(1, abs(b))
}
