import Foundation
import NNSpecCommands
import NNSpecNumerics
import XCTest

/// The requirement, end to end: `nnspec run` on one spec at different thread counts,
/// and twice, writes results files with the same bytes. (NNSpecRuntimeTests' DeterminismTests
/// prove the same of the runtime's JSON with the parallel threshold forced to 0; here the
/// thresholds are the defaults and the files are the ones `nnspec run` writes.)
final class ResultsDeterminismTests: XCTestCase {
    /// Shuffled minibatches (a fresh permutation per epoch) through a layer whose forward
    /// product, 128 rows × 256 inputs × 128 units, is above the default parallel threshold.
    static let wide = """
    convention: keras
    seed: 3
    data:
      arrays:
        X: {normal: {shape: [512, 256]}}
      inputs: X
      targets: {apply: {fn: sin, of: {column: {of: X, index: 0}}}}
    model:
      layers:
        - {name: hidden, units: 128, activation: tanh}
        - {name: out, units: 1}
    loss: mse
    optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0.9}
    training: {epochs: 2, batch_size: 128, shuffle: true}
    """

    /// A small network, scikit-learn's shuffle and a short last batch: every product runs on
    /// the calling thread.
    static let small = """
    convention: sklearn
    seed: 7
    data:
      arrays:
        X: {uniform: {shape: [250, 3], low: -1, high: 1}}
      inputs: X
      targets: {multiply: [2, {column: {of: X, index: 1}}]}
    model:
      layers:
        - {units: 5, activation: relu}
        - {units: 1}
    loss: squared_error
    optimizer: {kind: adam, learning_rate: 0.01}
    training: {epochs: 5, batch_size: 64}
    """

    /// Batch normalization after a wide layer (above the threshold) and after a convolution,
    /// channels-first, with PyTorch's unbiased running variance: the batch statistics and the
    /// running ones are summed in one fixed order.
    static let batchNorm = """
    convention: torch
    seed: 5
    data:
      arrays:
        X: {normal: {shape: [256, 288]}}
      inputs: X
      targets: {apply: {fn: tanh, of: {column: {of: X, index: 3}}}}
    model:
      input_shape: [2, 12, 12]
      layers:
        - {type: conv2d, filters: 4, kernel_size: 3, activation: relu}
        - {type: batch_norm2d}
        - {type: flatten}
        - {name: hidden, units: 128, activation: tanh}
        - {type: batch_norm1d, momentum: 0.3}
        - {name: out, units: 1}
    loss: mse
    optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0.9, weight_decay: 0.001}
    training: {epochs: 2, batch_size: 128, shuffle: true}
    """

    func testResultsFilesAreTheSameBytesAtOneTwoAndThreeThreadsAndOnARepeat() throws {
        XCTAssertGreaterThanOrEqual(128 * 256 * 128, NumericsConfig.parallelThreshold,
                                    "the wide spec must be split across threads at the default threshold")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-determinism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in [("wide", Self.wide), ("small", Self.small), ("batchnorm", Self.batchNorm)] {
            let spec = dir.appendingPathComponent("\(name).yaml")
            try text.write(to: spec, atomically: true, encoding: .utf8)
            var files: [(String, Data)] = []
            for (threads, run) in [(1, 1), (2, 1), (3, 1), (2, 2)] {
                let output = dir.appendingPathComponent("\(name)-\(threads)-\(run).json").path
                let out = NumericsConfig.withThreadCount(threads) {
                    Run.run(path: spec.path, output: output, check: nil, progressToTerminal: false)
                }
                XCTAssertEqual(out.exitCode, 0, out.stderr)
                files.append(("\(threads) threads, run \(run)", try Data(contentsOf: URL(fileURLWithPath: output))))
            }
            XCTAssertGreaterThan(files[0].1.count, 1000)
            for (label, bytes) in files.dropFirst() {
                XCTAssertEqual(bytes, files[0].1, "\(name): results with \(label) differ from 1 thread")
            }
        }
    }
}
