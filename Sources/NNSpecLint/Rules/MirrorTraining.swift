import NNSpecIR
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
        optimizer: {learning_rate: 0.01, momentum_form: torch}
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
                fixIts: [FixIt("use the same value", replacement: "\(key): \(there)")]))
        }
        func num(_ key: String, _ what: String, _ x: Double, _ y: Double, ratio: Bool = false) {
            if !Num.same(x, y) { differ(key, what, Num.exact(x), Num.exact(y), factor: ratio && y != 0 ? x / y : nil) }
        }
        guard oa.kind == ob.kind else {
            differ("kind", "the optimizer", oa.kind.rawValue, ob.kind.rawValue)
            return out
        }
        if oa.kind != .lbfgs { num("learning_rate", "the learning rate", oa.learningRate, ob.learningRate, ratio: true) }
        switch oa.kind {
        case .sgd:
            num("momentum", "the momentum", oa.momentum, ob.momentum)
            if oa.nesterov != ob.nesterov { differ("nesterov", "Nesterov momentum", "\(oa.nesterov)", "\(ob.nesterov)") }
            let da = oa.momentumForm == .torch ? oa.dampening : 0, db = ob.momentumForm == .torch ? ob.dampening : 0
            num("dampening", "the momentum dampening", da, db)
            let scheduled = oa.schedule != .constant || ob.schedule != .constant
            if oa.momentumForm != ob.momentumForm, oa.momentum > 0, scheduled, Num.same(da, db) {
                differ("momentum_form", "the momentum form", oa.momentumForm.rawValue, ob.momentumForm.rawValue,
                       note: "with a changing learning rate Keras' velocity keeps steps taken at old rates while PyTorch's buffer is scaled by the current rate")
            }
        case .adam, .adamw:
            num("beta_1", "β₁", oa.beta1, ob.beta1)
            num("beta_2", "β₂", oa.beta2, ob.beta2)
        case .rmsprop:
            num("rho", "ρ", oa.rho, ob.rho)
            num("momentum", "the momentum", oa.momentum, ob.momentum)
        case .adagrad:
            num("initial_accumulator_value", "the initial accumulator", oa.initialAccumulator, ob.initialAccumulator)
        case .lbfgs:
            if oa.maxIter != ob.maxIter { differ("max_iter", "max_iter", "\(oa.maxIter)", "\(ob.maxIter)") }
            num("tol", "the tolerance", oa.tolerance, ob.tolerance)
            if oa.history != ob.history { differ("history_size", "the history size", "\(oa.history)", "\(ob.history)") }
        }
        if oa.weightDecay > 0 || ob.weightDecay > 0, oa.weightDecayForm != ob.weightDecayForm,
           oa.kind != .sgd || oa.momentum > 0 || ob.momentum > 0 {
            differ("weight_decay_form", "weight decay", oa.weightDecayForm.rawValue, ob.weightDecayForm.rawValue,
                   note: "coupled adds λ·W to the gradient, which momentum or Adam then rescale; decoupled subtracts lr·λ·W outside it")
        }
        if oa.schedule != ob.schedule {
            differ("schedule", "the learning-rate schedule", describe(oa.schedule), describe(ob.schedule))
        }
        return out
    }

    private func describe(_ s: Schedule) -> String {
        switch s {
        case .constant: return "constant"
        case .inverseTime(let d): return "{kind: inverse_time, decay: \(Num.exact(d))}"
        case .invScaling(let p): return "{kind: invscaling, power_t: \(Num.exact(p))}"
        }
    }
}

