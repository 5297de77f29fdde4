import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Two specs that claim to be one experiment but build different networks.
struct MirrorArchitecture: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-architecture", name: "Mirrors build different networks", severity: .error,
        summary: "The mirrored specs differ in layers, units, activations, biases or input width.",
        explanation: """
        A mirror claims the same experiment in another framework's conventions; that only makes \
        sense for the same network. Different layer counts, widths, activations, bias use or input \
        width are not a convention but a different model, and every other comparison between the two \
        specs is then moot. Layers are compared in order.
        """,
        triggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: ↓relu}
            - {units: 1}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: tanh}
            - {units: 1}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        guard m.sameLayerCount else {
            return [Self.finding(
                "\(Num.count(a.layers.count, "layer")) here and \(b.layers.count) in \(m.otherName): these are different networks",
                at: a.layers[0].location ?? a.start,
                notes: [m.there("layers " + b.layers.map { "\($0.units) \($0.activation.rawValue)" }.joined(separator: " → "), else: b.layers[0].location),
                        DiagnosticNote("here: layers " + a.layers.map { "\($0.units) \($0.activation.rawValue)" }.joined(separator: " → "))])]
        }
        var out: [Diagnostic] = []
        if let wa = a.inputWidth, let wb = b.inputWidth, wa != wb {
            out.append(Self.finding("\(wa) input features here and \(wb) in \(m.otherName)",
                                    at: a.location("model.inputs", else: a.spec.data.inputs.location),
                                    notes: [m.there("\(wb) input features", "model.inputs", else: b.spec.data.inputs.location)]))
        }
        for i in a.layers.indices {
            let la = a.layers[i], lb = b.layers[i], p = a.layerPath(i)
            func differ(_ key: String, _ here: String, _ there: String) {
                out.append(Self.finding(
                    "\(a.layerName(i)) has \(key) \(here) here and \(there) in \(m.otherName)",
                    at: a.location("\(p).\(key)", else: la.location),
                    notes: [m.there("\(key) \(there) (\(b.origin("\(p).\(key)")))", "\(p).\(key)", else: lb.location)],
                    fixIts: [FixIt("build the same layer", replacement: "\(key): \(there)")]))
            }
            if la.units != lb.units { differ("units", "\(la.units)", "\(lb.units)") }
            if la.activation != lb.activation { differ("activation", la.activation.rawValue, lb.activation.rawValue) }
            if la.useBias != lb.useBias { differ("use_bias", "\(la.useBias)", "\(lb.useBias)") }
        }
        return out
    }
}

