import NNSpecIR
import NNSpecSyntax

/// Mirrored batch-normalization layers whose running statistics keep different weights of their
/// old value, above all Keras' momentum copied into PyTorch's opposite form.
struct MirrorBatchNormMomentum: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-batch-norm-momentum", name: "Mirrored BatchNorm running statistics update differently", severity: .error,
        summary: "A batch-normalization layer keeps a different weight of its running statistics per update in the mirrored specs; momenta written equal in opposite forms are the usual cause.",
        explanation: """
        Keras' `moving = m·moving + (1 − m)·batch` and PyTorch's `running = (1 − m)·running + \
        m·batch` weigh opposite terms, so the rule compares the weight of the old running value each \
        spec resolves (Keras' m, PyTorch's 1 − m), not the numbers written. Keras' 0.99 ported to \
        PyTorch as 0.99 keeps 1 % of the old value instead of 99 %: the running statistics that \
        inference uses are then the last batch's instead of an average over about 200 batches. The \
        fix-it writes the momentum that, in this spec's form, keeps what the mirror keeps.
        """,
        triggering: [MirrorExamples.pair(
            RuleExample.batchNormYAML("torch", "{type: batch_normalization, momentum: ↓0.99}"),
            RuleExample.batchNormYAML("keras", "{type: batch_normalization, momentum: 0.99}"))],
        nonTriggering: [MirrorExamples.pair(
            RuleExample.batchNormYAML("torch", "{type: batch_normalization, momentum: 0.01}"),
            RuleExample.batchNormYAML("keras", "{type: batch_normalization, momentum: 0.99}"))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        m.batchNormPairs.compactMap { a, b in
            guard !Num.same(a.runningWeight, b.runningWeight) else { return nil }
            let p = m.this.layerPath(a.index), ma = a.spec.momentum, mb = b.spec.momentum
            var notes = [DiagnosticNote("here momentum \(Num.exact(ma)) (\(m.this.origin("\(p).momentum"))) in \(a.spec.momentumForm.formula); \(BatchNormText.memory(a.runningWeight))"),
                         m.there("momentum \(Num.exact(mb)) (\(m.other.origin("\(p).momentum"))) in \(b.spec.momentumForm.formula); \(BatchNormText.memory(b.runningWeight))",
                                 "\(p).momentum", "\(p).type", else: m.other.layers[a.index].location)]
            if Num.same(ma, mb), a.spec.momentumForm != b.spec.momentumForm {
                notes.append(DiagnosticNote("the momenta are written equal but read in opposite forms: \(Num.exact(ma)) here means what \(BatchNormText.value(1 - ma)) means in \(m.otherName)"))
            }
            let fix = a.spec.momentumForm.momentum(runningWeight: b.runningWeight)
            return Self.finding(
                "\(m.this.layerName(a.index)) \(BatchNormText.keeps(a.runningWeight)) here and \(Num.g(100 * b.runningWeight)) % in \(m.otherName)",
                at: m.this.location("\(p).momentum", else: m.this.layers[a.index].location), notes: notes,
                fixIts: [m.this.fix("keep what \(m.otherName) keeps, in this spec's form", setting: "\(p).momentum", to: BatchNormText.value(fix))])
        }
    }
}
