import NNSpecLint
import NNSpecSyntax
import XCTest

/// The batch-normalization rules read the plan's resolved running weight, batches and penalties;
/// the rules written for dense layers leave a batch-normalization layer alone.
final class BatchNormRuleTests: XCTestCase {
    /// A small regression with `bn` between a hidden layer and the output, in batches of 10
    /// unless `rest` says otherwise (PyTorch's default batch of 1 gives batch normalization one
    /// value per channel, which the plan refuses).
    func spec(_ convention: String, hidden: String = "{units: 8, activation: relu}", bn: String,
              rows: Int = 40, rest: [String] = []) -> String {
        let rest = rest.contains { $0.hasPrefix("training:") } ? rest : rest + ["training: {epochs: 20, batch_size: 10}"]
        return """
        convention: \(convention)
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: \(rows)}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - \(hidden)
            - \(bn)
            - {units: 1}
        loss: mse
        """ + rest.map { "\n" + $0 }.joined()
    }

    func testCopiedMomentumFixItWritesTheComplementAsWritten() throws {
        let (found, _) = try lint(spec("torch", bn: "{type: batch_normalization, momentum: 0.99}"), in: self)
        let d = try XCTUnwrap(found.with(id: "batch-norm-momentum-form").first)
        XCTAssert(d.message.contains("keeps 1 % of the old running value per update"), d.message)
        XCTAssert(d.message.contains("≈ the last batch's"), d.message)
        XCTAssertEqual(d.fixIts.first?.replacement, "momentum: 0.01")
        XCTAssertEqual(d.fixIts.first?.edit?.text, "0.01", "the written momentum is replaced in place")
    }

    func testMirrorComparesTheResolvedRunningWeightNotTheNumber() throws {
        let keras = spec("keras", bn: "{type: batch_normalization, momentum: 0.99}")
        let same = try lint("mirrors: \(RuleExample.mirrorFile)\n" + spec("torch", bn: "{type: batch_normalization, momentum: 0.01, epsilon: 0.001}"), mirror: keras, in: self)
        XCTAssertEqual(same.diagnostics.with(id: "mirror-batch-norm-momentum").map(\.description), [])
        let copied = try lint("mirrors: \(RuleExample.mirrorFile)\n" + spec("torch", bn: "{type: batch_normalization, momentum: 0.99, epsilon: 0.001}"), mirror: keras, in: self, name: "copied")
        let d = try XCTUnwrap(copied.diagnostics.with(id: "mirror-batch-norm-momentum").first)
        XCTAssertEqual(d.severity, .error)
        XCTAssert(d.notes.contains { $0.message.contains("written equal but read in opposite forms") }, "\(d.notes)")
        XCTAssertEqual(d.fixIts.first?.replacement, "momentum: 0.01")
        XCTAssertEqual(copied.diagnostics.with(id: "mirror-batch-norm-epsilon").count, 0, "ε copied: the same meaning")
    }

    func testShortLastBatchIsReportedWhenTheRunningStatisticsForgetWithinABatch() throws {
        // 44 rows in batches of 10: the last batch has 4; 11 rows a batch would divide them.
        let rest = ["training: {epochs: 20, batch_size: 10}"]
        let forgetful = try lint(spec("torch", bn: "{type: batch_normalization, momentum: 0.99}", rows: 44, rest: rest), in: self)
        let d = try XCTUnwrap(forgetful.diagnostics.with(id: "batch-norm-small-batch").first)
        XCTAssert(d.message.contains("last batch of 4 rows"), d.message)
        XCTAssertEqual(d.fixIts.first?.replacement, "batch_size: 11")
        let averaging = try lint(spec("torch", bn: "{type: batch_normalization}", rows: 44, rest: rest), in: self, name: "averaging")
        XCTAssertEqual(averaging.diagnostics.with(id: "batch-norm-small-batch").map(\.description), [])
    }

