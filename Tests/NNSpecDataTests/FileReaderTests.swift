import Foundation
import NNSpecData
import NNSpecIR
import XCTest

/// .npy and CSV files: what loads, and the errors for what does not.
final class FileReaderTests: XCTestCase {
    private var npyFixtures: [String: Any] { Fixtures.json["npy"] as! [String: Any] }

    func testNPYFloat32AndFloat64InEveryHeaderVersionLoadAsNumPyWroteThem() throws {
        XCTAssertBitEqual(try NPYReader.read(path: Fixtures.npy("float32_3x2.npy")), dataArray(npyFixtures["float32_3x2"]), "float32 '<f4' widened to float64")
        for name in ["float64_4x3.npy", "float64_4x3_v2.npy", "float64_4x3_v3.npy"] {
            XCTAssertBitEqual(try NPYReader.read(path: Fixtures.npy(name)), dataArray(npyFixtures["float64_4x3"]), name)
        }
        XCTAssertEqual(try NPYReader.readHeader(path: Fixtures.npy("float64_4x3_v2.npy")).version.major, 2)
        XCTAssertEqual(try NPYReader.readHeader(path: Fixtures.npy("float64_4x3_v3.npy")).version.major, 3)
    }

    func testNPYIntegerAndBigEndianArraysConvertToFloat64() throws {
        XCTAssertEqual(try NPYReader.read(path: Fixtures.npy("uint8_5.npy")), DataArray(vector: [0, 1, 127, 128, 255]))
        XCTAssertEqual(try NPYReader.read(path: Fixtures.npy("int32_4.npy")), DataArray(vector: [-1, 0, 5, 2_147_483_647]))
        XCTAssertBitEqual(try NPYReader.read(path: Fixtures.npy("int64_2x3.npy")), dataArray(npyFixtures["int64_2x3"]), "int64")
        XCTAssertEqual(try NPYReader.read(path: Fixtures.npy("bigendian_f8_3.npy")), DataArray(vector: [1, -2.5, 3e100]))
        let header = try NPYReader.readHeader(path: Fixtures.npy("uint8_5.npy"))
        XCTAssertEqual(header.descr, "|u1")
        XCTAssertTrue(header.isIntegral)
    }

    func testNPYFilesItCannotReadAreClearErrors() throws {
        let dir = temporaryDirectory(self)
        let good = try Data(contentsOf: URL(fileURLWithPath: Fixtures.npy("float64_4x3.npy")))
        let truncated = dir.appendingPathComponent("truncated.npy")
        try good.prefix(good.count - 8).write(to: truncated)
        let badMagic = dir.appendingPathComponent("magic.npy")
        var flipped = good
        flipped[1] = 0x4D
        try flipped.write(to: badMagic)
        let rows: [(String, String)] = [
            (Fixtures.npy("fortran_2x3.npy"), "Fortran-order (column-major) arrays are not supported"),
            (Fixtures.npy("rank3.npy"), "arrays of shape (2, 2, 2) are not supported"),
            (Fixtures.npy("structured.npy"), "structured arrays (record dtypes) are not supported"),
            (Fixtures.npy("float16_2.npy"), "unsupported dtype '<f2'"),
            (truncated.path, "truncated: shape (4, 3) of '<f8' needs 96 bytes of data, found 88"),
            (badMagic.path, "not an .npy file (bad magic string; expected \\x93NUMPY)"),
            (dir.appendingPathComponent("missing.npy").path, "no such file"),
            (dir.path, "is a directory"),
        ]
        for (path, reason) in rows {
            XCTAssertThrowsError(try NPYReader.read(path: path), path) { error in
                let e = error as! FileError
                XCTAssertEqual(e.path, path)
                XCTAssertTrue(e.reason.hasPrefix(reason), "\(e.reason) should start with \(reason)")
            }
        }
    }

