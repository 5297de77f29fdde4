import Foundation
import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecLint

// The aspects of an experiment `nnspec diff` interprets. Each claims the leaves it speaks for,
// then compares A and B by the effective numbers NNSpecLint's Semantics and the plan's
// PlanComparison compute (the same the mirror-* lint rules report), adding one line per
// difference in meaning.

extension DiffBuilder {
    // MARK: labels

    /// Names, descriptions, the mirrors list, the results path, lint settings, the convention
    /// (whose effects are the resolved values beside it), the top-level seed (resolved into
    /// data.seed and training.seed) and loss.form (resolved into the loss fields): no effect.
    mutating func labels() {
        claim(prefixes: ["name", "description", "mirrors", "outputs", "lint", "convention", "seed", "loss.form"])
        claim { $0.hasPrefix("model.layers[") && $0.hasSuffix("].name") }
    }

    // MARK: data

    mutating func dataSection() {
        claim(prefixes: ["data"])
        let written = leaves(["data"])
        let unwritten = DataIdentity(a.spec).directory != DataIdentity(b.spec).directory
        guard !written.isEmpty || unwritten else { return }
        let ma = data.materialized(a.spec), mb = data.materialized(b.spec)
        guard case .success(let da) = ma, case .success(let db) = mb else {
            // Nothing to compare: the data say it as written.
            for leaf in written { addAsWritten(leaf, note: "the data could not be built to compare values") }
            return
        }
        var parts: [(String, DataArray?, DataArray?)] = [
            ("training inputs", da.trainInputs, db.trainInputs), ("training targets", da.trainTargets, db.trainTargets),
        ]
        if da.testInputs != nil || db.testInputs != nil {
            parts += [("held-out inputs", da.testInputs, db.testInputs), ("held-out targets", da.testTargets, db.testTargets)]
        }
        var first = true
        for (name, x, y) in parts {
            func shape(_ d: DataArray?) -> DiffValue { d.map { .shape(rows: $0.rows, columns: $0.columns) } ?? .none }
            let diff: (DiffValue, DiffValue, String?)?
            switch (x, y) {
            case (nil, nil): diff = nil
            case (.some, nil), (nil, .some): diff = (shape(x), shape(y), nil)
            case (let x?, let y?):
                switch ArrayDifference.between(x, y) {
                case nil: diff = nil
                case .shape?: diff = (shape(x), shape(y), nil)
                case .values(let worst, let row, let column, let h, let t)?:
                    diff = (.number(h, exact: false), .number(t, exact: false),
                            "row \(row), column \(column) of \(x.rows) × \(x.columns): the largest difference, \(Num.g(worst))")
                }
            }
            guard let (av, bv, note) = diff else { continue }
            // The written changes go with the first data line.
            let quantity = name.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            add(.data, note == nil ? "\(quantity)_shape" : "\(quantity)_values", note == nil ? name : "\(name) differ", av, bv,
                note: note, from: ["data"], leaves: first ? written : [])
            first = false
        }
    }

    // MARK: model

    mutating func architecture() {
        claim(prefixes: ["model.inputs"])
        claim { $0.hasPrefix("model.layers[") && ($0.hasSuffix("].units") || $0.hasSuffix("].activation") || $0.hasSuffix("].use_bias") || $0.hasSuffix("].type")) }
        if let wa = a.inputWidth, let wb = b.inputWidth, wa != wb {
            add(.model, "input_features", "input features", .count(wa), .count(wb), from: ["model.inputs"])
        }
        guard sameLayerCount else {
            claim(prefixes: ["model.layers"])
            func stack(_ c: LintContext) -> DiffValue { .layers(input: c.inputWidth, c.layers.map(Self.shape)) }
            add(.model, "layers", "layers", stack(a), stack(b), note: "per-layer comparisons need the same layers", from: ["model.layers"])
            return
        }
        for i in a.layers.indices {
            let la = a.layers[i], lb = b.layers[i]
            guard la.units != lb.units || la.activation != lb.activation || la.useBias != lb.useBias else { continue }
            add(.model, "layer", "", layers: [i], .layer(Self.shape(la)), .layer(Self.shape(lb)),
                from: ["units", "activation", "use_bias", "type"].map { "model.layers[\(i)].\($0)" })
        }
    }