    func testWeightDecayIsReportedWhereThePlanPutsItOnGammaAndBeta() throws {
        let strong = try lint(spec("torch", bn: "{type: batch_normalization}",
                                   rest: ["optimizer: {kind: sgd, learning_rate: 0.1, weight_decay: 0.01}", "training: {epochs: 100, batch_size: 10}"]), in: self)
        let d = try XCTUnwrap(strong.diagnostics.with(id: "batch-norm-weight-decay").first)
        XCTAssert(d.message.contains("γ and β"), d.message)
        // 400 updates at lr 0.1: λ·Σ lr = 0.01 · 40 = 0.4, γ·e^(−0.4) = 0.67γ.
        XCTAssert(d.notes.contains { $0.message.contains("0.67×") && $0.message.contains("400 updates") }, "\(d.notes)")
        XCTAssertEqual(d.fixIts.last?.replacement, "kernel_regularizer: {half_l2: 0.01}")
        XCTAssertEqual(d.location?.lineColumn, "12:58", "at the weight_decay that reaches them")
        // A kernel regularizer reaches no γ or β.
        let kernelOnly = try lint(spec("keras", hidden: "{units: 8, activation: relu, kernel_regularizer: {l2: 1}}", bn: "{type: batch_normalization}",
                                       rest: ["optimizer: {kind: sgd, learning_rate: 0.1}", "training: {epochs: 100, batch_size: 10}"]), in: self, name: "kernelOnly")
        XCTAssertEqual(kernelOnly.diagnostics.with(id: "batch-norm-weight-decay").map(\.description), [])
    }

    func testMirrorPenaltyScopeListsGammaAndBetaThatWeightDecayReaches() throws {
        let keras = spec("keras", bn: "{type: batch_normalization}")
        let torch = "mirrors: \(RuleExample.mirrorFile)\n" + spec("torch", bn: "{type: batch_normalization}",
                                                                     rest: ["optimizer: {kind: sgd, learning_rate: 0.01, weight_decay: 0.0005}"])
        let messages = try lint(torch, mirror: keras, in: self).diagnostics.with(id: "mirror-penalty-scope").map(\.message)
        XCTAssert(messages.contains("'batch_normalization_1' γ is penalized here (λ·W = 0.0005·W per step) but not in mirror.yaml"), "\(messages)")
        XCTAssert(messages.contains("'batch_normalization_1' β is penalized here (λ·W = 0.0005·W per step) but not in mirror.yaml"), "\(messages)")
    }

    func testBiasBeforeBatchNormOnlyWhenNothingNonLinearIsBetween() throws {
        let linear = try lint(spec("keras", hidden: "{units: 8}", bn: "{type: batch_normalization}"), in: self)
        XCTAssertEqual(linear.diagnostics.with(id: "bias-before-batch-norm").count, 1)
        let relu = try lint(spec("keras", bn: "{type: batch_normalization}"), in: self, name: "relu")
        XCTAssertEqual(relu.diagnostics.with(id: "bias-before-batch-norm").map(\.description), [])
    }

    func testDenseRulesDoNotReadABatchNormLayerAsDense() throws {
        // Adam for 35 updates: too-few-updates compares with the kernels' Glorot limit, never γ's fans.
        let text = spec("keras", bn: "{name: bn, type: batch_normalization}",
                        rest: ["optimizer: {kind: adam, learning_rate: 0.001}", "training: {epochs: 5, batch_size: 8}"])
        let (found, _) = try lint(text, in: self)
        XCTAssertEqual(found.with(id: "too-few-updates").count, 1, "the Glorot comparison runs")
        // The batch-normalization rules may name it; no other rule may.
        for d in found where !(d.id ?? "").hasPrefix("batch-norm-") {
            XCTAssertFalse((d.message + d.notes.map(\.message).joined()).contains("'bn'"), "\(d.description) \(d.notes)")
        }
        // A mirror whose layer at the same index is of another kind: one finding naming the kinds.
        let other = spec("keras", bn: "{type: dropout, rate: 0.1}")
        let (mirrored, _) = try lint("mirrors: \(RuleExample.mirrorFile)\n" + spec("keras", bn: "{type: batch_normalization}"), mirror: other, in: self, name: "mirror")
        let arch = mirrored.with(id: "mirror-architecture")
        XCTAssertEqual(arch.map(\.message), ["layer 'batch_normalization_1' has type batch_normalization here and dropout in mirror.yaml"])
    }

