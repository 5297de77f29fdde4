import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Different optimizers or optimizer settings.
struct MirrorOptimizer: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-optimizer", name: "Mirrors optimize differently", severity: .warning,
        summary: "The mirrored specs use a different optimizer, learning rate, momentum, schedule or decay form.",
        explanation: """
        Keras and scikit-learn keep a velocity v ← μv − lr·g, W ← W + v (Nesterov: W ← W + μv − lr·g); \
        PyTorch keeps a buffer b ← μb + (1−d)·g, W ← W − lr·b (Nesterov: W ← W − lr·(g + μb)). With a \
        constant learning rate and no dampening the two produce the same steps, so the rule reports \
        the momentum form only when a schedule or dampening makes them differ. Coupled weight decay \
        (λW in the gradient) and decoupled (W ← W − lr·λ·W outside it) agree for plain SGD and differ \
        once momentum or Adam rescale the gradient. Every other setting — kind, learning rate, \
        momentum, Nesterov, β₁, β₂, ρ, the schedule (Keras' legacy decay lr/(1 + decay·t), \
        scikit-learn's invscaling) — is compared directly.
        """,
        triggering: [MirrorExamples.changed("""
        optimizer: {learning_rate: ↓0.1}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        optimizer: {learning_rate: 0.01, momentum_form: buffer}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        let oa = a.spec.optimizer, ob = b.spec.optimizer
        var out: [Diagnostic] = []
        func differ(_ key: String, _ what: String, _ here: String, _ there: String, factor: Double? = nil, note: String? = nil) {
            var notes = [m.there("\(key) \(there) (\(b.origin("optimizer.\(key)")))", "optimizer.\(key)", "optimizer.kind", "convention")]
            if let note { notes.append(DiagnosticNote(note)) }
            out.append(Self.finding(
                "\(what) is \(here) here and \(there) in \(m.otherName)" + (factor.map { " (\(Num.factor($0)))" } ?? ""),
                at: a.location("optimizer.\(key)", "optimizer.kind"),
                notes: notes,
                fixIts: [a.fix("use the same value", setting: "optimizer.\(key)", to: there)]))
        }
        func num(_ key: String, _ what: String, _ x: Double, _ y: Double, ratio: Bool = false) {
            if !Num.same(x, y) { differ(key, what, Num.exact(x), Num.exact(y), factor: ratio && y != 0 ? x / y : nil) }
        }
        guard oa.kind == ob.kind else {
            differ("kind", "the optimizer", oa.kind.rawValue, ob.kind.rawValue)
            return out
        }
        if oa.kind != .lbfgs { num("learning_rate", "the learning rate", oa.learningRate, ob.learningRate, ratio: true) }
        for (x, y) in zip(oa.settings, ob.settings) where x.differs(from: y) {
            differ(x.key, x.label, x.text, y.text)
        }
        if oa.kind == .sgd && m.comparison.momentumFormMatters {
            differ("momentum_form", "the momentum form", oa.momentumForm.rawValue, ob.momentumForm.rawValue,
                   note: "with a changing learning rate Keras' velocity keeps steps taken at old rates while PyTorch's buffer is scaled by the current rate")
        }
        if m.comparison.weightDecayFormMatters {
            differ("weight_decay_form", "weight decay", oa.weightDecayForm.rawValue, ob.weightDecayForm.rawValue,
                   note: "coupled adds λ·W to the gradient, which momentum or Adam then rescale; decoupled subtracts lr·λ·W outside it")
        }
        if oa.schedule != ob.schedule {
            differ("schedule", "the learning-rate schedule", oa.scheduleText, ob.scheduleText)
        }
        return out
    }

}
