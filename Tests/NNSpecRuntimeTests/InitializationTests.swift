@testable import NNSpecRuntime
import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import XCTest

/// Initial parameters: the formulas per initializer and the draw order from `RandomState(seed)`.
final class InitializationTests: XCTestCase {
    private func initial(_ layers: String, seed: Int = 0, inputs: Int = 2, file: String = "test.yaml") throws -> [DenseParameters] {
        let spec = try makeSpec("""
            convention: keras
            dtype: float64
            seed: \(seed)
            model: {layers: \(layers)}
            loss: mse
            """, specFile: file)
        let data = MaterializedData(trainInputs: DataArray(rows: 1, columns: inputs, values: Array(repeating: 0, count: inputs)),
                                    trainTargets: DataArray(vector: [0]))
        return try Trainer<Double>(spec: spec, data: data).net.reportedParameters()
    }

    /// glorot_uniform on a 2 → 1 kernel: U(±√(6/3)) from RandomState(seed), kernel row-major,
    /// then the next layer; zeros draw nothing.
    func testRandomInitializersDrawInLayerOrderFromTheTrainingSeed() throws {
        let p = try initial("[{name: a, units: 3, kernel_initializer: glorot_uniform}, {name: b, units: 1, kernel_initializer: he_uniform}]", seed: 4)
        var rng = RandomState(seed: 4)
        XCTAssertEqual(p[0].kernel, rng.uniform(low: -(6.0 / 5).squareRoot(), high: (6.0 / 5).squareRoot(), count: 6))
        XCTAssertEqual(p[0].bias, [0, 0, 0])
        XCTAssertEqual(p[1].kernel, rng.uniform(low: -(6.0 / 3).squareRoot(), high: (6.0 / 3).squareRoot(), count: 3))
    }

    /// Keras' truncated normals (glorot/he/lecun_normal) stay within two of their stddevs.
    func testTruncatedNormalsStayWithinTwoStandardDeviations() throws {
        let p = try initial("[{name: a, units: 200, kernel_initializer: he_normal}, {name: b, units: 1}]", inputs: 50)
        let stddev = (2.0 / 50).squareRoot() / 0.87962566103423978
        XCTAssertLessThanOrEqual(p[0].kernel.map(abs).max()!, 2 * stddev)
        XCTAssertGreaterThan(p[0].kernel.map(abs).max()!, 1.8 * stddev)
    }

    func testFileInitializersReadJSONAndNPYBesideTheSpec() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"kernel": [[1.5], [2.5]], "bias": [3.5]}"#.write(to: dir.appendingPathComponent("w.json"), atomically: true, encoding: .utf8)
        // A float64 (2, 1) array in NumPy's .npy format, version 1.0.
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }"
        header += String(repeating: " ", count: 128 - 10 - header.count - 1) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        for v in [-1.25, 0.75] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: dir.appendingPathComponent("k.npy"))
        let specFile = dir.appendingPathComponent("spec.yaml").path
        let json = try initial("[{name: a, units: 1, kernel_initializer: {file: w.json}, bias_initializer: {file: w.json}}]", file: specFile)
        XCTAssertEqual(json[0].kernel, [1.5, 2.5])
        XCTAssertEqual(json[0].bias, [3.5])
        let npy = try initial("[{name: a, units: 1, kernel_initializer: {file: k.npy}}]", file: specFile)
        XCTAssertEqual(npy[0].kernel, [-1.25, 0.75])
        XCTAssertThrowsError(try initial("[{name: a, units: 2, kernel_initializer: {file: k.npy}}]", file: specFile))
    }
}
