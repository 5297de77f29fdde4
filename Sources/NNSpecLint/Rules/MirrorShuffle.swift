import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// One spec shuffles (or shuffles differently) and the other does not.
struct MirrorShuffle: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-shuffle", name: "Mirrors shuffle differently", severity: .warning,
        summary: "One spec shuffles the training rows each epoch and the other does not, or they shuffle with different random streams.",
        explanation: """
        Keras' fit and scikit-learn shuffle every epoch by default, PyTorch's DataLoader and \
        hand-written loops do not. scikit-learn shuffles with the same RandomState that drew the \
        initial weights (`shuffle_form: sklearn`); Keras draws a fresh permutation \
        (`permutation`). Different orders give different batches, so minibatch runs cannot agree \
        step for step. With one batch per epoch the order is irrelevant, and the rule stays silent.
        """,
        triggering: [MirrorExamples.changed("""
        training: {shuffle: ↓false}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        training: {shuffle: false, batch_size: full}
        """).withMirror(MirrorExamples.base.replacingOccurrences(of: "batch_size: 10", with: "batch_size: full"))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        let ta = a.spec.training, tb = b.spec.training
        guard m.comparison.shuffleMatters else { return [] }
        if ta.shuffle != tb.shuffle {
            return [Self.finding(
                ta.shuffle ? "rows are shuffled every epoch here and taken in order in \(m.otherName)"
                           : "rows are taken in order here and shuffled every epoch in \(m.otherName)",
                at: a.location("training.shuffle"),
                notes: [DiagnosticNote("here \(a.origin("training.shuffle")); \(a.stepsPerEpoch.map { Num.count($0, "batch", plural: "batches") } ?? "several batches") per epoch"),
                        m.there("shuffle \(tb.shuffle) (\(b.origin("training.shuffle")))", "training.shuffle", "convention")],
                fixIts: [a.fix("order the rows the same way", setting: "training.shuffle", to: "\(tb.shuffle)")])]
        }
        if ta.shuffle, ta.shuffleForm != tb.shuffleForm {
            return [Self.finding(
                "rows are shuffled with \(ta.shuffleForm.text) here and \(tb.shuffleForm.text) in \(m.otherName): the batches differ",
                at: a.location("training.shuffle_form", "training.shuffle"),
                notes: [m.there("shuffle_form \(tb.shuffleForm.rawValue) (\(b.origin("training.shuffle_form")))", "training.shuffle_form", "convention")],
                fixIts: [a.fix("shuffle the same way", setting: "training.shuffle_form", to: tb.shuffleForm.rawValue)])]
        }
        return []
    }
}