    /// Window padding by the pixels it reaches on each side (the plan's geometry), not as written:
    /// `same` and `[0, 1, 0, 1]` are one padding on a 6×6 input at stride 2.
    mutating func windowPadding() {
        guard sameLayerCount, let pa = a.plan, let pb = b.plan, pa.layers.count == pb.layers.count else { return }
        for i in pa.layers.indices {
            guard let ga = pa.layers[i].geometry, let gb = pb.layers[i].geometry else { continue }
            let path = "model.layers[\(i)].padding"
            claim { $0 == path }
            guard ga.paddingSides != gb.paddingSides else { continue }
            add(.model, "padding", "padded pixels (top, bottom, left, right)", layers: [i],
                .described(ga.paddingText), .described(gb.paddingText),
                note: "written \(a.layers[i].window?.padding.text ?? "-") vs \(b.layers[i].window?.padding.text ?? "-"): the windows read different pixels",
                fix: "padding: \(gb.paddingText)", from: [path])
        }
    }

    static func shape(_ l: LayerSpec) -> DiffValue.LayerShape {
        DiffValue.LayerShape(units: l.units, activation: l.activation, useBias: l.useBias)
    }

    mutating func initialization() {
        claim { $0.hasPrefix("model.layers[") && ($0.contains("].kernel_initializer") || $0.contains("].bias_initializer")) }
        guard sameLayerCount else { return }
        for bias in [false, true] {
            let key = bias ? "bias_initializer" : "kernel_initializer"
            for group in comparison.initDifferences(bias: bias) {
                let da = group.layers.compactMap { a.initDistribution(layer: $0, bias: bias) }
                let db = group.layers.compactMap { b.initDistribution(layer: $0, bias: bias) }
                // One factor when every layer's scale changes by the same one.
                let ratios = zip(da, db).compactMap { x, y -> Double? in
                    guard let sx = x.scale, let sy = y.scale, sx > 0, sy > 0 else { return nil }
                    return sx / sy
                }
                let factor = ratios.count == group.layers.count && ratios.allSatisfy({ Num.same($0, ratios[0]) }) ? ratios.first : nil
                add(.model, "initial_distribution", "initial \(bias ? "biases" : "kernels") of", layers: group.layers,
                    tensor: bias ? .bias : .kernel, .initialization(group.here, da), .initialization(group.there, db),
                    factor: factor, fix: "\(key): \(group.there.yaml)", from: layerPrefixes(group.layers, key))
            }
        }
    }

    // MARK: loss

