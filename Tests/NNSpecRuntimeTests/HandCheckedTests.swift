import NNSpecData
import NNSpecIR
import NNSpecRuntime
import XCTest

/// Small cases whose numbers can be checked by hand, one per convention difference.
final class HandCheckedTests: XCTestCase {
    /// One linear unit, zero init, x = [1, 2], y = [1, 3]; one full-batch SGD step at lr 0.1.
    /// Keras MSE: loss = (1 + 9)/2 = 5; ∂L/∂p = 2(p − y)/n = [−1, −3];
    /// ∂L/∂w = 1·(−1) + 2·(−3) = −7, ∂L/∂b = −4 → w = 0.7, b = 0.4.
    func testKerasMSEStepMatchesHandComputation() throws {
        let spec = try makeSpec("""
            convention: keras
            dtype: float64
            model: {layers: [{name: out, units: 1, kernel_initializer: zeros}]}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.1}
            training: {epochs: 1, batch_size: full, shuffle: false}
            """)
        let data = MaterializedData(trainInputs: DataArray(column: [1, 2]), trainTargets: DataArray(vector: [1, 3]))
        let r = try Runner.run(spec, data: data)
        XCTAssertEqual(r.history.first?.loss, 5)
        XCTAssertEqual(r.parameters[0].kernel[0], 0.7, accuracy: 1e-15)
        XCTAssertEqual(r.parameters[0].bias![0], 0.4, accuracy: 1e-15)
    }
}