/// Adam's (and RMSprop's, Adagrad's) ε of a different size or in a different place.
struct MirrorEpsilon: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-epsilon", name: "Mirrors use a different ε", severity: .warning,
        summary: "The adaptive optimizer's ε differs in value or in where it is added.",
        explanation: """
        Keras and scikit-learn take Adam's step as α_t·m/(√v + ε) with α_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ), \
        ε = 1e-7 (Keras) or 1e-8 (scikit-learn); PyTorch divides the bias-corrected m̂ by √v̂ + ε \
        (ε = 1e-8), which in Keras' form is an ε of ε·√(1−β₂ᵗ) — 0.0316·ε at the first step, ε only \
        in the limit. ε bounds the step where gradients are small (v ≈ 0), so its size relative to \
        √v decides how far the first steps and flat regions go.
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
                fixIts: [FixIt("use the same ε", replacement: "epsilon: \(Num.exact(ob.epsilon))")]))
        }
        if oa.kind == .adam || oa.kind == .adamw, oa.epsilonForm != ob.epsilonForm {
            let b2 = oa.beta2
            out.append(Self.finding(
                "ε is added to \(oa.epsilonForm == .keras ? "√v" : "√v̂") here and to \(ob.epsilonForm == .keras ? "√v" : "√v̂") in \(m.otherName)",
                at: m.this.location("optimizer.epsilon_form", "optimizer.epsilon", "optimizer.kind"),
                notes: [DiagnosticNote("in Keras' form PyTorch's ε acts as ε·√(1−β₂ᵗ): \(Num.g((1 - b2).squareRoot()))·ε at step 1, \(Num.g((1 - pow(b2, 100)).squareRoot()))·ε at step 100"),
                        m.there("epsilon_form \(ob.epsilonForm.rawValue) (\(m.other.origin("optimizer.epsilon_form")))", "optimizer.epsilon_form", "optimizer.kind")],
                fixIts: [FixIt("add ε in the same place", replacement: "epsilon_form: \(ob.epsilonForm.rawValue)")]))
        }
        return out
    }

    private func pow(_ x: Double, _ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * x } }
}

extension RuleExample {
    func withMirror(_ mirror: String) -> RuleExample { RuleExample(spec, mirror: mirror) }
}

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
                notes: [DiagnosticNote("here \(describe(ta.batchSize, ba, a)); \(a.stepsPerEpoch.map { Num.count($0, "update") } ?? "?") per epoch"),
                        m.there("\(describe(tb.batchSize, bb, b)); \(b.stepsPerEpoch.map { Num.count($0, "update") } ?? "?") per epoch", "training.batch_size", "convention")],
                fixIts: [FixIt("use the same batch size", replacement: "batch_size: \(bb)")]))
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
                    fix = FixIt("train as long", replacement: "epochs: \(ub / spe)")
                } else {
                    fix = FixIt("train as many updates", replacement: "steps: \(ub)")
                }
            case .steps:
                path = "training.steps"
                fix = FixIt("train as many updates", replacement: "steps: \(ub)")
            }
            out.append(Self.finding(
                "\(Num.count(ua, "update")) here and \(ub) in \(m.otherName) (\(Num.factor(Double(ua) / Double(ub))))",
                at: a.location(path),
                notes: [DiagnosticNote("here \(length(ta.length, a))"), m.there(length(tb.length, b), path == "training.steps" ? "training.steps" : "training.epochs", "training.steps", "convention")],
                fixIts: [fix]))
        }
        if ta.earlyStopping != tb.earlyStopping {
            let there = tb.earlyStopping.map { "{tol: \(Num.exact($0.tol)), n_iter_no_change: \($0.patience)}" } ?? "false"
            out.append(Self.finding(
                "\(stopping(ta.earlyStopping)) here; \(stopping(tb.earlyStopping)) in \(m.otherName)",
                at: a.location("training.early_stopping"),
                notes: [DiagnosticNote("here \(a.origin("training.early_stopping"))"),
                        m.there("\(b.origin("training.early_stopping"))", "training.early_stopping", "convention")],
                fixIts: [FixIt("stop the same way", replacement: "early_stopping: \(there)")]))
        }
        if ta.batchOrder != tb.batchOrder, let n = a.samples, let ba, ba == bb, n % ba != 0, !ta.shuffle || !tb.shuffle {
            out.append(Self.finding(
                "batches are taken \(order(ta.batchOrder)) here and \(order(tb.batchOrder)) in \(m.otherName); with \(n) samples in batches of \(ba) they differ after the first pass",
                at: a.location("training.batch_order"),
                notes: [m.there("batch_order \(tb.batchOrder.rawValue)", "training.batch_order", "convention")],
                fixIts: [FixIt("take the same batches", replacement: "batch_order: \(tb.batchOrder.rawValue)")]))
        }
        return out
    }

    private func lengthDiffers(_ a: TrainingLength, _ b: TrainingLength) -> Bool {
        switch (a, b) {
        case (.epochs(let x), .epochs(let y)), (.steps(let x), .steps(let y)): return x != y
        default: return true
        }
    }

    private func describe(_ s: BatchSize, _ b: Int, _ c: LintContext) -> String {
        switch s {
        case .auto: return "auto = min(200, n) = \(b) with n = \(c.samples ?? 0)"
        case .full: return "full = n = \(b)"
        case .count(let k): return k == b ? "\(b)" : "\(k), capped at n = \(b)"
        }
    }

    private func length(_ l: TrainingLength, _ c: LintContext) -> String {
        switch l {
        case .steps(let s): return Num.count(s, "step")
        case .epochs(let e): return "\(Num.count(e, "epoch")) × \(c.stepsPerEpoch.map { Num.count($0, "update") } ?? "?")"
        }
    }

    private func stopping(_ e: EarlyStopping?) -> String {
        e.map { "stops when the loss improves by less than \(Num.exact($0.tol)) for \($0.patience) epochs" } ?? "runs every epoch"
    }

    private func order(_ o: BatchOrder) -> String { o == .wrap ? "as rows [b·i mod n, +b)" : "epoch by epoch from the start" }
}

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
        guard (a.stepsPerEpoch ?? 2) > 1 || (b.stepsPerEpoch ?? 2) > 1 else { return [] }
        if ta.shuffle != tb.shuffle {
            return [Self.finding(
                ta.shuffle ? "rows are shuffled every epoch here and taken in order in \(m.otherName)"
                           : "rows are taken in order here and shuffled every epoch in \(m.otherName)",
                at: a.location("training.shuffle"),
                notes: [DiagnosticNote("here \(a.origin("training.shuffle")); \(a.stepsPerEpoch.map { Num.count($0, "batch", plural: "batches") } ?? "several batches") per epoch"),
                        m.there("shuffle \(tb.shuffle) (\(b.origin("training.shuffle")))", "training.shuffle", "convention")],
                fixIts: [FixIt("order the rows the same way", replacement: "shuffle: \(tb.shuffle)")])]
        }
        if ta.shuffle, ta.shuffleForm != tb.shuffleForm {
            return [Self.finding(
                "rows are shuffled with \(form(ta.shuffleForm)) here and \(form(tb.shuffleForm)) in \(m.otherName): the batches differ",
                at: a.location("training.shuffle_form", "training.shuffle"),
                notes: [m.there("shuffle_form \(tb.shuffleForm.rawValue) (\(b.origin("training.shuffle_form")))", "training.shuffle_form", "convention")],
                fixIts: [FixIt("shuffle the same way", replacement: "shuffle_form: \(tb.shuffleForm.rawValue)")])]
        }
        return []
    }

    private func form(_ f: ShuffleForm) -> String {
        f == .sklearn ? "scikit-learn's shuffle (the RNG that drew the weights)" : "a fresh permutation per epoch"
    }
}