    mutating func lossFunction() {
        claim(prefixes: ["loss"])
        let la = a.spec.loss, lb = b.spec.loss
        guard la.kind == lb.kind else {
            add(.loss, "loss", "loss", .choice(la.kind.rawValue), .choice(lb.kind.rawValue), fix: "loss: \(lb.kind.rawValue)", from: ["loss"])
            return
        }
        if a.broadcastsTargets != b.broadcastsTargets {
            let n = a.samples ?? b.samples ?? 0
            add(.loss, "target_pairing", "targets against predictions", .targets(broadcast: a.broadcastsTargets, samples: n),
                .targets(broadcast: b.broadcastsTargets, samples: n),
                note: "a broadcast mse is minimized by predicting the mean target everywhere",
                from: ["loss.broadcast_targets"])
        }
        if let ea = a.effectiveLink, let eb = b.effectiveLink, ea != eb {
            add(.loss, "link", "cross-entropy link", .link(ea), .link(eb),
                fix: "loss: {kind: \(la.kind.rawValue), link: \(lb.link.rawValue)}", from: ["loss.link", "loss.from_logits"])
        }
        let clipA = a.effectiveClip, clipB = b.effectiveClip
        if a.effectiveLink != nil, clipA != clipB {
            add(.loss, "clip", "probabilities clipped to", .clip(clipA), .clip(clipB), from: ["loss.clip_epsilon"])
        }
        let ka = a.lossOutputs, kb = b.lossOutputs
        let ma = la.gradientFactor(outputs: ka), mb = lb.gradientFactor(outputs: kb)
        let va = la.valueFactor(outputs: ka), vb = lb.valueFactor(outputs: kb)
        func form(_ l: LossSpec, _ k: Int, _ m: Double) -> DiffValue {
            .lossGradient(.init(form: l.formName, scale: l.scale, reduction: l.gradientReduction, formula: l.gradientFormula(outputs: k), factor: m))
        }
        let gradientDiffers = !Num.same(ma, mb)
        if gradientDiffers {
            let adaptive = a.isAdaptive && b.isAdaptive
            var note = adaptive
                ? "\(a.spec.optimizer.kind.rawValue) normalizes its steps: updates agree, reported losses and a penalty's relative weight do not"
                : "at the same learning rate A's steps on the data term are \(Num.factor(ma / mb)) B's; a penalty weighs \(Num.factor(mb / ma)) as much against it"
            if Num.same(va / vb, ma / mb) { note += "; the reported loss scales the same" }
            add(.loss, "data_term_gradient", "data-term gradient (k = \(ka == kb ? "\(ka)" : "\(ka)/\(kb)"))", form(la, ka, ma), form(lb, kb, mb),
                factor: ma / mb, note: note,
                fix: "loss: {kind: \(la.kind.rawValue), scale: \(Num.g(la.scale(matchingFactor: mb, outputs: ka), 6))}",
                from: ["loss.kind", "loss.scale", "loss.gradient_reduction"] + (Num.same(va / vb, ma / mb) ? ["loss.output_reduction"] : []))
        }
        if !Num.same(va, vb) && (!gradientDiffers || !Num.same(va / vb, ma / mb)) {
            add(.loss, "reported_loss", "reported loss", .reportedLoss(scale: la.scale, reduction: la.outputReduction, outputs: ka),
                .reportedLoss(scale: lb.scale, reduction: lb.outputReduction, outputs: kb), factor: va / vb,
                note: gradientDiffers ? nil : "gradients agree; logged and final losses differ by the factor",
                from: ["loss.output_reduction", "loss.scale"])
        }
        if a.spec.dtype == b.spec.dtype, a.lossDtype != b.lossDtype {
            add(.loss, "loss_dtype", "loss computed in", .choice(a.lossDtype.rawValue), .choice(b.lossDtype.rawValue),
                note: "TF1's tf.losses cast predictions and labels to float32", from: ["loss.compute_dtype"])
        }
    }

    // MARK: penalties

    /// Per parameter tensor (kernels, biases, batch normalization's γ and β), the gradient every
    /// penalty the plan puts on it adds per step (PenaltyTerm), L2 and L1 apart; layers with the
    /// same pair of penalties make one line.
    mutating func penalties() {
        claim { path in TensorRole.allCases.contains { path.contains("].\($0.rawValue)_regularizer") } }
        claim(prefixes: ["regularization", "optimizer.weight_decay"])
        guard sameLayerCount else { return }
        for l1 in [false, true] {
            for role in TensorRole.allCases {
                var groups: [(key: String, layers: [Int], ta: [PenaltyTerm], ca: Double?, tb: [PenaltyTerm], cb: Double?)] = []
                for i in a.layers.indices {
                    let (ta, ca) = terms(a, i, role, l1), (tb, cb) = terms(b, i, role, l1)
                    let da = DiffValue.penalty(ta, coefficient: ca, l1: l1).text, db = DiffValue.penalty(tb, coefficient: cb, l1: l1).text
                    let differs = ca != nil && cb != nil ? !Num.same(ca!, cb!) : da != db
                    guard differs else { continue }
                    let key = da + "|" + db
                    if let g = groups.firstIndex(where: { $0.key == key }) {
                        groups[g].layers.append(i)
                    } else {
                        groups.append((key, [i], ta, ca, tb, cb))
                    }
                }
                for g in groups {
                    let what = "\(l1 ? "L1" : "L2") on the \(g.layers.count > 1 ? role.plural : role.word) of"
                    var factor: Double?
                    if let ca = g.ca, let cb = g.cb, ca > 0, cb > 0 { factor = ca / cb }
                    var fix: String?
                    if !l1, let cb = g.cb {
                        let f = a.penaltyFix(cb, layer: g.layers[0], role, current: g.ta)
                        fix = f.replacement ?? f.message
                    }
                    let divided = (g.ta + g.tb).contains { if case .alpha(_, _, true) = $0.source { return true } else { return false } }
                    add(.loss, l1 ? "l1_penalty" : "l2_penalty", what, layers: g.layers, tensor: role,
                        .penalty(g.ta, coefficient: g.ca, l1: l1), .penalty(g.tb, coefficient: g.cb, l1: l1), factor: factor, fix: fix,
                        from: layerPrefixes(g.layers, "\(role.rawValue)_regularizer") + ["regularization", "optimizer.weight_decay"]
                            + (divided ? ["training.batch_size"] : []))
                }
            }
        }
    }

