import Foundation
@testable import NNSpecCommands
@testable import NNSpecDiff
import NNSpecIR
import XCTest

/// `nnspec diff` reads a batch normalization's momentum through the plan's one number, the weight
/// of the old running value: Keras' 0.9 and PyTorch's 0.1 mean the same, Keras' 0.99 copied into
/// PyTorch does not (with the momentum that fixes it), and the outcomes compare γ, β and the
/// running statistics.
final class BatchNormDiffTests: XCTestCase {
    func spec(_ convention: String, _ bn: String, optimizer: String = "{kind: sgd, learning_rate: 0.1}") -> Spec? {
        SpecPipeline.load(text: """
            nnspec: 1
            convention: \(convention)
            data: {seed: 1, arrays: {X: {rand: [16, 3]}}, inputs: X, targets: {column: {of: X, index: 0}}}
            model:
              layers:
                - {units: 4, activation: tanh, kernel_initializer: zeros, bias_initializer: zeros}
                - \(bn)
                - {units: 1, kernel_initializer: zeros, bias_initializer: zeros}
            loss: mse
            optimizer: \(optimizer)
            training: {epochs: 2, batch_size: 8, shuffle: false}
            """, file: "\(convention).yaml").spec
    }

    func lines(_ a: String, _ b: String) throws -> [SemanticDiff.Line] {
        let sa = try XCTUnwrap(spec("keras", a)), sb = try XCTUnwrap(spec("torch", b))
        return SemanticDiff.compare(sa, sb).lines.filter { $0.group == .model }
    }

    func testTheSameUpdateWrittenInEachConventionsMeaningIsNoDifference() throws {
        let model = try lines("{type: batch_normalization, momentum: 0.9, epsilon: 1e-5, running_variance: unbiased}",
                              "{type: batch_norm1d}")
        XCTAssertEqual(model.map(\.about.quantity), [])
    }

    func testKerasMomentumCopiedLiterallyIntoPyTorchIsNamedWithItsFix() throws {
        let model = try lines("{type: batch_normalization, epsilon: 1e-5, running_variance: unbiased}",
                              "{type: batch_norm1d, momentum: 0.99}")
        let line = try XCTUnwrap(model.first { $0.about.quantity == "batch_norm_update" }, "\(model.map(\.about.quantity))")
        XCTAssertTrue(line.a.hasPrefix("running ← 0.99·running + 0.01·batch"), line.a)
        XCTAssertTrue(line.b.hasPrefix("running ← 0.01·running + 0.99·batch"), line.b)
        XCTAssertEqual(line.fix, "momentum: 0.01")
        XCTAssertEqual(model.count, 1)
    }

    func testDefaultsDifferInUpdateEpsilonAndRunningVariance() throws {
        let model = try lines("{type: batch_normalization}", "{type: batch_norm1d}")
        XCTAssertEqual(model.map(\.about.quantity), ["batch_norm_update", "batch_norm_epsilon", "batch_norm_running_variance"])
    }

    /// PyTorch's weight_decay reaches every parameter: the L2 lines name γ and β beside the
    /// kernels and biases, each with the regularizer that matches it in Keras.
    func testWeightDecayOnGammaAndBetaIsNamedInTheL2Lines() throws {
        let bn = "{type: batch_normalization, momentum: 0.9, epsilon: 1e-5, running_variance: unbiased}"
        let sa = try XCTUnwrap(spec("keras", bn)), sb = try XCTUnwrap(spec("torch", "{type: batch_norm1d}",
                                                                          optimizer: "{kind: sgd, learning_rate: 0.1, weight_decay: 0.01}"))
        let loss = SemanticDiff.compare(sa, sb).lines.filter { $0.group == .loss }
        XCTAssertEqual(loss.map(\.about.tensor), [.kernel, .bias, .gamma, .beta])
        let gamma = try XCTUnwrap(loss.first { $0.about.tensor == .gamma })
        XCTAssertEqual(gamma.text, "L2 on the γ of layer 2 ('batch_normalization_1'): none vs λ = 0.01 (weight_decay), gradient λ·W = 0.01·W")
        XCTAssertEqual(gamma.fix, "gamma_regularizer: {half_l2: 0.01}")
        XCTAssertEqual(loss.first { $0.about.tensor == .beta }?.fix, "beta_regularizer: {half_l2: 0.01}")

        // Written as those regularizers in Keras, γ and β are penalized alike: no line for them.
        let matched = try XCTUnwrap(spec("keras", "{type: batch_normalization, momentum: 0.9, epsilon: 1e-5, running_variance: unbiased, gamma_regularizer: {half_l2: 0.01}, beta_regularizer: {half_l2: 0.01}}"))
        let rest = SemanticDiff.compare(matched, sb)
        XCTAssertEqual(rest.lines.filter { $0.group == .loss }.map(\.about.tensor), [.kernel, .bias])
        XCTAssertTrue(rest.sameMeaning.contains { $0.path == "model.layers[1].gamma_regularizer.half_l2" }, "\(rest.sameMeaning.map(\.path))")
    }

    func testOutcomesCompareEveryTensorIncludingTheRunningStatistics() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-bn-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ momentum: Double) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try """
                nnspec: 1
                convention: keras
                data: {seed: 1, arrays: {X: {rand: [16, 3]}}, inputs: X, targets: {column: {of: X, index: 0}}}
                model:
                  layers:
                    - {units: 4, activation: tanh, kernel_initializer: zeros, bias_initializer: zeros}
                    - {type: batch_normalization, momentum: \(momentum)}
                    - {units: 1, kernel_initializer: zeros, bias_initializer: zeros}
                loss: mse
                optimizer: {kind: sgd, learning_rate: 0.1}
                training: {epochs: 2, batch_size: 8, shuffle: false}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let out = Diff.run(try write("a.yaml", 0.9), try write("b.yaml", 0.5), runBoth: true)
        // Zero kernels: the dense layers, γ and β train alike; only the moving variance differs.
        XCTAssertTrue(out.stdout.contains("largest parameter difference:") && out.stdout.contains("at 'batch_normalization_1' moving_variance["),
                      out.stdout)
    }
}
