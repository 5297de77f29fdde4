import NNSpecIR
import NNSpecSyntax
import XCTest

/// The data format and average pooling's border divisor are convention defaults, shown with their
/// origin; padding and window sizes read in every written form; a dense-only model's compiled form
/// does not change.
final class SpatialElaborationTests: XCTestCase {
    func load(_ text: String) throws -> Spec {
        let r = SpecLoader.load(text: text, file: "spec.yaml")
        return try XCTUnwrap(r.spec, r.diagnostics.map(\.description).joined(separator: "\n"))
    }

    func cnn(_ convention: String, extra: String = "") -> String {
        """
        convention: \(convention)
        data: {inputs: {rand: [4, 32]}, targets: {rand: [4, 1]}}
        model:
          input_shape: [4, 4, 2]\(extra)
          layers:
            - {type: conv2d, filters: 3, kernel_size: [3, 2], padding: same}
            - {type: average_pooling2d, pool_size: 2, padding: [0, 1, 0, 1]}
            - {type: flatten}
            - {units: 1}
        loss: mse
        """
    }

    func testKerasIsChannelsLastAndAveragesInputPixelsOnly() throws {
        let spec = try load(cnn("keras"))
        XCTAssertEqual(spec.model.dataFormat, .channelsLast)
        XCTAssertEqual(spec.provenance.origin(of: "model.data_format"), .convention(.keras))
        XCTAssertEqual(spec.model.layers[1].window?.countIncludePad, false)
        XCTAssertEqual(spec.model.layers[0].kernelInitializer, .glorotUniform)
        XCTAssertEqual(spec.model.layers[0].biasInitializer, .zeros)
        let yaml = spec.compiledYAML
        XCTAssertTrue(yaml.contains("  data_format: channels_last  # convention keras\n"), yaml)
        XCTAssertTrue(yaml.contains("      count_include_pad: false  # convention keras\n"), yaml)
    }

    func testTorchIsChannelsFirstAndCountsPaddedZeros() throws {
        let spec = try load(cnn("torch"))
        XCTAssertEqual(spec.model.dataFormat, .channelsFirst)
        XCTAssertEqual(spec.model.layers[1].window?.countIncludePad, true)
        XCTAssertEqual(spec.model.layers[0].kernelInitializer, .torchLinear)
        XCTAssertEqual(spec.model.layers[0].biasInitializer, .torchLinear)
        XCTAssertTrue(spec.compiledYAML.contains("  data_format: channels_first  # convention torch\n"), spec.compiledYAML)
    }

    func testAWrittenDataFormatOverridesTheConvention() throws {
        let spec = try load(cnn("torch", extra: "\n  data_format: channels_last"))
        XCTAssertEqual(spec.model.dataFormat, .channelsLast)
        XCTAssertEqual(spec.provenance.origin(of: "model.data_format"), .spec)
    }

    func testWindowsAndPaddingReadInEveryForm() throws {
        let spec = try load(cnn("keras"))
        let conv = try XCTUnwrap(spec.model.layers[0].window)
        XCTAssertEqual(conv.size, [3, 2])
        XCTAssertEqual(conv.strides, [1, 1])
        XCTAssertEqual(conv.dilation, [1, 1])
        XCTAssertEqual(conv.padding, .same)
        let pool = try XCTUnwrap(spec.model.layers[1].window)
        XCTAssertEqual(pool.strides, [2, 2], "pooling strides default to the pool size")
        XCTAssertEqual(pool.padding, .explicit(top: 0, bottom: 1, left: 0, right: 1))
        for (written, padding) in [("1", Padding.explicit(top: 1, bottom: 1, left: 1, right: 1)),
                                   ("[1, 2]", .explicit(top: 1, bottom: 1, left: 2, right: 2)),
                                   ("valid", .valid)] {
            let s = try load(cnn("keras").replacingOccurrences(of: "padding: same", with: "padding: \(written)"))
            XCTAssertEqual(s.model.layers[0].window?.padding, padding, written)
        }
    }

    func testADenseOnlyModelCompilesWithoutADataFormat() throws {
        let spec = try load("""
            data: {inputs: [[1, 2], [3, 4]], targets: [[1], [0]]}
            model: {layers: [{units: 3}, {units: 1}]}
            loss: mse
            """)
        XCTAssertFalse(spec.compiledYAML.contains("data_format"), spec.compiledYAML)
    }
}
