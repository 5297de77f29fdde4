@testable import NNSpecRuntime
import Foundation
import NNSpecData
import NNSpecIR
import XCTest

/// Convolution kernels from files are read in nnspec's `(kh, kw, c_in, c_out)` layout; a nested
/// list shaped as PyTorch's `(c_out, c_in, kh, kw)` weight is refused, naming the transpose.
final class KernelFileTests: XCTestCase {
    func run(kernel json: String) throws -> Trainer<Double> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-kernel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try json.write(to: dir.appendingPathComponent("k.json"), atomically: true, encoding: .utf8)
        let spec = try makeSpec("""
            convention: torch
            dtype: float64
            model:
              input_shape: [2, 3, 3]
              layers:
                - {type: conv2d, filters: 3, kernel_size: [1, 2], kernel_initializer: {file: k.json}, use_bias: false}
                - {type: flatten}
                - {units: 1}
            loss: mse
            """, specFile: dir.appendingPathComponent("spec.yaml").path)
        return try Trainer<Double>(spec: spec, data: SpatialLayerTests.data([2, 3, 3], rows: 2).withOneTarget)
    }

    func testKernelsInNNSpecsLayoutLoadAsWritten() throws {
        // (kh, kw, c_in, c_out) = (1, 2, 2, 3): values 0 … 11 in C order.
        let trainer = try run(kernel: "[[[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]]")
        XCTAssertEqual(Array(trainer.net.parameters.array.prefix(12)), (0 ..< 12).map(Double.init))
    }

    func testPyTorchsWeightLayoutIsRefusedWithItsTranspose() throws {
        // (c_out, c_in, kh, kw) = (3, 2, 1, 2).
        let torch = "[[[[0, 1]], [[2, 3]]], [[[4, 5]], [[6, 7]]], [[[8, 9]], [[10, 11]]]]"
        XCTAssertThrowsError(try run(kernel: torch)) { error in
            XCTAssertTrue("\(error)".contains("permute(2, 3, 1, 0)"), "\(error)")
        }
    }
}

extension MaterializedData {
    /// The same inputs with the first target column only.
    var withOneTarget: MaterializedData {
        MaterializedData(trainInputs: trainInputs, trainTargets: DataArray(column: (0 ..< trainTargets.rows).map { trainTargets[$0, 0] }))
    }
}
