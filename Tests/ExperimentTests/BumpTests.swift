import NNSpecIR
import NNSpecRuntime
import XCTest

/// Experiment 5: Dense(2, sigmoid) → Dense(1, sigmoid) on x ∈ [0, 30], y = 0, 1, 0 by block.
///
/// Seeds: a spec's `training.seed` seeds the RandomState that draws the initial weights and
/// shuffles the batches (the data here draw nothing). The sweep loads the spec once and sets
/// `spec.training.seed` to 0…9 — the same as writing `training: {seed: k}` in a spec that
/// extends it — so the sweep needs no files. Accuracies are on the 300 training points (the
/// experiment has no held-out part): 2/3 is "everything is class 0".
final class BumpTests: XCTestCase {
    static let seeds: [UInt32] = Array(0 ..< 10)

    static func seeded(_ name: String, _ seed: UInt32, epochs: Int? = nil) throws -> Spec {
        var spec = try Experiments.shared.load(name)
        spec.training.seed = seed
        if let epochs { spec.training.length = .epochs(epochs) }
        return spec
    }

    func accuracy(_ r: RunResult) throws -> Double { try XCTUnwrap(r.metric("binary_accuracy")) }

    /// Raw x, SGD lr 0.01, 1000 epochs: accuracy 2/3 for every one of the 10 seeds. The hidden
    /// sigmoids saturate (lint's unscaled-inputs: pre-activations spread ~14, σ' ~ 5e-7) and the
    /// loss creeps down without the decision changing.
    func testRawStaysAtTwoThirdsForEverySeed() throws {
        let runs = try Experiments.shared.runAll(Self.seeds.map { try Self.seeded("bump-raw", $0) })
        let reached = try runs.filter { try accuracy($0) == 1 }.count
        XCTAssertEqual(reached, 0, "raw: runs reaching 1.0 out of 10")
        for (seed, r) in zip(Self.seeds, runs) {
            XCTAssertEqual(try accuracy(r), 2.0 / 3.0, accuracy: 1e-12, "seed \(seed)")
            XCTAssertEqual(r.epochs, 1000)
        }
        // The spec's own seed (0) is the checked-in run.
        XCTAssertEqual(try accuracy(Experiments.shared.run("bump-raw")), 2.0 / 3.0, accuracy: 1e-12)
    }

    /// Standardized x, Adam(0.1), 20 epochs: 9 of the 10 seeds reach 1.0; seed 5 ends next to the
    /// constant model: p rises from 0.28 to 0.36 across x and is never above ½ (accuracy 2/3,
    /// loss 0.636, just under the labels' entropy H(1/3) = 0.6365). A local minimum.
    func testScaledReachesOneForNineSeedsOfTen() throws {
        let runs = try Experiments.shared.runAll(Self.seeds.map { try Self.seeded("bump-scaled", $0) })
        let reached = try zip(Self.seeds, runs).filter { try accuracy($0.1) == 1 }.map(\.0)
        XCTAssertEqual(reached.count, 9, "scaled: runs reaching 1.0 out of 10: seeds \(reached)")
        XCTAssertFalse(reached.contains(5))
        XCTAssertEqual(try accuracy(runs[5]), 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertGreaterThan(try XCTUnwrap(runs[5].finalLoss), 0.5, "seed 5 is stuck")
    }

    /// "Within about 20 epochs": the first epoch whose end has accuracy 1.0, per seed. A run of e
    /// epochs is the first e epochs of a longer run (same seed, same shuffles), so each is found
    /// by running 1, 2, … epochs. Measured: 9, 9, 8, 10, 10, never, 14, 13, 9, 8.
    func testScaledReachesOneWithinTwentyEpochs() throws {
        let expected: [UInt32: Int?] = [0: 9, 1: 9, 2: 8, 3: 10, 4: 10, 5: nil, 6: 14, 7: 13, 8: 9, 9: 8]
        let firsts = try parallelMap(Self.seeds) { seed -> Int? in
            for e in 1 ... 20 {
                let r = try Experiments.shared.run(BumpTests.seeded("bump-scaled", seed, epochs: e))
                if r.metric("binary_accuracy") == 1 { return e }
            }
            return nil
        }
        for (seed, first) in zip(Self.seeds, firsts) { XCTAssertEqual(first, expected[seed] ?? nil, "seed \(seed)") }
        // Once reached, it stays: the spec's 20-epoch run (seed 0) ends at 1.0.
        XCTAssertEqual(try accuracy(Experiments.shared.run("bump-scaled")), 1)
    }
}
