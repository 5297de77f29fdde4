import NNSpecIR

/// One contribution to the gradient of a parameter tensor from a penalty, per step.
public struct PenaltyTerm: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// `kernel_regularizer` / `bias_regularizer: {l2: λ}`: 2λ·W.
        case l2(Double)
        /// `{half_l2: α}`: α·W.
        case halfL2(Double)
        /// `{l1: λ}`: λ·sign(W).
        case l1(Double)
        /// `regularization.alpha`: α/b·W with b the batch size when divided, else α·W.
        case alpha(Double, batch: Int?, divided: Bool)
        /// `optimizer.weight_decay`: λ·W in the gradient (coupled) or lr·λ·W outside it.
        case weightDecay(Double, decoupled: Bool)
    }

    public var source: Source
    /// The spec path of the value.
    public var path: String

    /// c in the c·W this term adds to the gradient (for L1, the λ of λ·sign(W)); nil when it
    /// depends on a batch size that is not known.
    public var coefficient: Double? {
        switch source {
        case .l2(let l): return 2 * l
        case .halfL2(let a), .l1(let a): return a
        case .alpha(let a, let b, let divided): return divided ? b.map { a / Double($0) } : a
        case .weightDecay(let l, _): return l
        }
    }

    public var isL1: Bool { if case .l1 = source { return true } else { return false } }
    /// Decoupled weight decay (AdamW's `lr·λ·W`), applied outside the gradient the optimizer rescales.
    public var isDecoupled: Bool { if case .weightDecay(_, true) = source { return true } else { return false } }

    /// The gradient term as a formula: "2λ·W", "α/n·W".
    public var formula: String {
        switch source {
        case .l2: return "2λ·W"
        case .halfL2: return "α·W"
        case .l1: return "λ·sign(W)"
        case .alpha(_, _, let divided): return divided ? "α/n·W" : "α·W"
        case .weightDecay(_, let decoupled): return decoupled ? "lr·λ·W (decoupled)" : "λ·W"
        }
    }

    /// The values behind the formula: "λ = 0.5", "α = 1, n = 200".
    public var values: String {
        switch source {
        case .l2(let l), .l1(let l): return "λ = \(Num.exact(l))"
        case .halfL2(let a): return "α = \(Num.exact(a))"
        case .alpha(let a, let b, let divided):
            return divided ? "α = \(Num.exact(a)), n = \(b.map(String.init) ?? "the batch size")" : "α = \(Num.exact(a))"
        case .weightDecay(let l, _): return "λ = \(Num.exact(l))"
        }
    }

    /// Where it is written, in spec words.
    public var origin: String {
        switch source {
        case .l2: return "l2"
        case .halfL2: return "half_l2"
        case .l1: return "l1"
        case .alpha(_, _, let divided): return divided ? "regularization.alpha, divided by the batch" : "regularization.alpha"
        case .weightDecay(_, let decoupled): return decoupled ? "weight_decay (decoupled)" : "weight_decay"
        }
    }

    /// The value of this term's own parameter that makes its coefficient `c`.
    public func parameter(for c: Double) -> Double? {
        switch source {
        case .l2: return c / 2
        case .halfL2, .l1, .weightDecay: return c
        case .alpha(_, let b, let divided): return divided ? b.map { Self.dividedAlpha(coefficient: c, batch: $0) } : c
        }
    }

    /// The `regularization.alpha` divided by batches of `batch` rows (scikit-learn's alpha) whose
    /// coefficient α/n is `c`: how strong a per-step term is in scikit-learn's terms.
    public static func dividedAlpha(coefficient c: Double, batch: Int) -> Double { c * Double(batch) }
}