    /// The L1 or L2 terms on layer `i`'s tensor in `role` and their total coefficient, from the
    /// plan (none without a plan or without that tensor).
    private func terms(_ c: LintContext, _ i: Int, _ role: TensorRole, _ l1: Bool) -> ([PenaltyTerm], Double?) {
        guard let t = c.plan?.tensor(layer: i, role) else { return ([], 0) }
        return (t.penalties.filter { $0.isL1 == l1 }, t.coefficient(l1: l1))
    }

    // MARK: optimizer

    mutating func optimizer() {
        claim { DiffBuilder.under($0, "optimizer") && !DiffBuilder.under($0, "optimizer.weight_decay") && $0 != "optimizer.hyperparameter_dtype" }
        claim(prefixes: ["optimizer.weight_decay_form"])
        let oa = a.spec.optimizer, ob = b.spec.optimizer
        func p(_ key: String) -> [String] { ["optimizer.\(key)"] }
        guard oa.kind == ob.kind else {
            func value(_ o: OptimizerSpec) -> DiffValue { .optimizer(o.kind, learningRate: o.kind == .lbfgs ? nil : o.learningRate) }
            add(.optimizer, "optimizer", "optimizer", value(oa), value(ob), from: ["optimizer"])
            return
        }
        func num(_ key: String, _ what: String, _ x: Double, _ y: Double, ratio: Bool = false, note: String? = nil) {
            guard !Num.same(x, y) else { return }
            add(.optimizer, key, what, .number(x, exact: true), .number(y, exact: true), factor: ratio && y != 0 && x != 0 ? x / y : nil,
                note: note, fix: "\(key): \(Num.exact(y))", from: p(key))
        }
        func word(_ key: String, _ what: String, _ x: String, _ y: String, note: String? = nil) {
            guard x != y else { return }
            add(.optimizer, key, what, .choice(x), .choice(y), note: note, fix: "\(key): \(y)", from: p(key))
        }
        if oa.kind != .lbfgs { num("learning_rate", "learning rate", oa.learningRate, ob.learningRate, ratio: true) }
        for (x, y) in zip(oa.settings, ob.settings) where x.differs(from: y) {
            switch (x.value, y.value) {
            case (.number(let u), .number(let v)):
                let ga = a.momentumGain, gb = b.momentumGain
                let note = oa.kind == .sgd && x.key == "momentum" && !Num.same(ga, gb)
                    ? "a steady gradient's step is lr/(1 − μ): \(Num.g(ga))·lr vs \(Num.g(gb))·lr (\(Num.factor(ga / gb)))" : nil
                num(x.key, x.label, u, v, note: note)
            case (.count(let u), .count(let v)): num(x.key, x.label, Double(u), Double(v))
            default: word(x.key, x.label, x.text, y.text)
            }
        }
        if oa.kind == .sgd && comparison.momentumFormMatters {
            word("momentum_form", "momentum form", oa.momentumForm.rawValue, ob.momentumForm.rawValue,
                 note: "with a changing learning rate Keras' velocity keeps steps taken at old rates while PyTorch's buffer is scaled by the current rate")
        }
        if [.adam, .adamw, .rmsprop, .adagrad].contains(oa.kind) {
            num("epsilon", "ε", oa.epsilon, ob.epsilon, ratio: true, note: "ε caps the step where √v is small")
            if oa.epsilonForm != ob.epsilonForm {
                func value(_ o: OptimizerSpec) -> DiffValue {
                    let formula: String?
                    switch (o.kind, o.epsilonForm) {
                    case (.adam, .accumulator), (.adamw, .accumulator): formula = "α_t·m/(√v + ε)"
                    case (.adam, .estimate), (.adamw, .estimate): formula = "m̂/(√v̂ + ε)"
                    case (.rmsprop, .accumulator): formula = "g/√(v + ε)"
                    case (.rmsprop, .estimate): formula = "g/(√v + ε)"
                    default: formula = nil
                    }
                    return .epsilonForm(o.epsilonForm, formula: formula)
                }
                let note = oa.kind == .adam || oa.kind == .adamw
                    ? "in Keras' form PyTorch's ε acts as ε·√(1−β₂ᵗ): \(Num.g(oa.torchEpsilonScale(atStep: 1)))·ε at step 1, \(Num.g(oa.torchEpsilonScale(atStep: 100)))·ε at step 100"
                    : nil
                add(.optimizer, "epsilon_form", "where ε is added", value(oa), value(ob), note: note,
                    fix: "epsilon_form: \(ob.epsilonForm.rawValue)", from: p("epsilon_form"))
            }
        }
        if comparison.weightDecayFormMatters {
            word("weight_decay_form", "weight decay", oa.weightDecayForm.rawValue, ob.weightDecayForm.rawValue,
                 note: "coupled adds λ·W to the gradient, which momentum or Adam then rescale; decoupled subtracts lr·λ·W outside it")
        }
        if oa.schedule != ob.schedule {
            add(.optimizer, "schedule", "learning-rate schedule", .described(oa.scheduleText), .described(ob.scheduleText),
                fix: "schedule: \(ob.scheduleText)", from: p("schedule"))
        }
    }

