import NNSpecIR
import NNSpecSyntax

/// Penalties of different strength on the same parameters.
struct MirrorPenalty: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-penalty", name: "Mirrors penalize with different strength", severity: .warning,
        summary: "A kernel or bias penalized in both specs gets a different L2 gradient per step.",
        explanation: """
        The same number means different strengths: Keras' l2(λ) adds \
        2λ·W to the gradient every step, not divided by the batch; a half_l2 α (Keras' \
        alpha·0.5·ΣW², the NumPy network's decay) adds α·W; scikit-learn's alpha adds α/n·W with n \
        the current batch size; PyTorch's coupled weight_decay λ adds λ·W. The rule computes the \
        coefficient c of c·W per step on each parameter tensor in both specs and reports the factor \
        and the value of this spec's own parameter that would make them equal — e.g. 2λ·W with \
        λ = 0.5 against α/n·W with α = 1, n = 200 is 200× more, and λ = 0.0025 matches. L1 terms \
        are compared the same way. scikit-learn's n is the current batch: when the batch size does \
        not divide the training set, the last batch of each epoch is penalized more, which no \
        per-step coefficient reproduces exactly.
        """,
        triggering: [MirrorExamples.kerasAgainstSklearnAlpha(
            hidden: "{units: 4, activation: sigmoid, kernel_regularizer: {l2: ↓0.5}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}",
            output: "{units: 1, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}")],
        nonTriggering: [MirrorExamples.kerasMatchingSklearnAlpha])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        let a = m.this, b = m.other
        var out: [Diagnostic] = []
        for bias in [false, true] {
            let groups = a.layers.indices.groupedInOrder { i -> String? in
                let (ta, ca) = a.l2Terms(layer: i, bias: bias), (_, cb) = b.l2Terms(layer: i, bias: bias)
                guard let ca, let cb, ca > 0, cb > 0, !Num.same(ca, cb) else { return nil }
                return ta.map(\.path).joined(separator: "+") + "|\(ca)|\(cb)"
            }
            for layers in groups {
                let i = layers[0]
                let (ta, ca) = a.l2Terms(layer: i, bias: bias), (tb, cb) = b.l2Terms(layer: i, bias: bias)
                guard let ca, let cb else { continue }
                let what = "the \(bias ? "bias" : "kernel")\(layers.count > 1 ? "s" : "") of \(a.layerNames(layers))"
                let formulaA = ta.map(\.formula).joined(separator: " + "), formulaB = tb.map(\.formula).joined(separator: " + ")
                let r = ca / cb
                out.append(Self.finding(
                    "the L2 gradient on \(what) is \(formulaA) here and \(formulaB) in \(m.otherName): this spec regularizes \(Num.moreOrLess(r))",
                    at: a.location(ta[0].path),
                    notes: [
                        DiagnosticNote("here: \(a.penaltyText(ta)) = \(Num.g(ca))·W per step"),
                        m.there("\(b.penaltyText(tb)) = \(Num.g(cb))·W per step", tb[0].path),
                    ],
                    fixIts: [a.penaltyFix(cb, layer: i, bias: bias, current: ta)]))
            }
            for i in a.layers.indices {
                let la = a.penaltyTerms(layer: i, bias: bias).filter(\.isL1), lb = b.penaltyTerms(layer: i, bias: bias).filter(\.isL1)
                guard let ta = la.first, let tb = lb.first, let ca = ta.coefficient, let cb = tb.coefficient, !Num.same(ca, cb) else { continue }
                out.append(Self.finding(
                    "the L1 gradient on the \(bias ? "bias" : "kernel") of \(a.layerName(i)) is \(Num.g(ca))·sign(W) here and \(Num.g(cb))·sign(W) in \(m.otherName) (\(Num.factor(ca / cb)))",
                    at: a.location(ta.path),
                    notes: [m.there("l1 λ = \(Num.g(cb))", tb.path)],
                    fixIts: [FixIt("use λ = \(Num.g(cb))", replacement: "\(bias ? "bias" : "kernel")_regularizer: {l1: \(Num.g(cb, 6))}")]))
            }
        }
        return out
    }
}
