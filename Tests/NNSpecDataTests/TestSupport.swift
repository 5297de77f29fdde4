import Foundation
import NNSpecData
import NNSpecIR
import NNSpecSyntax
import XCTest

/// The parity fixtures written by parity/data_fixtures.py.
enum Fixtures {
    static let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    nonisolated(unsafe) static let json: [String: Any] = {
        let data = try! Data(contentsOf: url.appendingPathComponent("data_fixtures.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static func npy(_ name: String) -> String { url.appendingPathComponent("npy/\(name)").path }
}

/// A float64 from its bit pattern in 16 hex digits.
func double(hex: String) -> Double { Double(bitPattern: UInt64(hex, radix: 16)!) }
func doubles(hex: Any?) -> [Double] { (hex as! [String]).map(double(hex:)) }

/// An array fixture `{"shape": [...], "values": [hex...]}`.
func dataArray(_ any: Any?) -> DataArray {
    let d = any as! [String: Any]
    return DataArray(shape: d["shape"] as! [Int], values: doubles(hex: d["values"]))
}

/// FNV-1a 64 over the little-endian bytes of the values (as the fixture script computes it).
func fnv1a64(_ values: [Double]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for v in values {
        var bits = v.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { for b in $0 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
    }
    let s = String(h, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}

/// Bit-for-bit equality with the first differing element in the message.
func XCTAssertBitEqual(_ actual: DataArray?, _ expected: DataArray, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else { return XCTFail("\(what): missing", file: file, line: line) }
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    XCTAssertBitEqual(actual.values, expected.values, what, file: file, line: line)
}

func XCTAssertBitEqual(_ actual: [Double], _ expected: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        return XCTFail("\(what): \(actual.count) values, expected \(expected.count)", file: file, line: line)
    }
    if let i = actual.indices.first(where: { actual[$0].bitPattern != expected[$0].bitPattern }) {
        XCTFail("\(what): element \(i) is \(actual[i]) (\(String(actual[i].bitPattern, radix: 16))), NumPy has \(expected[i]) (\(String(expected[i].bitPattern, radix: 16)))", file: file, line: line)
    }
}

/// The repository root, found from this file's path (Tests/NNSpecDataTests/…).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-data-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}

/// Builds a spec from YAML text. `data` is the body of the `data:` mapping (indented by the
/// caller as it would be under `data:`), `layers` the model's layer list items.
func specText(data: String, layers: String = "    - {name: out, units: 1}", modelInputs: Int? = nil, loss: String = "mse") -> String {
    var text = "name: test\ndata:\n" + data + (data.hasSuffix("\n") ? "" : "\n")
    text += "model:\n"
    if let modelInputs { text += "  inputs: \(modelInputs)\n" }
    text += "  layers:\n" + layers + (layers.hasSuffix("\n") ? "" : "\n")
    text += "loss: \(loss)\n"
    return text
}

/// Loads a spec from text, failing the test (with the diagnostics) when it does not load.
func loadSpec(_ text: String, file: String = "/nonexistent/spec.yaml", line: UInt = #line) -> Spec? {
    let result = SpecLoader.load(text: text, file: file)
    guard let spec = result.spec else {
        XCTFail("spec did not load:\n" + DiagnosticRenderer(sources: result.sources).render(result.diagnostics) + "\n" + text, line: line)
        return nil
    }
    return spec
}

/// Materializes, failing the test with the diagnostics on error.
func materialize(_ spec: Spec, line: UInt = #line) -> MaterializedData? {
    switch DataLoader.materialize(spec) {
    case .success(let d): return d
    case .failure(let e):
        XCTFail("materialize failed:\n\(e)", line: line)
        return nil
    }
}

/// Materializes expecting an error; returns its diagnostics.
func materializeErrors(_ spec: Spec, line: UInt = #line) -> [Diagnostic] {
    switch DataLoader.materialize(spec) {
    case .success:
        XCTFail("expected materialize to fail", line: line)
        return []
    case .failure(let e): return e.diagnostics
    }
}

extension SourceLocation {
    var lineColumn: [Int] { [line, column] }
}
