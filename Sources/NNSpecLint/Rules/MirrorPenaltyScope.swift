import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Penalties on parameters the mirror leaves alone, or the reverse.
struct MirrorPenaltyScope: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-penalty-scope", name: "Mirrors penalize different parameters", severity: .warning,
        summary: "A kernel, bias or batch-normalization γ/β is penalized in one spec and not in the other.",
        explanation: """
        Which parameters a penalty reaches is a convention too: scikit-learn's alpha covers every \
        kernel and no bias; Keras covers the layers that name a kernel_regularizer (biases only \
        with a bias_regularizer; batch normalization's γ and β only with gamma_regularizer / \
        beta_regularizer); PyTorch's weight_decay covers every parameter in the group, biases and \
        γ, β included; the NumPy network decays all kernels. The first MLP question's Keras "1" \
        model penalized only the first kernel while scikit-learn penalized both. The rule lists, \
        per layer and tensor, what one spec penalizes and the other does not, with the coefficient \
        to add.
        """,
        triggering: [MirrorExamples.kerasAgainstSklearnAlpha(
            hidden: "{units: 4, activation: sigmoid, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}",
            output: "↓{units: 1, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}")],
        nonTriggering: [MirrorExamples.kerasMatchingSklearnAlpha])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        let a = m.this, b = m.other
        var out: [Diagnostic] = []
        for role in TensorRole.allCases {
            let tensor = role.word, tensors = role.plural, bias = role == .bias
            // Penalized here only: grouped by the term that does it (alpha or weight_decay cover many layers).
            let hereOnly = a.layers.indices.groupedInOrder { i -> String? in
                let (ta, ca) = a.l2Terms(layer: i, role), (_, cb) = b.l2Terms(layer: i, role)
                guard let ca, let cb, ca > 0, cb == 0 else { return nil }
                return ta.map(\.path).joined(separator: "+")
            }
            // Penalized there only: one finding per layer.
            for i in a.layers.indices {
                let (tb, cb) = b.l2Terms(layer: i, role)
                guard a.l2Terms(layer: i, role).total == 0, let cb, cb > 0 else { continue }
                out.append(Self.finding(
                    "the \(tensor) of \(a.layerName(i)) is not penalized here but is in \(m.otherName) (\(tb.map(\.formula).joined(separator: " + ")) = \(Num.g(cb))·W per step)",
                    at: a.location("\(a.layerPath(i)).\(role.rawValue)_regularizer", else: a.layers[i].location),
                    notes: [m.there("\(b.penaltyText(tb)) = \(Num.g(cb))·W per step", tb[0].path, else: b.layers[i].location),
                            DiagnosticNote(a.spec.penalty.alpha > 0 && bias ? "regularization.alpha never reaches a bias" : "nothing here adds a penalty gradient to this \(tensor)")],
                    fixIts: [a.penaltyFix(cb, layer: i, role, current: [])]))
            }
            for i in a.layers.indices {
                let la = a.penaltyTerms(layer: i, role).filter(\.isL1), lb = b.penaltyTerms(layer: i, role).filter(\.isL1)
                guard la.isEmpty != lb.isEmpty else { continue }
                let here = !la.isEmpty
                let t = (la + lb)[0]
                out.append(Self.finding(
                    here ? "the \(tensor) of \(a.layerName(i)) has an L1 penalty here (\(t.formula), \(t.values)) and none in \(m.otherName)"
                         : "the \(tensor) of \(a.layerName(i)) has no L1 penalty here but one in \(m.otherName) (\(t.formula), \(t.values))",
                    at: here ? a.location(t.path) : a.location("\(a.layerPath(i)).\(role.rawValue)_regularizer", else: a.layers[i].location),
                    notes: [here ? DiagnosticNote("here: \(t.path)") : m.there("\(t.formula) with \(t.values)", t.path, else: b.layers[i].location)],
                    fixIts: [here ? FixIt("remove the L1 term to match") : FixIt("add the same L1 term", replacement: "\(role.rawValue)_regularizer: {l1: \(Num.exact(t.coefficient ?? 0))}")]))
            }
            for layers in hereOnly {
                let (ta, ca) = a.l2Terms(layer: layers[0], role)
                out.append(Self.finding(
                    "\(a.layerNames(layers)) \(layers.count > 1 ? "\(tensors) are" : "\(tensor) is") penalized here (\(ta.map(\.formula).joined(separator: " + ")) = \(Num.g(ca ?? 0))·W per step) but not in \(m.otherName)",
                    at: a.location(ta[0].path),
                    notes: [DiagnosticNote("here: \(a.penaltyText(ta))"),
                            m.there("no penalty on \(layers.count > 1 ? "these \(tensors)" : "this \(tensor)")", else: b.layers[layers[0]].location)],
                    fixIts: [FixIt("remove the penalty from \(layers.count > 1 ? "these \(tensors)" : "this \(tensor)") to match")]))
            }
        }
        return out.sorted(by: Linter.order)
    }
}