    func testCSVSkipsTheHeaderSelectsColumnsAndHonoursTheDelimiter() throws {
        let dir = temporaryDirectory(self)
        try "x0,x1,y\n1.5,2,0\n\n-3e2, 4 ,1\n# a comment\n5,6,\"0\"\r\n".write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try "1;2\n3;4\n".write(to: dir.appendingPathComponent("semi.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("d.csv").path
        XCTAssertEqual(try CSVReader.read(path: path, columns: nil, header: true, delimiter: ","),
                       DataArray(rows: 3, columns: 3, values: [1.5, 2, 0, -300, 4, 1, 5, 6, 0]))
        XCTAssertEqual(try CSVReader.read(path: path, columns: [2], header: true, delimiter: ","), DataArray(column: [0, 1, 0]),
                       "one selected column is still 2-D, like np.loadtxt(ndmin=2)")
        XCTAssertEqual(try CSVReader.shape(path: path, columns: [0, 1], header: true, delimiter: ","), [3, 2])
        XCTAssertEqual(try CSVReader.read(path: dir.appendingPathComponent("semi.csv").path, columns: nil, header: false, delimiter: ";"),
                       DataArray(rows: 2, columns: 2, values: [1, 2, 3, 4]))
    }

    func testCSVErrorsNameTheFileAndLine() throws {
        let dir = temporaryDirectory(self)
        let rows: [(String, [Int]?, String)] = [
            ("a,b\n1,2\n3,x\n", nil, "bad.csv:3: column 1: 'x' is not a number"),
            ("a,b\n1,2\n3\n", nil, "bad.csv:3: this line has 1 fields, line 2 has 2"),
            ("a,b\n1,2\n", [5], "bad.csv:2: column 5 does not exist: the lines have 2 fields (columns 0…1)"),
            ("a,b\n1,,\n", nil, "bad.csv:2: column 1 is empty"),
            ("a,b\n", nil, "bad.csv: no data lines after the header"),
        ]
        for (text, columns, message) in rows {
            let url = dir.appendingPathComponent("bad.csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try CSVReader.read(path: url.path, columns: columns, header: true, delimiter: ","), text) { error in
                XCTAssertEqual((error as! FileError).description, dir.path + "/" + message)
            }
        }
    }

    func testFilePathsResolveAgainstTheSpecFileDirectory() throws {
        let dir = temporaryDirectory(self)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "x,y\n1,0\n2,1\n3,0\n".write(to: dir.appendingPathComponent("data/train.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Fixtures.npy("uint8_5.npy"), toPath: dir.appendingPathComponent("data/labels.npy").path)
        let text = specText(data: """
              arrays:
                table: {csv: data/train.csv}
              inputs: {columns: {of: table, indices: [0]}}
              targets: {column: {of: table, index: 1, keepdims: false}}
            """)
        let spec = try XCTUnwrap(loadSpec(text, file: dir.appendingPathComponent("spec.yaml").path))
        let m = try XCTUnwrap(materialize(spec))
        XCTAssertEqual(m.trainInputs, DataArray(column: [1, 2, 3]))
        XCTAssertEqual(m.trainTargets, DataArray(vector: [0, 1, 0]))
        XCTAssertEqual(ShapeCheck.diagnostics(for: spec).map(\.message), [])
    }

    func testAMissingDataFileIsAnErrorAtTheExpression() throws {
        let dir = temporaryDirectory(self)
        let text = specText(data: """
              inputs: {npy: data/x.npy}
              targets: {npy: data/y.npy}
            """)
        let spec = try XCTUnwrap(loadSpec(text, file: dir.appendingPathComponent("spec.yaml").path))
        let expected = [
            "cannot load \(dir.path)/data/x.npy: no such file or directory",
            "cannot load \(dir.path)/data/y.npy: no such file or directory",
        ]
        for diagnostics in [materializeErrors(spec), ShapeCheck.diagnostics(for: spec)] {
            XCTAssertEqual(diagnostics.map(\.message), expected)
            XCTAssertEqual(diagnostics.map { $0.location?.lineColumn ?? [] }, [[3, 12], [4, 13]])
        }
    }
}

/// A relative path belongs to the file it is written in: a base spec keeps its own paths when a
/// spec in another directory extends it.
final class PathResolutionTests: XCTestCase {
    func testADataPathInABaseSpecResolvesAgainstTheBaseNotTheExtendingSpec() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-paths-\(UUID())")
        let base = root.appendingPathComponent("base"), child = root.appendingPathComponent("child")
        for d in [base, child] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        try "a,b\n1,2\n3,4\n".write(to: base.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
        try """
        data: {inputs: {csv: points.csv}, targets: [[0], [1]]}
        model: {layers: [{units: 1}]}
        loss: mse
        """.write(to: base.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let spec = child.appendingPathComponent("spec.yaml")
        try "extends: ../base/base.yaml\noptimizer: sgd\n".write(to: spec, atomically: true, encoding: .utf8)

        let loaded = SpecLoader.load(path: spec.path)
        let s = try XCTUnwrap(loaded.spec, "\(loaded.diagnostics)")
        XCTAssertEqual(ShapeCheck.diagnostics(for: s).map(\.description), [])
        let data = try DataLoader.materialize(s).get()
        XCTAssertEqual(data.trainInputs.values, [1, 2, 3, 4])
    }
}