    /// Keras casts Python-float hyperparameters through float32. The cast changes a run only
    /// where both specs use the same value and it is not a float32 number.
    mutating func hyperparameterPrecision() {
        claim(prefixes: ["optimizer.hyperparameter_dtype"])
        let oa = a.spec.optimizer, ob = b.spec.optimizer
        let castA = oa.hyperparameterDtype == .float32, castB = ob.hyperparameterDtype == .float32
        guard castA != castB else { return }
        var affected: [String] = []
        // The optimizer's hyperparameters enter its arithmetic in the run's dtype: in float32 the
        // cast changes nothing. Penalty factors and schedules are computed in float64 first.
        // The plans list what each update reads of the hyperparameters Keras casts.
        let (cast, exact) = castA ? (a, b) : (b, a)
        if oa.kind == ob.kind && cast.spec.dtype == .float64 {
            let others = exact.optimizerPlan.castHyperparameters
            for h in cast.optimizerPlan.castHyperparameters where h.applied != h.written {
                guard let other = others.first(where: { $0.key == h.key }), other.applied == h.written else { continue }
                affected.append("\(h.label) \(Num.exact(h.written)) → \(Num.exact(h.applied))")
            }
        }
        // Penalty factors: the cast side's plan holds them as Keras applies them.
        if sameLayerCount, let castPlan = (castA ? a : b).plan {
            for i in a.layers.indices {
                for bias in [false, true] {
                    guard let ra = bias ? a.layers[i].biasRegularizer : a.layers[i].kernelRegularizer,
                          let rb = bias ? b.layers[i].biasRegularizer : b.layers[i].kernelRegularizer,
                          let applied = castPlan.tensor(layer: i, bias ? .bias : .kernel)?.appliedRegularizer else { continue }
                    let name = "\(a.layers[i].name) \(bias ? "bias" : "kernel")"
                    for (key, x, y, z) in [("l1", ra.l1, rb.l1, applied.l1), ("l2", ra.l2, rb.l2, applied.l2)] where x == y && z != x {
                        affected.append("\(name) \(key) \(Num.exact(x)) → \(Num.exact(z))")
                    }
                }
            }
        }
        if oa.schedule != .constant && oa.schedule == ob.schedule { affected.append("the schedule, computed in float32") }
        guard !affected.isEmpty else { return }
        add(.optimizer, "hyperparameter_dtype", "hyperparameters", .hyperparameterCast(castA), .hyperparameterCast(castB),
            note: affected.joined(separator: "; "),
            fix: "hyperparameter_dtype: \(ob.hyperparameterDtype?.rawValue ?? "null")", from: ["optimizer.hyperparameter_dtype"])
    }

    // MARK: loop