    /// PyTorch's unbiased running variance against Keras' biased one: the factor n/(n − 1) at the
    /// spec's batch size, seen from each side, and quiet from 22 values per channel.
    func testRunningVarianceMirrorGivesNOverNMinusOneAtTheBatchSize() throws {
        let keras = spec("keras", bn: "{type: batch_normalization, momentum: 0.9}")
        let torch = spec("torch", bn: "{type: batch_normalization, momentum: 0.1, epsilon: 0.001}")
        let here = try lint("mirrors: \(RuleExample.mirrorFile)\n" + torch, mirror: keras, in: self).diagnostics
            .with(id: "mirror-batch-norm-running-variance")
        XCTAssertEqual(here.map(\.message), ["layer 'batch_normalization_1' moves its running variance toward the batch's unbiased variance here and the biased one in mirror.yaml: 1.11× (10/9) at batches of 10 rows"])
        XCTAssertEqual(here.first?.fixIts.first?.replacement, "running_variance: biased")
        XCTAssertEqual(here.first?.location?.lineColumn, "10:7", "at the layer: running_variance is its convention's default")
        let there = try lint("mirrors: \(RuleExample.mirrorFile)\n" + keras, mirror: torch, in: self, name: "keras").diagnostics
            .with(id: "mirror-batch-norm-running-variance")
        XCTAssertEqual(there.map(\.message), ["layer 'batch_normalization_1' moves its running variance toward the batch's biased variance here and the unbiased one in mirror.yaml: 0.9× (9/10) at batches of 10 rows"])
        XCTAssert(there.first?.notes.contains { $0.message.contains("mirror.yaml's batches of 10 rows") && $0.message.contains("1.05× as large") } == true,
                  "\(there.first?.notes.map(\.message) ?? [])")
        // 40 rows in batches of 21 and 22: ×21/20 is the threshold, ×22/21 under it.
        for (rows, fires) in [(21, true), (22, false)] {
            let batch = ["training: {epochs: 20, batch_size: \(rows)}"]
            let found = try lint("mirrors: \(RuleExample.mirrorFile)\n" + spec("torch", bn: "{type: batch_normalization, momentum: 0.1}", rest: batch),
                                 mirror: spec("keras", bn: "{type: batch_normalization, momentum: 0.9}", rest: batch), in: self, name: "b\(rows)")
            XCTAssertEqual(found.diagnostics.with(id: "mirror-batch-norm-running-variance").count, fires ? 1 : 0, "batches of \(rows)")
        }
    }

    /// An image's positions count: 2 rows of 2×2 feature maps give 8 values per channel.
    func testRunningVarianceMirrorCountsAnImagesPositions() throws {
        func image(_ convention: String, _ bn: String) -> String {
            """
            convention: \(convention)
            data:
              arrays: {X: {rand: [8, 16]}}
              inputs: {reshape: {of: X, shape: [-1, 4, 4, 1]}}
              targets: {column: {of: X, index: 0}}
            model:
              data_format: channels_last
              layers:
                - {type: conv2d, filters: 2, kernel_size: 2, strides: 2}
                - \(bn)
                - {type: flatten}
                - {units: 1}
            loss: mse
            training: {epochs: 2, batch_size: 2}
            """
        }
        let found = try lint("mirrors: \(RuleExample.mirrorFile)\n" + image("torch", "{type: batch_normalization, momentum: 0.1}"),
                             mirror: image("keras", "{type: batch_normalization, momentum: 0.9}"), in: self).diagnostics
        let d = try XCTUnwrap(found.with(id: "mirror-batch-norm-running-variance").first, "\(found.map(\.description))")
        XCTAssert(d.message.hasSuffix("1.14× (8/7) at batches of 2 rows (8 values per channel)"), d.message)
    }
}
