import NNSpecIR
import NNSpecSyntax

extension LintContext {
    /// The L2 terms (not L1) on a layer's kernel or bias, and their total coefficient.
    func l2Terms(layer i: Int, bias: Bool) -> (terms: [PenaltyTerm], total: Double?) {
        let terms = penaltyTerms(layer: i, bias: bias).filter { !$0.isL1 }
        var total = 0.0
        for t in terms {
            guard let c = t.coefficient else { return (terms, nil) }
            total += c
        }
        return (terms, total)
    }

    /// "2λ·W with λ = 0.5 (l2)", for one or more terms.
    func penaltyText(_ terms: [PenaltyTerm]) -> String {
        terms.map { "\($0.formula) with \($0.values) (\($0.origin))" }.joined(separator: " + ")
    }

    /// How to write an L2 coefficient `c` on layer `i` in this spec's own vocabulary: the same
    /// parameter when one term provides it, else a half_l2 regularizer.
    func penaltyFix(_ c: Double, layer i: Int, bias: Bool, current: [PenaltyTerm]) -> FixIt {
        let key = bias ? "bias_regularizer" : "kernel_regularizer"
        if current.count == 1, let t = current.first, let p = t.parameter(for: c) {
            let value = Num.g(p, 6)
            switch t.source {
            case .l2: return FixIt("use λ = \(value)", replacement: "\(key): {l2: \(value)}")
            case .halfL2: return FixIt("use α = \(value)", replacement: "\(key): {half_l2: \(value)}")
            case .alpha(_, let b, true): return FixIt("use α = \(value) (α/n with n = \(b.map(String.init) ?? "?"))", replacement: "regularization: {alpha: \(value)}")
            case .alpha: return FixIt("use α = \(value)", replacement: "regularization: {alpha: \(value)}")
            case .weightDecay: return FixIt("use λ = \(value)", replacement: "weight_decay: \(value)")
            case .l1: break
            }
        }
        if c == 0 { return FixIt("remove the penalty on the \(bias ? "bias" : "kernel") of \(layerName(i))") }
        return FixIt("penalize the \(bias ? "bias" : "kernel") of \(layerName(i)) with \(Num.g(c))·W per step", replacement: "\(key): {half_l2: \(Num.g(c, 6))}")
    }
}

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
        triggering: [MirrorExamples.pair("""
        convention: keras
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid, kernel_regularizer: {l2: ↓0.5}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
            - {units: 1, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
        loss: {kind: mse, scale: 0.5}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """, """
        convention: sklearn
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid}
            - {units: 1}
        loss: mse
        regularization: {alpha: 1}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """)],
        nonTriggering: [MirrorExamples.pair("""
        convention: keras
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
            - {units: 1, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
        loss: {kind: mse, scale: 0.5}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """, """
        convention: sklearn
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid}
            - {units: 1}
        loss: mse
        regularization: {alpha: 1}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        let a = m.this, b = m.other
        var out: [Diagnostic] = []
        for bias in [false, true] {
            var groups: [String: [Int]] = [:]
            var order: [String] = []
            for i in a.layers.indices {
                let (ta, ca) = a.l2Terms(layer: i, bias: bias), (_, cb) = b.l2Terms(layer: i, bias: bias)
                guard let ca, let cb, ca > 0, cb > 0, !Num.same(ca, cb) else { continue }
                let key = ta.map(\.path).joined(separator: "+") + "|\(ca)|\(cb)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(i)
            }
            for key in order {
                let layers = groups[key]!
                let i = layers[0]
                let (ta, ca) = a.l2Terms(layer: i, bias: bias), (tb, cb) = b.l2Terms(layer: i, bias: bias)
                guard let ca, let cb else { continue }
                let what = "the \(bias ? "bias" : "kernel")\(layers.count > 1 ? "s" : "") of \(layers.map { "'\(a.layers[$0].name)'" }.joined(separator: ", "))"
                let formulaA = ta.map(\.formula).joined(separator: " + "), formulaB = tb.map(\.formula).joined(separator: " + ")
                let r = ca / cb
                out.append(Self.finding(
                    "the L2 gradient on \(what) is \(formulaA) here and \(formulaB) in \(m.otherName): this spec regularizes \(Num.moreOrLess(r, ""))".trimmingTrailingSpace,
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

/// Penalties on parameters the mirror leaves alone, or the reverse.
struct MirrorPenaltyScope: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-penalty-scope", name: "Mirrors penalize different parameters", severity: .warning,
        summary: "A kernel or bias is penalized in one spec and not in the other.",
        explanation: """
        Which parameters a penalty reaches is a convention too: scikit-learn's alpha covers every \
        kernel and no bias; Keras covers the layers that name a kernel_regularizer (biases only \
        with a bias_regularizer); PyTorch's weight_decay covers every parameter in the group, \
        biases included; the NumPy network decays all kernels. The first MLP question's Keras "1" \
        model penalized only the first kernel while scikit-learn penalized both. The rule lists, \
        per layer and tensor, what one spec penalizes and the other does not, with the coefficient \
        to add.
        """,
        triggering: [MirrorExamples.pair("""
        convention: keras
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
            - ↓{units: 1, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
        loss: {kind: mse, scale: 0.5}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """, """
        convention: sklearn
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid}
            - {units: 1}
        loss: mse
        regularization: {alpha: 1}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """)],
        nonTriggering: [MirrorExamples.pair("""
        convention: keras
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
            - {units: 1, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}
        loss: {kind: mse, scale: 0.5}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """, """
        convention: sklearn
        data:
          arrays: {x: {linspace: {start: -1, stop: 1, num: 400}}}
          inputs: x
          targets: {apply: {fn: sin, of: x}}
        model:
          layers:
            - {units: 4, activation: sigmoid}
            - {units: 1}
        loss: mse
        regularization: {alpha: 1}
        optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}
        training: {epochs: 200, batch_size: 200}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        let a = m.this, b = m.other
        var out: [Diagnostic] = []
        for bias in [false, true] {
            let tensor = bias ? "bias" : "kernel"
            // Penalized here only: grouped by the term that does it (alpha or weight_decay cover many layers).
            var hereOnly: [String: [Int]] = [:]
            var order: [String] = []
            for i in a.layers.indices {
                let (ta, ca) = a.l2Terms(layer: i, bias: bias), (_, cb) = b.l2Terms(layer: i, bias: bias)
                guard let ca, let cb else { continue }
                if ca > 0, cb == 0 {
                    let key = ta.map(\.path).joined(separator: "+")
                    if hereOnly[key] == nil { order.append(key) }
                    hereOnly[key, default: []].append(i)
                } else if ca == 0, cb > 0 {
                    let (tb, _) = b.l2Terms(layer: i, bias: bias)
                    let l = a.layers[i]
                    out.append(Self.finding(
                        "the \(tensor) of \(a.layerName(i)) is not penalized here but is in \(m.otherName) (\(tb.map(\.formula).joined(separator: " + ")) = \(Num.g(cb))·W per step)",
                        at: a.location("\(a.layerPath(i)).\(tensor)_regularizer", else: l.location),
                        notes: [m.there("\(b.penaltyText(tb)) = \(Num.g(cb))·W per step", tb[0].path, else: b.layers[i].location),
                                DiagnosticNote(a.spec.penalty.alpha > 0 && bias ? "regularization.alpha never reaches a bias" : "nothing here adds a penalty gradient to this \(tensor)")],
                        fixIts: [a.penaltyFix(cb, layer: i, bias: bias, current: [])]))
                }
            }
            for i in a.layers.indices {
                let la = a.penaltyTerms(layer: i, bias: bias).filter(\.isL1), lb = b.penaltyTerms(layer: i, bias: bias).filter(\.isL1)
                guard la.isEmpty != lb.isEmpty else { continue }
                let here = !la.isEmpty
                let t = (la + lb)[0]
                out.append(Self.finding(
                    here ? "the \(tensor) of \(a.layerName(i)) has an L1 penalty here (\(t.formula), \(t.values)) and none in \(m.otherName)"
                         : "the \(tensor) of \(a.layerName(i)) has no L1 penalty here but one in \(m.otherName) (\(t.formula), \(t.values))",
                    at: here ? a.location(t.path) : a.location("\(a.layerPath(i)).\(tensor)_regularizer", else: a.layers[i].location),
                    notes: [here ? DiagnosticNote("here: \(t.path)") : m.there("\(t.formula) with \(t.values)", t.path, else: b.layers[i].location)],
                    fixIts: [here ? FixIt("remove the L1 term to match") : FixIt("add the same L1 term", replacement: "\(tensor)_regularizer: {l1: \(Num.exact(t.coefficient ?? 0))}")]))
            }
            for key in order {
                let layers = hereOnly[key]!
                let (ta, ca) = a.l2Terms(layer: layers[0], bias: bias)
                out.append(Self.finding(
                    "\(layers.map { "'\(a.layers[$0].name)'" }.joined(separator: ", ")) \(tensor)\(layers.count > 1 ? "s are" : " is") penalized here (\(ta.map(\.formula).joined(separator: " + ")) = \(Num.g(ca ?? 0))·W per step) but not in \(m.otherName)",
                    at: a.location(ta[0].path),
                    notes: [DiagnosticNote("here: \(a.penaltyText(ta))"),
                            m.there("no penalty on \(layers.count > 1 ? "these \(tensor)s" : "this \(tensor)")", else: b.layers[layers[0]].location)],
                    fixIts: [FixIt("remove the penalty from \(layers.count > 1 ? "these \(tensor)s" : "this \(tensor)") to match")]))
            }
        }
        return out.sorted(by: Linter.order)
    }
}

private extension String {
    var trimmingTrailingSpace: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
