import NNSpecIR
import NNSpecSyntax

/// Mirrored batch-normalization layers that add a different ε to the variance (Keras 1e-3,
/// PyTorch 1e-5). `mirror-epsilon` is the optimizer's ε.
struct MirrorBatchNormEpsilon: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-batch-norm-epsilon", name: "Mirrored BatchNorm layers add a different ε", severity: .warning,
        summary: "A batch-normalization layer divides by √(σ² + ε) with a different ε in the mirrored specs (Keras' default 1e-3, PyTorch's 1e-5).",
        explanation: """
        Batch normalization scales each feature by γ/√(σ² + ε). Keras' default ε is 1e-3, PyTorch's \
        1e-5; a port that keeps each framework's default scales a feature of variance σ² by \
        √((σ² + ε₁)/(σ² + ε₂)) more in one than in the other: nothing for σ² ≫ ε, √2 at σ² = \
        1e-3, and up to 10× for a feature that is nearly constant in a batch (a border pixel, a dead \
        unit). In inference mode the running variance takes σ²'s place. (`mirror-epsilon` compares \
        the optimizer's ε.)
        """,
        triggering: [MirrorExamples.pair(
            RuleExample.batchNormYAML("torch", "↓{type: batch_normalization, momentum: 0.01}"),
            RuleExample.batchNormYAML("keras"))],
        nonTriggering: [MirrorExamples.pair(
            RuleExample.batchNormYAML("torch", "{type: batch_normalization, momentum: 0.01, epsilon: 0.001}"),
            RuleExample.batchNormYAML("keras"))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        m.batchNormPairs.compactMap { a, b in
            let ea = a.kind.epsilon, eb = b.kind.epsilon
            guard !Num.same(ea, eb) else { return nil }
            let p = m.this.layerPath(a.index)
            let big = max(ea, eb), small = min(ea, eb)
            let atBig = ((big + big) / (big + small)).squareRoot(), atZero = (big / small).squareRoot()
            return Self.finding(
                "\(m.this.layerName(a.index)) adds ε = \(Num.exact(ea)) to the variance here and \(Num.exact(eb)) in \(m.otherName) (\(Num.factor(ea / eb)))",
                at: m.this.location("\(p).epsilon", else: m.this.layers[a.index].location),
                notes: [DiagnosticNote("here \(m.this.origin("\(p).epsilon")); each feature is scaled by γ/√(σ² + ε): the specs differ by √((σ² + \(Num.exact(big)))/(σ² + \(Num.exact(small)))), \(Num.factor(atBig)) at σ² = \(Num.exact(big)) and up to \(Num.factor(atZero)) for a feature constant in a batch"),
                        m.there("ε \(Num.exact(eb)) (\(m.other.origin("\(p).epsilon")))", "\(p).epsilon", "\(p).type", else: m.other.layers[a.index].location)],
                fixIts: [m.this.fix("add the same ε", setting: "\(p).epsilon", to: Num.exact(eb))])
        }
    }
}
