import Foundation
import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// A run too short for the running statistics to leave their start (mean 0, variance 1): the
/// other side of the momentum trap, Keras' 0.99 over a few hundred updates.
struct BatchNormStaleStatistics: SpecRule {
    /// The weight of the start left at the end above which the rule fires.
    static let threshold = 0.1

    static let description = RuleDescription(
        id: "batch-norm-stale-statistics", name: "BatchNorm running statistics still near their start", severity: .warning,
        summary: "The run ends before batch normalization's running statistics forget their start (mean 0, variance 1), so inference normalizes with a blend of the data's statistics and 0/1.",
        explanation: """
        Running statistics start at mean 0 and variance 1 and move by `running ← w·running + (1 − \
        w)·batch` once per training step, w the weight of the old value (Keras' momentum, PyTorch's \
        1 − momentum). After T updates the start still weighs w^T: Keras' default 0.99 keeps 37 % \
        after 100 updates and 5 % after 300, so a short run (full-batch training, a few epochs of \
        large batches) is evaluated with statistics that are partly 0 and 1 — inference outputs \
        differ from training outputs though the weights fit. The rule fires when w^T is \
        \(Num.g(threshold)) or more at the end of the run, T the plan's total updates; the fix-its \
        are a momentum that leaves 1 % in T updates, or the updates 1 % needs.
        """,
        triggering: [
            .batchNorm("keras", then: ["training: {epochs: ↓100, batch_size: full}"]),
        ],
        nonTriggering: [
            .batchNorm("keras", "{type: batch_normalization, momentum: 0.9}", then: ["training: {epochs: 100, batch_size: full}"]),
            .batchNorm("torch", then: ["training: {epochs: 100, batch_size: full}"]),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard let batching = c.plan?.batching else { return [] }
        let T = batching.totalSteps
        let lengthPath = c.spec.training.length == .steps(T) ? "training.steps" : "training.epochs"
        return c.batchNormSites.compactMap { s in
            let w = s.runningWeight, left = pow(w, Double(T))
            guard w > 0, left >= Self.threshold else { return nil }
            let p = c.layerPath(s.index)
            var fixes: [FixIt] = []
            // w' with w'^T = 0.01, written in this layer's form, to three digits rounded toward less memory.
            let target = pow(0.01, 1 / Double(max(T, 1)))
            let m = s.spec.momentumForm.momentum(runningWeight: target)
            let rounded = s.spec.momentumForm == .runningWeight ? (m * 1000).rounded(.down) / 1000 : (m * 1000).rounded(.up) / 1000
            if rounded > 0, rounded < 1 {
                fixes.append(c.fix("forget the start within the run (\(Num.g(100 * pow(s.spec.momentumForm.runningWeight(momentum: rounded), Double(T)))) % left)",
                                   setting: "\(p).momentum", to: Num.g(rounded, 12)))
            }
            if w < 1, let needed = Checked.int((log(0.01) / log(w)).rounded(.up)) {
                fixes.append(FixIt("or train at least \(needed) updates (\(T) now)"))
            }
            return Self.finding(
                "after the run's \(Num.count(T, "update")) the running statistics of \(c.layerName(s.index)) still weigh their start (mean 0, variance 1) by \(Num.g(w))^\(T) = \(Num.g(left))",
                at: c.location(lengthPath, "training.steps", "training.epochs", else: c.location("training")),
                notes: [DiagnosticNote("momentum \(Num.exact(s.spec.momentum)) (\(c.origin("\(p).momentum"))) in \(s.spec.momentumForm.formula) keeps w = \(Num.g(w)) per update; inference normalizes with \(Num.g(1 - left)) of the data's statistics and \(Num.g(left)) of 0 and 1")],
                fixIts: fixes)
        }
    }
}
