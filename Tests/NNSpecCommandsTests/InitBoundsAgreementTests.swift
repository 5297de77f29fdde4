import Foundation
@testable import NNSpecDiff
import NNSpecData
import NNSpecIR
import NNSpecLint
import NNSpecNumerics
import NNSpecPlan
@testable import NNSpecRuntime
import XCTest

/// The bounds lint and diff report for a tensor are the bounds the runtime draws it from: for
/// every initializer, in every convention, on the kernel and bias of a hidden and an output
/// layer, replaying `RandomState(seed)` with the reported distributions reproduces the run's
/// initial parameters exactly, and diff's listing prints the same distributions.
final class InitBoundsAgreementTests: XCTestCase {
    static let initializers: [Initializer] = [
        .zeros, .ones, .constant(0.25), .uniform(low: -0.2, high: 0.1), .normal(mean: 0.1, stddev: 0.3),
        .truncatedNormal(mean: 0, stddev: 0.2), .glorotUniform, .glorotNormal, .heUniform, .heNormal,
        .lecunUniform, .lecunNormal, .sklearn(factor: 2), .sklearn(factor: 6), .torchLinear,
    ]

    func spec(_ convention: Convention, _ i: Initializer, dir: URL) throws -> Spec {
        let text = """
            nnspec: 1
            name: init-\(convention.rawValue)
            convention: \(convention.rawValue)
            dtype: float64
            data:
              seed: 2
              arrays: {X: {rand: [4, 5]}, Y: {rand: [4, 3]}}
              inputs: X
              targets: Y
            model:
              layers:
                - {name: hidden, units: 7, activation: tanh, kernel_initializer: \(i.yaml), bias_initializer: \(i.yaml)}
                - {name: output, units: 3, kernel_initializer: \(i.yaml), bias_initializer: \(i.yaml)}
            loss: mse
            training: {seed: 9}
            """
        let path = dir.appendingPathComponent("\(convention.rawValue).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = SpecLoader.load(path: path)
        return try XCTUnwrap(loaded.spec, "\(loaded.diagnostics)")
    }

    /// The values `d` draws for `count` values, replayed as a reader of the distribution would.
    func replay(_ d: InitDistribution, count: Int, _ rng: inout RandomState) -> [Double] {
        switch d {
        case .constant(let c): return Array(repeating: c, count: count)
        case .uniform(let lo, let hi): return rng.uniform(low: lo, high: hi, count: count)
        case .normal(let m, let s): return rng.normal(loc: m, scale: s, count: count)
        case .truncatedNormal(let m, let s):
            return (0 ..< count).map { _ in
                var x = rng.standardNormal()
                while abs(x) > 2 { x = rng.standardNormal() }
                return m + s * x
            }
        case .file: return []
        }
    }

    func testReportedBoundsAreTheDrawnBoundsForEveryInitializerPositionAndConvention() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-init-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for convention in Convention.allCases {
            for i in Self.initializers {
                let s = try spec(convention, i, dir: dir)
                let data = try DataLoader.materialize(s).get()
                let drawn = try Trainer<Double>(spec: s, data: data).net.reportedParameters()
                let lint = LintContext(spec: s, sources: [:], dataSource: DiffDataSource())
                let meanings = Textconv.meanings(lint)
                var rng = RandomState(seed: 9)
                for layer in 0 ..< 2 {
                    for bias in [false, true] {
                        let what = "\(convention.rawValue) \(i.yaml) layer \(layer) \(bias ? "bias" : "kernel")"
                        let reported = try XCTUnwrap(lint.initDistribution(layer: layer, bias: bias), what)
                        let values = bias ? drawn[layer].bias! : drawn[layer].kernel
                        XCTAssertEqual(replay(reported, count: values.count, &rng), values, what)
                        let key = "model.layers[\(layer)].\(bias ? "bias" : "kernel")_initializer"
                        let listed = meanings.first { $0.key.hasPrefix(key) }?.value
                        XCTAssertEqual(listed, reported.isConstant ? reported.text : "draws " + reported.text, what)
                    }
                }
            }
        }
    }

    /// The drift this test pins: a glorot bias is a vector, so Keras' compute_fans gives
    /// (units, units), not the layer's (fan_in, units).
    func testAGlorotBiasUsesItsOwnLengthAsBothFans() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-init-bias-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try ExperimentPlan.lower(spec(.keras, .glorotUniform, dir: dir))
        XCTAssertEqual(plan.tensor(layer: 0, .bias)?.distribution, .uniform(low: -(6.0 / 14).squareRoot(), high: (6.0 / 14).squareRoot()))
        XCTAssertEqual(plan.tensor(layer: 0, .kernel)?.distribution, .uniform(low: -(6.0 / 12).squareRoot(), high: (6.0 / 12).squareRoot()))
    }
}
