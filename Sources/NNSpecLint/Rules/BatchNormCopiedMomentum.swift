import NNSpecIR
import NNSpecSyntax

/// A batch-normalization momentum that reads like the other framework's: PyTorch's
/// `momentum=0.99` copied from Keras, or Keras' `momentum=0.1` copied from PyTorch.
struct BatchNormCopiedMomentum: SpecRule {
    static let description = RuleDescription(
        id: "batch-norm-momentum-form", name: "BatchNorm momentum read in the other framework's form", severity: .warning,
        summary: "A batch-normalization momentum keeps less than half of the running statistics per update: the number looks copied from the other framework.",
        explanation: """
        Keras updates `moving = m·moving + (1 − m)·batch` (default m = 0.99); PyTorch updates \
        `running = (1 − m)·running + m·batch` (default m = 0.1). The same word weighs opposite \
        terms, so Keras' 0.99 is PyTorch's 0.01. A PyTorch port that copies `momentum=0.99` keeps \
        1 % of the old running value per update: the running mean and variance used at inference \
        are the last training batch's, with all its sampling noise (a pixel that no image of that \
        batch touches gets a running variance near 0, and a test image that touches it is divided \
        by about √ε). A Keras `momentum=0.1` copied from PyTorch does the same. The rule fires when \
        the momentum is written, its form is the convention's, and the resolved weight of the old \
        running value is below 0.5 (PyTorch momentum above 0.5, Keras momentum below 0.5: read in \
        the other form it would keep more than half); a spec that writes `momentum_form` means it.
        """,
        triggering: [
            .batchNorm("torch", "{type: batch_normalization, momentum: ↓0.99}"),
            .batchNorm("keras", "{type: batch_normalization, momentum: ↓0.1}"),
        ],
        nonTriggering: [
            .batchNorm("torch", "{type: batch_normalization, momentum: 0.01}"),
            .batchNorm("keras", "{type: batch_normalization, momentum: 0.99}"),
            .batchNorm("torch", "{type: batch_normalization, momentum: 0.99, momentum_form: keras}"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.batchNormSites.compactMap { s in
            let p = c.layerPath(s.index), b = s.spec, w = s.runningWeight
            guard c.isWritten("\(p).momentum"), !c.isWritten("\(p).momentum_form"), w < 0.5 else { return nil }
            let meant = b.momentumForm.momentum(runningWeight: 1 - w)
            return Self.finding(
                "momentum \(Num.exact(b.momentum)) of \(c.layerName(s.index)) \(BatchNormText.keeps(w)): \(BatchNormText.memory(w))",
                at: c.location("\(p).momentum", else: c.layers[s.index].location),
                notes: [DiagnosticNote("momentum_form \(b.momentumForm.rawValue) (\(c.origin("\(p).momentum_form"))): \(b.momentumForm.formula)"),
                        DiagnosticNote("read in the other form, \(Num.exact(b.momentum)) would keep \(Num.g(100 * (1 - w))) % (\(BatchNormText.memory(1 - w)))")],
                fixIts: [c.fix("keep \(Num.g(100 * (1 - w))) % of the running statistics, as the number means in the other framework",
                               setting: "\(p).momentum", to: BatchNormText.value(meant)),
                         FixIt("or, if the written number is meant in the other framework's form, say so",
                               replacement: "momentum_form: \(b.momentumForm == .batchWeight ? "keras" : "torch")")])
        }
    }
}
