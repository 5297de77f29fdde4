import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Adam's (and RMSprop's, Adagrad's) ε of a different size or in a different place.
struct MirrorEpsilon: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-epsilon", name: "Mirrors use a different optimizer ε", severity: .warning,
        summary: "The adaptive optimizer's ε differs in value or in where it is added.",
        explanation: """
        Keras and scikit-learn take Adam's step as α_t·m/(√v + ε) with α_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ), \
        ε = 1e-7 (Keras) or 1e-8 (scikit-learn); PyTorch divides the bias-corrected m̂ by √v̂ + ε \
        (ε = 1e-8), which in Keras' form is an ε of ε·√(1−β₂ᵗ) — 0.0316·ε at the first step, ε only \
        in the limit. ε bounds the step where gradients are small (v ≈ 0), so its size relative to \
        √v decides how far the first steps and flat regions go. (Batch normalization's ε is \
        `mirror-batch-norm-epsilon`'s.)
        """,
        triggering: [MirrorExamples.changed("""
        optimizer: {kind: adam, learning_rate: 0.01, epsilon: ↓1e-7}
        """).withMirror(MirrorExamples.base.replacingOccurrences(of: "optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0.9}", with: "optimizer: {kind: adam, learning_rate: 0.01, epsilon: 1e-8}"))],
        nonTriggering: [MirrorExamples.changed("""
        optimizer: {kind: adam, learning_rate: 0.01, epsilon: 1e-8}
        """).withMirror(MirrorExamples.base.replacingOccurrences(of: "optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0.9}", with: "optimizer: {kind: adam, learning_rate: 0.01, epsilon: 1e-8}"))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let oa = m.this.spec.optimizer, ob = m.other.spec.optimizer
        guard oa.kind == ob.kind, [.adam, .adamw, .rmsprop, .adagrad].contains(oa.kind) else { return [] }
        var out: [Diagnostic] = []
        if !Num.same(oa.epsilon, ob.epsilon) {
            out.append(Self.finding(
                "ε is \(Num.exact(oa.epsilon)) here and \(Num.exact(ob.epsilon)) in \(m.otherName) (\(Num.factor(oa.epsilon / ob.epsilon)))",
                at: m.this.location("optimizer.epsilon", "optimizer.kind"),
                notes: [DiagnosticNote("here \(m.this.origin("optimizer.epsilon")); ε caps the step where √v is small"),
                        m.there("ε \(Num.exact(ob.epsilon)) (\(m.other.origin("optimizer.epsilon")))", "optimizer.epsilon", "optimizer.kind")],
                fixIts: [m.this.fix("use the same ε", setting: "optimizer.epsilon", to: Num.exact(ob.epsilon))]))
        }
        if oa.kind == .adam || oa.kind == .adamw, oa.epsilonForm != ob.epsilonForm {
            out.append(Self.finding(
                "ε is added to \(oa.epsilonForm == .accumulator ? "√v" : "√v̂") here and to \(ob.epsilonForm == .accumulator ? "√v" : "√v̂") in \(m.otherName)",
                at: m.this.location("optimizer.epsilon_form", "optimizer.epsilon", "optimizer.kind"),
                notes: [DiagnosticNote("in Keras' form PyTorch's ε acts as ε·√(1−β₂ᵗ): \(Num.g(oa.torchEpsilonScale(atStep: 1)))·ε at step 1, \(Num.g(oa.torchEpsilonScale(atStep: 100)))·ε at step 100"),
                        m.there("epsilon_form \(ob.epsilonForm.rawValue) (\(m.other.origin("optimizer.epsilon_form")))", "optimizer.epsilon_form", "optimizer.kind")],
                fixIts: [m.this.fix("add ε in the same place", setting: "optimizer.epsilon_form", to: ob.epsilonForm.rawValue)]))
        }
        return out
    }
}
