import Foundation
@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import NNSpecNumerics
@testable import NNSpecResults
import XCTest

/// Results files report each tensor with its true shape once a model has more than dense
/// layers: a convolution's kernel in the convention's layout — Keras' (kh, kw, c_in, c_out),
/// PyTorch's (c_out, c_in, kh, kw) — read back into nnspec's own layout; dense-only models keep
/// the kernel-rows form.
final class ResultsTensorShapesTests: XCTestCase {
    func run(_ convention: String, shape: [Int]) throws -> RunResult {
        let spec = try makeSpec("""
            convention: \(convention)
            dtype: float64
            model:
              input_shape: \(shape)
              layers:
                - {name: conv, type: conv2d, filters: 3, kernel_size: [2, 1]}
                - {type: flatten}
                - {name: out, units: 1}
            loss: mse
            training: {epochs: 1, batch_size: 2}
            """)
        var rng = RandomState(seed: 1)
        let data = MaterializedData(trainInputs: DataArray(shape: [4, 12], values: rng.uniform(low: -1, high: 1, count: 48)),
                                    trainTargets: DataArray(shape: [4, 1], values: rng.uniform(low: -1, high: 1, count: 4)))
        return try Runner.run(spec, data: data)
    }

    func roundTrip(_ r: RunResult) throws -> RunResult {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-shapes-\(UUID().uuidString).json")
        try r.json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ResultsFile.read(file.path)
    }

    func testKerasWritesTheConvolutionKernelAsKhKwCinCout() throws {
        let r = try run("keras", shape: [3, 2, 2])
        XCTAssertEqual(r.parameters[0].tensor("kernel")?.shape, [2, 1, 2, 3])
        XCTAssertTrue(r.json.contains("\"shape\": [2, 1, 2, 3]"), r.json)
        XCTAssertTrue(r.json.contains("\"shape\": [12, 1]"), "the dense kernel after it is shaped too")
        XCTAssertEqual(try roundTrip(r).parameters, r.parameters)
    }

    func testPyTorchWritesItAsCoutCinKhKwAndReadsItBack() throws {
        let r = try run("torch", shape: [2, 3, 2])
        let k = try XCTUnwrap(r.parameters[0].tensor("kernel"))
        XCTAssertEqual(k.shape, [2, 1, 2, 3], "held in nnspec's layout")
        XCTAssertTrue(r.json.contains("\"shape\": [3, 2, 2, 1]"), r.json)
        // weight[o][i][y][x] = kernel[y][x][i][o]: the file's first values are filter 0's.
        let file = KernelLayout.toFile(k, .torch)
        for (o, i, y) in [(0, 0, 0), (2, 1, 1), (1, 0, 1)] {
            let written: Double = file.values[(o * 2 + i) * 2 + y]
            let held: Double = k.values[(y * 2 + i) * 3 + o]
            XCTAssertEqual(written, held, "filter \(o), channel \(i), row \(y)")
        }
        XCTAssertEqual(try roundTrip(r).parameters, r.parameters)
    }

    func testDenseOnlyModelsKeepTheKernelRows() throws {
        let spec = try makeSpec("""
            model: {layers: [{name: out, units: 2}]}
            loss: mse
            """)
        let data = MaterializedData(trainInputs: DataArray(shape: [2, 1], values: [1, 2]), trainTargets: DataArray(shape: [2, 2], values: [0, 1, 1, 0]))
        let json = try Runner.run(spec, data: data).json
        XCTAssertTrue(json.contains("\"kernel\": [\n        ["), json)
        XCTAssertFalse(json.contains("\"shape\""), json)
    }
}
