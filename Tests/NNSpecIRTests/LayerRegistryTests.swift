import Foundation
import NNSpecIR
import XCTest

/// A layer kind is one declaration file under Sources/NNSpecIR/Layers/ and one line in the
/// registry; a declaration the registry forgets would be a kind no spec can name.
final class LayerRegistryTests: XCTestCase {
    static let layersDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/NNSpecIR/Layers")

    func testEveryLayerDeclarationInTheSourcesIsRegistered() throws {
        var declared: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.layersDir.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.layersDir.appendingPathComponent(file), encoding: .utf8)
            // `public enum Dense: LayerDecoding {` and the like.
            let pattern = try NSRegularExpression(pattern: #"(?:enum|struct|final class|class)\s+(\w+)\s*:\s*[^{]*\bLayerDecoding\b"#)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                declared.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        XCTAssertFalse(declared.isEmpty, "no layer declarations found under \(Self.layersDir.path)")
        let registered = Set(LayerRegistry.kinds.map { String(describing: $0) })
        XCTAssertEqual(declared, registered, "every LayerDecoding type must be listed in LayerRegistry.decoders")
    }

    func testTypesAreUniqueAndTheLayerObjectAcceptsEveryKindsKeys() {
        let types = LayerRegistry.kinds.map { $0.type }
        XCTAssertEqual(types.count, Set(types).count)
        for kind in LayerRegistry.kinds {
            XCTAssertTrue(Set(kind.keys).isSubset(of: Set(Grammar.objects["layer"]!)), "\(kind.type)")
        }
    }
}