    mutating func loop() {
        claim(prefixes: ["training"])
        let ta = a.spec.training, tb = b.spec.training
        func t(_ key: String) -> [String] { ["training.\(key)"] }
        let ba = a.batchSize, bb = b.batchSize
        let batchDiffers = ba != nil && bb != nil ? ba != bb : ta.batchSize != tb.batchSize
        if batchDiffers {
            func value(_ c: LintContext) -> DiffValue {
                .batches(description: c.spec.training.batchSize.description(c.plan?.batching), size: c.batchSize, stepsPerEpoch: c.stepsPerEpoch)
            }
            add(.loop, "batch_size", "batch size", value(a), value(b), fix: bb.map { "batch_size: \($0)" }, from: t("batch_size"))
        }
        let iterative = a.spec.optimizer.kind != .lbfgs && b.spec.optimizer.kind != .lbfgs
        if iterative {
            let lengthDiffers: Bool
            switch (ta.length, tb.length) {
            case (.epochs(let x), .epochs(let y)), (.steps(let x), .steps(let y)): lengthDiffers = x != y
            default: lengthDiffers = true
            }
            if let ua = a.totalUpdates, let ub = b.totalUpdates {
                if ua != ub, !batchDiffers || lengthDiffers {
                    add(.loop, "updates", "updates", .updates(description: ta.length.description(a.plan?.batching), total: ua),
                        .updates(description: tb.length.description(b.plan?.batching), total: ub),
                        factor: Double(ua) / Double(ub), from: t("epochs") + t("steps"))
                }
            } else if lengthDiffers {
                add(.loop, "training_length", "training length", .described(ta.length.description(a.plan?.batching)), .described(tb.length.description(b.plan?.batching)),
                    from: t("epochs") + t("steps"))
            }
        }
        if ta.earlyStopping != tb.earlyStopping {
            add(.loop, "stopping", "stopping", .described(ta.earlyStopping.stoppingText), .described(tb.earlyStopping.stoppingText),
                from: t("early_stopping"))
        }
        if comparison.batchOrderMatters, let n = a.samples, let b0 = ba {
            add(.loop, "batch_order", "batch order", .described(ta.batchOrder.text), .described(tb.batchOrder.text),
                note: "with \(n) samples in batches of \(b0) the batches differ after the first pass", from: t("batch_order"))
        }
        let shuffles = comparison.shuffleMatters
        if shuffles {
            if ta.shuffle != tb.shuffle {
                add(.loop, "shuffle", "rows", .shuffled(ta.shuffle), .shuffled(tb.shuffle), fix: "shuffle: \(tb.shuffle)", from: t("shuffle"))
            } else if ta.shuffle, ta.shuffleForm != tb.shuffleForm {
                add(.loop, "shuffle_form", "rows shuffled with", .described(ta.shuffleForm.text), .described(tb.shuffleForm.text),
                    fix: "shuffle_form: \(tb.shuffleForm.rawValue)",
                    from: t("shuffle_form"))
            }
        }
        if ta.seed != tb.seed {
            let randomInit = [a, b].contains { c in
                c.layers.indices.contains { i in
                    [false, true].contains { bias in
                        guard let d = c.initDistribution(layer: i, bias: bias) else { return true }
                        if case .file = d { return false }
                        return !d.isConstant
                    }
                }
            }
            let randomOrder = shuffles && (ta.shuffle || tb.shuffle)
            if randomInit || randomOrder {
                let uses = [randomInit ? "initial weights" : nil, randomOrder ? "shuffles" : nil].compactMap { $0 }.joined(separator: " and ")
                add(.loop, "seed", "training seed (\(uses))", .count(Int(ta.seed)), .count(Int(tb.seed)), fix: "seed: \(tb.seed)", from: t("seed"))
            }
        }
        let la = LoggedLoss(a.spec), lb = LoggedLoss(b.spec)
        if !la.agrees(with: lb) {
            add(.loop, "logging", "logged history", .logging(la), .logging(lb),
                note: la.isSameQuantityNamedOtherwise(lb) ? "the same quantity, rounded in the run's dtype vs float64" : "what is logged, not how it trains",
                from: t("log"))
        }
    }

    // MARK: other

    mutating func precisionAndMetrics() {
        claim(prefixes: ["dtype", "metrics"])
        let da = a.spec.dtype, db = b.spec.dtype
        if da != db {
            add(.other, "precision", "precision", .precision(da, loss: a.lossDtype), .precision(db, loss: b.lossDtype),
                fix: "dtype: \(db.rawValue)", from: ["dtype", "loss.compute_dtype"])
        }
        let ma = a.spec.metrics.map(\.rawValue), mb = b.spec.metrics.map(\.rawValue)
        if ma != mb {
            add(.other, "metrics", "held-out metrics", .choices(ma), .choices(mb),
                note: "training is the same; the results report different metrics", from: ["metrics"])
        }
    }
}
