import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

extension LintContext {
    /// The L2 terms (not L1) on a layer's tensor in `role`, and their total coefficient.
    public func l2Terms(layer i: Int, _ role: TensorRole) -> (terms: [PenaltyTerm], total: Double?) {
        let terms = penaltyTerms(layer: i, role).filter { !$0.isL1 }
        return (terms, l2Coefficient(layer: i, role))
    }

    /// The L2 terms (not L1) on a layer's kernel or bias, and their total coefficient.
    public func l2Terms(layer i: Int, bias: Bool) -> (terms: [PenaltyTerm], total: Double?) { l2Terms(layer: i, bias ? .bias : .kernel) }

    /// "2λ·W with λ = 0.5 (l2)", for one or more terms.
    public func penaltyText(_ terms: [PenaltyTerm]) -> String {
        terms.map { "\($0.formula) with \($0.values) (\($0.origin))" }.joined(separator: " + ")
    }

    /// How to write an L2 coefficient `c` on layer `i` in this spec's own vocabulary: the same
    /// parameter when one term provides it, else a half_l2 regularizer.
    public func penaltyFix(_ c: Double, layer i: Int, bias: Bool, current: [PenaltyTerm]) -> FixIt {
        penaltyFix(c, layer: i, bias ? .bias : .kernel, current: current)
    }

    /// `penaltyFix` for the tensor in `role` (its regularizer key is `<role>_regularizer`).
    public func penaltyFix(_ c: Double, layer i: Int, _ role: TensorRole, current: [PenaltyTerm]) -> FixIt {
        let key = "\(role.rawValue)_regularizer", tensor = role.word
        if current.count == 1, let t = current.first, let p = t.parameter(for: c) {
            let value = Num.g(p, 6)
            switch t.source {
            case .l2: return fix("use λ = \(value)", setting: t.path, to: value, shown: "\(key): {l2: \(value)}")
            case .halfL2: return fix("use α = \(value)", setting: t.path, to: value, shown: "\(key): {half_l2: \(value)}")
            case .alpha(_, let b, true): return fix("use α = \(value) (α/n with n = \(b.map(String.init) ?? "?"))", setting: t.path, to: value, shown: "regularization: {alpha: \(value)}")
            case .alpha: return fix("use α = \(value)", setting: t.path, to: value, shown: "regularization: {alpha: \(value)}")
            case .weightDecay: return fix("use λ = \(value)", setting: t.path, to: value)
            case .l1: break
            }
        }
        if c == 0 { return FixIt("remove the penalty on the \(tensor) of \(layerName(i))") }
        return FixIt("penalize the \(tensor) of \(layerName(i)) with \(Num.g(c))·W per step", replacement: "\(key): {half_l2: \(Num.g(c, 6))}")
    }
}