/// Two specs whose training data differ.
struct MirrorData: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-data", name: "Mirrors train on different data", severity: .warning,
        summary: "The mirrored specs' training data differ in shape or in value.",
        explanation: """
        Both specs' training data are materialized (after generation, loading, split and \
        preprocessing) and compared: different shapes, or values that differ anywhere, mean the two \
        runs cannot agree however their conventions are aligned. A (n,) target vector and an (n, 1) \
        column with the same values count as the same data here; whether the loss broadcasts them \
        is `mirror-loss`'s concern.
        """,
        triggering: [MirrorExamples.changed("""
        data:
          inputs: {↓apply: {fn: square, of: x}}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        data:
          inputs: {apply: {fn: negative, of: {apply: {fn: negative, of: x}}}}
          targets: {apply: {fn: sin, of: {apply: {fn: negative, of: {apply: {fn: negative, of: x}}}}}}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard let a = m.this.trainingData, let b = m.other.trainingData else { return [] }
        var out: [Diagnostic] = []
        let exprs = [("inputs", a.inputs, b.inputs, m.this.spec.data.inputs, m.other.spec.data.inputs),
                     ("targets", a.targets, b.targets, m.this.spec.data.targets, m.other.spec.data.targets)]
        for (name, x, y, ex, ey) in exprs {
            let at = ex.location ?? m.this.start
            if x.rows != y.rows || x.columns != y.columns {
                out.append(Self.finding(
                    "the training \(name) are \(shape(x)) here and \(shape(y)) in \(m.otherName)",
                    at: at, notes: [m.there("training \(name) \(shape(y))", else: ey.location)]))
                continue
            }
            let vx = x.values, vy = y.values
            // Specs that share a data section share its storage: equal at once.
            if vx == vy { continue }
            var worst = 0.0, where_ = 0
            vx.withUnsafeBufferPointer { px in
                vy.withUnsafeBufferPointer { py in
                    for i in 0..<px.count {
                        let d = px[i].isNaN != py[i].isNaN ? Double.infinity : Swift.abs(px[i] - py[i])
                        if d > worst { worst = d; where_ = i }
                    }
                }
            }
            guard worst > 1e-12 * max(1, Swift.abs(vy[where_])) else { continue }
            let c = x.columns
            out.append(Self.finding(
                "the training \(name) differ from \(m.otherName)'s by up to \(Num.g(worst)) (row \(where_ / c), column \(where_ % c))",
                at: at,
                notes: [DiagnosticNote("here \(Num.g(vx[where_])), there \(Num.g(vy[where_])); both \(shape(x))"),
                        m.there("training \(name)", else: ey.location)]))
        }
        return out
    }

    private func shape(_ a: DataArray) -> String { "\(a.rows) × \(a.columns)" }
}

/// Different loss functions or loss scales.
struct MirrorLoss: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-loss", name: "Mirrors scale the loss differently", severity: .warning,
        summary: "The mirrored specs use a different loss, a different gradient scale, or one broadcasts targets and the other does not.",
        explanation: """
        What matters for training is the data term's gradient m·(p−y)/n: Keras' mse gives \
        2(p−y)/(n·k) (m = 2/k), scikit-learn's squared_error 0.5·mean, whose gradient is (p−y)/n \
        (m = 1, not divided by k), binary cross-entropy (p−y)/(n·k) in Keras and (p−y)/n in \
        scikit-learn at the logit. At the same learning rate plain SGD then steps m_a/m_b times \
        further on the data, and a penalty's weight relative to the data changes by the inverse; \
        with Adam the steps are the same but reported losses differ. A loss that broadcasts (n,) \
        targets against (n, 1) predictions (TF1) optimizes a different objective altogether. The \
        fix-it gives the `loss.scale` that equalizes m.
        """,
        triggering: [MirrorExamples.changed("""
        loss: {kind: ↓mse, form: sklearn}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        loss: {kind: mse, form: sklearn, scale: 1, gradient_reduction: mean}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        let la = a.spec.loss, lb = b.spec.loss
        let at = a.location("loss.kind")
        if la.kind != lb.kind {
            return [Self.finding("the loss is \(la.kind.rawValue) here and \(lb.kind.rawValue) in \(m.otherName)", at: at,
                                 notes: [m.there("loss \(lb.kind.rawValue)", "loss.kind")],
                                 fixIts: [FixIt("use the same loss", replacement: "loss: \(lb.kind.rawValue)")])]
        }
        if a.broadcastsTargets != b.broadcastsTargets, let n = a.samples {
            let here = a.broadcastsTargets
            return [Self.finding(
                here ? "the loss broadcasts (\(n),) targets against (\(n), 1) predictions here, comparing all \(n)² pairs; \(m.otherName) compares them element by element"
                     : "the loss compares targets element by element here; \(m.otherName) broadcasts (\(n),) targets against (\(n), 1) predictions, comparing all \(n)² pairs",
                at: here ? (a.spec.data.targets.location ?? at) : at,
                notes: [m.there("broadcast_targets \(lb.broadcastTargets) (\(b.origin("loss.broadcast_targets"))), targets \(b.trainingData.map { "\($0.targets.shape)" } ?? "?")",
                                "loss.broadcast_targets", else: b.spec.data.targets.location),
                        DiagnosticNote("a broadcast mse is minimized by predicting the mean target everywhere")],
                fixIts: [FixIt(here ? "compare element by element" : "to reproduce the broadcast, say so",
                               replacement: "loss: {kind: mse, broadcast_targets: \(!here)}")])]
        }
        let ka = a.output.units, kb = b.output.units
        let ma = la.gradientFactor(outputs: ka), mb = lb.gradientFactor(outputs: kb)
        guard !Num.same(ma, mb) else { return [] }
        let r = ma / mb
        let adaptive = a.isAdaptive && b.isAdaptive
        let effect = adaptive
            ? "\(a.spec.optimizer.kind.rawValue) normalizes its steps, so updates agree, but reported losses and any penalty's relative weight differ \(Num.factor(max(r, 1 / r)))"
            : "at the same learning rate this spec's steps on the data term are \(Num.factor(r)) the mirror's, and a penalty weighs \(Num.factor(1 / r)) as much against it"
        let newScale = la.scale * mb / ma
        return [Self.finding(
            "the loss gradient is \(la.gradientFormula(outputs: ka)) here and \(lb.gradientFormula(outputs: kb)) in \(m.otherName): with k = \(ka) this spec's data term is \(Num.factor(r)) the mirror's",
            at: at,
            notes: [
                DiagnosticNote("here: \(la.formName) (\(a.origin("loss.form"))), scale \(Num.exact(la.scale)), m = \(Num.g(ma))"),
                m.there("\(lb.formName) (\(b.origin("loss.form"))), scale \(Num.exact(lb.scale)), m = \(Num.g(mb))", "loss.kind"),
                DiagnosticNote(effect),
            ],
            fixIts: [FixIt("use scale \(Num.g(newScale)) to make the gradients equal",
                           replacement: "loss: {kind: \(la.kind.rawValue), scale: \(Num.g(newScale, 6))}")])]
    }
}

