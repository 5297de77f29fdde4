import Foundation
import NNSpecData
import NNSpecIR
import XCTest

/// MNIST's IDX files, gzip-compressed and raw, and every way such a file can be broken.
final class MNISTTests: XCTestCase {
    private let images = repositoryRoot.appendingPathComponent("data/mnist/t10k-images-idx3-ubyte.gz").path
    private let labels = repositoryRoot.appendingPathComponent("data/mnist/t10k-labels-idx1-ubyte.gz").path

    func testMNISTTestSetLoadsAsTenThousandRowsOf784PixelsAndTenThousandLabels() throws {
        let x = try IDXReader.read(path: images)
        XCTAssertEqual(x.shape, [10000, 784])
        XCTAssertEqual(x.values.reduce(0, +), 264_923_200, "sum of all pixels, as NumPy computes from the same file")
        XCTAssertEqual(Array(x.values[392 + 16 ..< 392 + 20]), [59, 249, 254, 62], "row 14 of the first image")
        XCTAssertEqual(x.values.max(), 255)
        let y = try IDXReader.read(path: labels)
        XCTAssertEqual(y.shape, [10000])
        XCTAssertEqual(Array(y.values.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    func testMNISTSpecWithRelativePathsLimitAndScale() throws {
        let text = specText(data: """
              inputs: {idx: {path: data/mnist/t10k-images-idx3-ubyte.gz, limit: 100}}
              targets: {idx: {path: data/mnist/t10k-labels-idx1-ubyte.gz, limit: 100}}
              preprocess:
                - {kind: scale, factor: 0.00392156862745098}
                - {kind: one_hot, classes: 10}
            """, layers: "    - {name: hidden, units: 30, activation: sigmoid}\n    - {name: out, units: 10, activation: sigmoid}",
            modelInputs: 784)
        let spec = try XCTUnwrap(loadSpec(text, file: repositoryRoot.appendingPathComponent("mnist.yaml").path))
        XCTAssertEqual(ShapeCheck.diagnostics(for: spec).map(\.message), [])
        let m = try XCTUnwrap(materialize(spec))
        XCTAssertEqual(m.trainInputs.shape, [100, 784])
        XCTAssertEqual(m.trainInputs.values.max(), 255 * 0.00392156862745098)
        XCTAssertEqual(m.trainTargets.shape, [100, 10])
        XCTAssertEqual(Array(m.trainTargets.values.prefix(10)), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0], "label 7")
    }

    /// An image file declares its (rows, cols); the inputs keep it through references, and lose it
    /// through any expression over the rows or a one_hot of the inputs.
    func testTheInputsKnowTheImageGridTheirIDXFileDeclares() throws {
        XCTAssertEqual(try IDXReader.readHeader(path: images).imageGrid, [28, 28])
        XCTAssertNil(try IDXReader.readHeader(path: labels).imageGrid)

        func grid(_ arrays: String, inputs: String, preprocess: String = "") throws -> [Int]? {
            let text = specText(data: """
                  arrays:
                \(arrays)
                    labels: {idx: {path: data/mnist/t10k-labels-idx1-ubyte.gz, limit: 20}}
                  inputs: \(inputs)
                  targets: labels
                \(preprocess)
                """)
            let spec = try XCTUnwrap(loadSpec(text, file: repositoryRoot.appendingPathComponent("mnist.yaml").path))
            let m = try XCTUnwrap(materialize(spec))
            XCTAssertEqual(m.inputImageGrid, spec.data.inputImageGrid(specFile: spec.file), "materialized data carry the same grid")
            return m.inputImageGrid
        }
        let file = "    pixels: {idx: {path: data/mnist/t10k-images-idx3-ubyte.gz, limit: 20}}"
        XCTAssertEqual(try grid(file, inputs: "pixels"), [28, 28])
        XCTAssertEqual(try grid(file + "\n    again: {ref: pixels}", inputs: "again"), [28, 28], "through a reference")
        XCTAssertEqual(try grid(file, inputs: "pixels", preprocess: "  preprocess: [{kind: scale, factor: 0.5}]"), [28, 28],
                       "scaling keeps the rows' meaning")
        XCTAssertNil(try grid(file, inputs: "{multiply: [pixels, 2]}"), "an expression over the rows is a matrix")
        XCTAssertNil(try grid(file, inputs: "labels"), "labels are no images")
        XCTAssertNil(try grid(file, inputs: "labels", preprocess: "  preprocess: [{kind: one_hot, classes: 10, apply_to: inputs}]"))
    }

    func testHeadersAreReadWithoutDecompressingTheData() throws {
        let header = try IDXReader.readHeader(path: images)
        XCTAssertEqual(header.dimensions, [10000, 28, 28])
        XCTAssertEqual(header.shape, [10000, 784])
        XCTAssertEqual(try IDXReader.readHeader(path: labels).shape, [10000])
    }

    func testRawUncompressedIDXFilesLoadToo() throws {
        let dir = temporaryDirectory(self)
        let url = dir.appendingPathComponent("tiny-images-idx3-ubyte")
        try Data([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 250, 251, 252]).write(to: url)
        XCTAssertEqual(try IDXReader.read(path: url.path), DataArray(rows: 2, columns: 3, values: [1, 2, 3, 250, 251, 252]))
        XCTAssertEqual(try IDXReader.read(path: url.path, limit: 1), DataArray(rows: 1, columns: 3, values: [1, 2, 3]))
    }

    /// Broken copies of the real files, written to a temporary directory; each must be an error
    /// naming the file and what is wrong, never a crash.
    func testCorruptedCopiesAreClearErrorsNotCrashes() throws {
        let dir = temporaryDirectory(self)
        let gz = try Data(contentsOf: URL(fileURLWithPath: labels))
        func write(_ name: String, _ bytes: Data) -> String {
            let url = dir.appendingPathComponent(name)
            try! bytes.write(to: url)
            return url.path
        }
        var badCRC = gz
        badCRC[gz.count - 6] ^= 0xFF  // inside the CRC-32 of the trailer
        var badLength = gz
        badLength[gz.count - 2] ^= 0x01  // inside ISIZE
        var badMethod = gz
        badMethod[2] = 9  // compression method must be 8 (deflate)
        var rawLabels = Data([0, 0, 8, 1, 0, 0, 0x27, 0x10])
        rawLabels.append(Data(repeating: 3, count: 10000))
        var flippedMagic = rawLabels
        flippedMagic[0...3] = Data([0x01, 0x08, 0x00, 0x00])

        let rows: [(path: String, reason: String)] = [
            (write("truncated.gz", gz.prefix(gz.count / 2)), "truncated gzip file: the compressed data ends before its end marker"),
            (write("crc.gz", badCRC), "corrupt gzip file: CRC-32 check failed (the data does not match its checksum)"),
            (write("length.gz", badLength), "corrupt gzip file: length check failed"),
            (write("method.gz", badMethod), "corrupt gzip file: unknown compression method"),
            (write("magic", flippedMagic), "bad magic number 0x01080000: not an MNIST IDX file (expected 0x00000803 for images or 0x00000801 for labels)"),
            (write("short", rawLabels.prefix(5008)), "truncated: the header announces 10000 labels (10008 bytes), but the data has 5008 bytes"),
            (write("long", rawLabels + Data([1, 2])), "size mismatch: the header announces 10000 labels (10008 bytes), but the data has 10010 bytes (2 extra)"),
            (write("tiny", Data([0, 0])), "truncated: 2 bytes, too short for an IDX header"),
            (write("empty", Data()), "truncated: 0 bytes, too short for an IDX header"),
            (write("floats", Data([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0])), "IDX element type float (0x0D) (magic 0x00000d01) is not supported"),
            (dir.appendingPathComponent("absent.gz").path, "no such file"),
        ]
        for row in rows {
            XCTAssertThrowsError(try IDXReader.read(path: row.path), row.reason) { error in
                let e = error as! FileError
                XCTAssertEqual(e.path, row.path)
                XCTAssertTrue(e.reason.hasPrefix(row.reason), "\(e.reason)\nshould start with\n\(row.reason)")
            }
        }
        // Through a spec: the error is at the expression, and names the file.
        let text = specText(data: """
              inputs: {idx: crc.gz}
              targets: {idx: crc.gz}
            """)
        let spec = try XCTUnwrap(loadSpec(text, file: dir.appendingPathComponent("spec.yaml").path))
        let errors = materializeErrors(spec)
        XCTAssertEqual(errors.first?.message, "cannot load \(dir.path)/crc.gz: corrupt gzip file: CRC-32 check failed (the data does not match its checksum)")
        XCTAssertEqual(errors.first?.location?.lineColumn, [3, 12])
        // The header alone is intact, so the shape check (headers only) passes.
        XCTAssertEqual(ShapeCheck.diagnostics(for: spec).map(\.message), [])
    }

    func testTheTenThousandImagesLoadInOneRead() throws {
        let start = Date()
        let array = try IDXReader.read(path: images)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(array.rows, 10_000)
        // Reported, not asserted: a test's timing depends on the machine's load.
        print("MNIST t10k images loaded in \(String(format: "%.3f", seconds)) s")
    }
}
