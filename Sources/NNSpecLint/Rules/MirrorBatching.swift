import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Different batch sizes, batch order, training length or stopping.
struct MirrorBatching: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-batching", name: "Mirrors batch and stop differently", severity: .warning,
        summary: "The mirrored specs differ in batch size, batch order, number of updates or early stopping.",
        explanation: """
        Defaults differ: Keras' fit uses batches of 32, scikit-learn min(200, n), PyTorch's \
        DataLoader 1, the NumPy and TF programs the whole set. scikit-learn's max_iter counts epochs \
        and stops early when the loss fails to improve by tol for n_iter_no_change epochs; Keras \
        runs every epoch. A hand-written loop that takes rows [b·i mod n, +b) (`batch_order: wrap`) \
        sees the same batches as an epoch walk only when b divides n. The batch size also sets the \
        n in scikit-learn's α/n. The rule compares the resolved batch size, the total number of \
        updates, the order when it matters, and the stopping rule.
        """,
        triggering: [MirrorExamples.changed("""
        training: {batch_size: ↓32}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        training: {batch_size: 10, shuffle: true}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        let ta = a.spec.training, tb = b.spec.training
        var out: [Diagnostic] = []
        let ba = a.batchSize, bb = b.batchSize
        if let ba, let bb, ba != bb {
            out.append(Self.finding(
                "batches of \(ba) here and \(bb) in \(m.otherName)",
                at: a.location("training.batch_size"),
                notes: [DiagnosticNote("here \(ta.batchSize.description(a.plan?.batching)); \(a.stepsPerEpoch.map { Num.count($0, "update") } ?? "?") per epoch"),
                        m.there("\(tb.batchSize.description(b.plan?.batching)); \(b.stepsPerEpoch.map { Num.count($0, "update") } ?? "?") per epoch", "training.batch_size", "convention")],
                fixIts: [a.fix("use the same batch size", setting: "training.batch_size", to: "\(bb)")]))
        }
        // L-BFGS's length is its max_iter (compared by mirror-optimizer), not epochs of updates.
        let iterative = a.spec.optimizer.kind != .lbfgs && b.spec.optimizer.kind != .lbfgs
        if iterative, let ua = a.totalUpdates, let ub = b.totalUpdates, ua != ub, ba == bb || lengthDiffers(ta.length, tb.length) {
            let path: String
            var fix: FixIt
            switch ta.length {
            case .epochs:
                path = "training.epochs"
                if let spe = a.stepsPerEpoch, spe > 0, ub % spe == 0 {
                    fix = a.fix("train as long", setting: "training.epochs", to: "\(ub / spe)")
                } else {
                    fix = a.fix("train as many updates", setting: "training.steps", to: "\(ub)")
                }
            case .steps:
                path = "training.steps"
                fix = a.fix("train as many updates", setting: "training.steps", to: "\(ub)")
            }
            out.append(Self.finding(
                "\(Num.count(ua, "update")) here and \(ub) in \(m.otherName) (\(Num.factor(Double(ua) / Double(ub))))",
                at: a.location(path),
                notes: [DiagnosticNote("here \(ta.length.description(a.plan?.batching))"), m.there(tb.length.description(b.plan?.batching), path == "training.steps" ? "training.steps" : "training.epochs", "training.steps", "convention")],
                fixIts: [fix]))
        }
        if ta.earlyStopping != tb.earlyStopping {
            let there = tb.earlyStopping.map { "{tol: \(Num.exact($0.tol)), n_iter_no_change: \($0.patience)}" } ?? "false"
            out.append(Self.finding(
                "\(ta.earlyStopping.stoppingText) here; \(tb.earlyStopping.stoppingText) in \(m.otherName)",
                at: a.location("training.early_stopping"),
                notes: [DiagnosticNote("here \(a.origin("training.early_stopping"))"),
                        m.there("\(b.origin("training.early_stopping"))", "training.early_stopping", "convention")],
                fixIts: [a.fix("stop the same way", setting: "training.early_stopping", to: there)]))
        }
        if m.comparison.batchOrderMatters, let n = a.samples, let ba {
            out.append(Self.finding(
                "batches are taken \(ta.batchOrder.text) here and \(tb.batchOrder.text) in \(m.otherName); with \(n) samples in batches of \(ba) they differ after the first pass",
                at: a.location("training.batch_order"),
                notes: [m.there("batch_order \(tb.batchOrder.rawValue)", "training.batch_order", "convention")],
                fixIts: [a.fix("take the same batches", setting: "training.batch_order", to: tb.batchOrder.rawValue)]))
        }
        return out
    }

    private func lengthDiffers(_ a: TrainingLength, _ b: TrainingLength) -> Bool {
        switch (a, b) {
        case (.epochs(let x), .epochs(let y)), (.steps(let x), .steps(let y)): return x != y
        default: return true
        }
    }
}