/// Initial weights drawn from different distributions.
struct MirrorInit: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-init", name: "Mirrors initialize differently", severity: .warning,
        summary: "A layer's kernel or bias starts from a different distribution in the mirrored spec.",
        explanation: """
        Initializer bounds per convention (fan_in, fan_out of the layer): Keras glorot_uniform \
        U(±√(6/(fan_in+fan_out))) and zero biases; scikit-learn U(±√(f/(fan_in+fan_out))) with f = 2 \
        when the hidden activation is logistic, else 6, for every layer's kernel **and** bias; \
        PyTorch nn.Linear U(±1/√fan_in) for both; zeros in the hand-written NumPy and TF programs. \
        Different bounds start the two runs in different places, which matters most where the \
        objective has several minima or training is short. The rule compares the resolved \
        distributions and names the initializer that would match.
        """,
        triggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: tanh, kernel_initializer: ↓{sklearn: 2}}
            - {units: 1}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: tanh, kernel_initializer: {uniform: {low: -1.0954451150103321, high: 1.0954451150103321}}}
            - {units: 1}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        let a = m.this, b = m.other
        var out: [Diagnostic] = []
        for bias in [false, true] {
            let key = bias ? "bias_initializer" : "kernel_initializer"
            // Group the layers by (initializer here, initializer there): one finding per pair.
            var groups: [(Initializer, Initializer, [Int])] = []
            for i in a.layers.indices where !bias || (a.layers[i].useBias && b.layers[i].useBias) {
                let ia = bias ? a.layers[i].biasInitializer : a.layers[i].kernelInitializer
                let ib = bias ? b.layers[i].biasInitializer : b.layers[i].kernelInitializer
                guard ia != ib, let da = a.initDistribution(layer: i, bias: bias), let db = b.initDistribution(layer: i, bias: bias),
                      !da.approximatelyEqual(db) else { continue }
                if let g = groups.firstIndex(where: { $0.0 == ia && $0.1 == ib }) { groups[g].2.append(i) } else { groups.append((ia, ib, [i])) }
            }
            for (ia, ib, layers) in groups {
                let first = layers[0]
                let path = "\(a.layerPath(first)).\(key)"
                let per = layers.compactMap { i -> String? in
                    guard let da = a.initDistribution(layer: i, bias: bias), let db = b.initDistribution(layer: i, bias: bias) else { return nil }
                    var s = "'\(a.layers[i].name)': \(da.text) here, \(db.text) there"
                    if let sa = da.scale, let sb = db.scale, sa > 0, sb > 0 { s += " (\(Num.factor(sa / sb)))" }
                    return s
                }
                let what = bias ? "biases" : "kernels"
                out.append(Self.finding(
                    "\(what) of \(layers.map { "'\(a.layers[$0].name)'" }.joined(separator: ", ")) start from \(ia.yaml) here and \(ib.yaml) in \(m.otherName)",
                    at: a.location(path, else: a.layers[first].location),
                    notes: [
                        DiagnosticNote("here: \(ia.formula) (\(a.origin(path))); there: \(ib.formula) (\(b.origin(path)))"),
                        DiagnosticNote(per.joined(separator: "; ")),
                        m.there(ib.formula, path, else: b.layers[first].location),
                    ],
                    fixIts: [FixIt("draw from the same distribution", replacement: "\(key): \(ib.yaml)")]))
            }
        }
        return out
    }
}

/// Computing in different floating-point types.
struct MirrorDType: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-dtype", name: "Mirrors compute in different precision", severity: .warning,
        summary: "One spec computes in float32 and the other in float64.",
        explanation: """
        Keras and PyTorch default to float32 (about 7 significant digits, ε = 1.19e-7); \
        scikit-learn and NumPy compute in float64 (ε = 2.2e-16). Sums over many samples round \
        differently, and a float32 run cannot resolve a loss improvement below about 1e-7 of its \
        scale — the first-feature experiment's loss of 7.5e-8 sits right there. Different dtypes \
        make bit-level agreement impossible and can change late-training behaviour.
        """,
        triggering: [MirrorExamples.changed("""
        dtype: ↓float32
        """)],
        nonTriggering: [MirrorExamples.changed("""
        dtype: float64
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let da = m.this.spec.dtype, db = m.other.spec.dtype
        guard da != db else { return [] }
        func eps(_ d: DType) -> String { d == .float32 ? "1.19e-07" : "2.22e-16" }
        return [Self.finding(
            "computes in \(da.rawValue) here and \(db.rawValue) in \(m.otherName)",
            at: m.this.location("dtype"),
            notes: [DiagnosticNote("here \(da.rawValue) (\(m.this.origin("dtype"))), machine ε \(eps(da)); there \(db.rawValue) (\(m.other.origin("dtype"))), ε \(eps(db))"),
                    m.there("dtype \(db.rawValue)", "dtype", "convention")],
            fixIts: [FixIt("compute in the same precision", replacement: "dtype: \(db.rawValue)")])]
    }
}
