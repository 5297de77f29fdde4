import Foundation
import NNSpecIR

// The effective meaning of a spec's conventions, in the terms of ../shared/CONVENTIONS.md:
// what each loss does to the gradient, what each penalty adds per step, what each initializer
// draws. The rules about one spec and the rules comparing two specs both read these, so a
// convention's arithmetic is written once.

// MARK: initialization

/// The distribution an initializer draws from for a given layer shape.
public enum InitDistribution: Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    case normal(mean: Double, stddev: Double)
    /// Normal cut at two standard deviations of the underlying normal.
    case truncatedNormal(mean: Double, stddev: Double)
    case file(String)

    /// Keras' truncated-normal variance scaling divides the stddev by this so the truncated
    /// draws have the intended variance.
    static let truncationStd = 0.87962566103423978

    public init(_ i: Initializer, fanIn: Int, fanOut: Int) {
        let fi = Double(fanIn), fo = Double(fanOut)
        switch i {
        case .zeros: self = .constant(0)
        case .ones: self = .constant(1)
        case .constant(let c): self = .constant(c)
        case .uniform(let lo, let hi): self = .uniform(low: lo, high: hi)
        case .normal(let m, let s): self = .normal(mean: m, stddev: s)
        case .truncatedNormal(let m, let s): self = .truncatedNormal(mean: m, stddev: s)
        case .glorotUniform: self = .symmetric((6 / (fi + fo)).squareRoot())
        case .glorotNormal: self = .truncatedNormal(mean: 0, stddev: (2 / (fi + fo)).squareRoot() / Self.truncationStd)
        case .heUniform: self = .symmetric((6 / fi).squareRoot())
        case .heNormal: self = .truncatedNormal(mean: 0, stddev: (2 / fi).squareRoot() / Self.truncationStd)
        case .lecunUniform: self = .symmetric((3 / fi).squareRoot())
        case .lecunNormal: self = .truncatedNormal(mean: 0, stddev: (1 / fi).squareRoot() / Self.truncationStd)
        case .sklearn(let f): self = .symmetric((f / (fi + fo)).squareRoot())
        case .torchLinear: self = .symmetric(1 / fi.squareRoot())
        case .file(let p): self = .file(p)
        }
    }

    static func symmetric(_ b: Double) -> InitDistribution { .uniform(low: -b, high: b) }

    public var mean: Double {
        switch self {
        case .constant(let c): return c
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .normal(let m, _), .truncatedNormal(let m, _): return m
        case .file: return 0
        }
    }

    public var variance: Double {
        switch self {
        case .constant, .file: return 0
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .normal(_, let s): return s * s
        case .truncatedNormal(_, let s): return s * s * Self.truncationStd * Self.truncationStd
        }
    }

    public var isConstant: Bool { if case .constant = self { return true } else { return false } }

    /// "U(±0.739)", "N(0, 0.05)", "0".
    public var text: String {
        switch self {
        case .constant(let c): return "constant \(Num.g(c))"
        case .uniform(let lo, let hi):
            return lo == -hi ? "U(±\(Num.g(hi)))" : "U(\(Num.g(lo)), \(Num.g(hi)))"
        case .normal(let m, let s): return "N(\(Num.g(m)), \(Num.g(s)))"
        case .truncatedNormal(let m, let s): return "truncated N(\(Num.g(m)), \(Num.g(s)))"
        case .file(let p): return "values from \(p)"
        }
    }

    /// The half-width of a symmetric uniform, the stddev of a normal: the scale to compare.
    public var scale: Double? {
        switch self {
        case .uniform(let lo, let hi): return (hi - lo) / 2
        case .normal(_, let s), .truncatedNormal(_, let s): return s
        case .constant(let c): return Swift.abs(c)
        case .file: return nil
        }
    }

    public func approximatelyEqual(_ o: InitDistribution) -> Bool {
        switch (self, o) {
        case let (.constant(a), .constant(b)): return Num.same(a, b)
        case let (.uniform(a, b), .uniform(c, d)): return Num.same(a, c) && Num.same(b, d)
        case let (.normal(a, b), .normal(c, d)), let (.truncatedNormal(a, b), .truncatedNormal(c, d)):
            return Num.same(a, c) && Num.same(b, d)
        case let (.file(a), .file(b)): return a == b
        default: return false
        }
    }
}

extension Initializer {
    /// The formula behind a named initializer, for notes.
    public var formula: String {
        switch self {
        case .glorotUniform: return "glorot_uniform: U(±√(6/(fan_in+fan_out)))"
        case .glorotNormal: return "glorot_normal: truncated normal, variance 2/(fan_in+fan_out)"
        case .heUniform: return "he_uniform: U(±√(6/fan_in))"
        case .heNormal: return "he_normal: truncated normal, variance 2/fan_in"
        case .lecunUniform: return "lecun_uniform: U(±√(3/fan_in))"
        case .lecunNormal: return "lecun_normal: truncated normal, variance 1/fan_in"
        case .sklearn(let f): return "sklearn: U(±√(\(Num.exact(f))/(fan_in+fan_out)))"
        case .torchLinear: return "torch_linear: U(±1/√fan_in)"
        case .zeros: return "zeros"
        case .ones: return "ones"
        case .constant(let c): return "constant \(Num.exact(c))"
        case .uniform(let lo, let hi): return "uniform [\(Num.exact(lo)), \(Num.exact(hi))]"
        case .normal(let m, let s): return "normal mean \(Num.exact(m)), stddev \(Num.exact(s))"
        case .truncatedNormal(let m, let s): return "truncated_normal mean \(Num.exact(m)), stddev \(Num.exact(s))"
        case .file(let p): return "file \(p)"
        }
    }

    /// The initializer as it is written in a spec, for fix-its.
    public var yaml: String {
        func text(_ v: CanonicalValue) -> String {
            if case .number(let d) = v { return Num.exact(d) }
            return v.scalarText
        }
        switch canonical {
        case .string(let s): return s
        case .object(let entries):
            guard let (name, args) = entries.first, case .object(let kv) = args else { return "\(canonical)" }
            if kv.count == 1, ["sklearn", "constant", "file"].contains(name) {
                return "{\(name): \(text(kv[0].1))}"
            }
            return "{\(name): {" + kv.map { "\($0.0): \(text($0.1))" }.joined(separator: ", ") + "}}"
        default: return "\(canonical)"
        }
    }
}

// MARK: loss

extension LossSpec {
    /// m in `∂L/∂p = m·(p − y)/n` per sample (at the logit for the probabilistic losses, whose
    /// canonical link makes the delta p − y): Keras mse 2/k, scikit-learn squared_error 1,
    /// Keras binary cross-entropy 1/k, scikit-learn log loss 1, categorical cross-entropy 1 (a
    /// sum over the classes everywhere).
    public func gradientFactor(outputs k: Int) -> Double {
        let perOutput = gradientReduction == .mean ? 1 / Double(max(k, 1)) : 1
        return (kind == .mse ? 2 * scale : scale) * perOutput
    }

    /// The gradient as a formula in (p − y), n and k.
    public func gradientFormula(outputs k: Int) -> String {
        let c = kind == .mse ? 2 * scale : scale
        let coef = c == 1 ? "" : Num.g(c)
        return "\(coef)(p−y)/\(gradientReduction == .mean ? "(n·k)" : "n")"
    }

    /// "Keras mse", "scikit-learn binary_crossentropy".
    public var formName: String { "\(form.displayName) \(kind.rawValue)" }
}

extension Convention {
    public var displayName: String {
        switch self {
        case .keras: return "Keras"
        case .sklearn: return "scikit-learn"
        case .torch: return "PyTorch"
        case .tf1: return "TF1"
        case .numpy: return "NumPy"
        }
    }
}

// MARK: penalties

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
        case .alpha(_, let b, let divided): return divided ? b.map { c * Double($0) } : c
        }
    }
}

extension LintContext {
    /// Every penalty term on layer `i`'s kernel (`bias: false`) or bias.
    public func penaltyTerms(layer i: Int, bias: Bool) -> [PenaltyTerm] {
        let layer = layers[i]
        if bias && !layer.useBias { return [] }
        var terms: [PenaltyTerm] = []
        let regPath = "\(layerPath(i)).\(bias ? "bias" : "kernel")_regularizer"
        if let r = bias ? layer.biasRegularizer : layer.kernelRegularizer {
            if r.l2 > 0 { terms.append(PenaltyTerm(source: .l2(r.l2), path: "\(regPath).l2")) }
            if r.halfL2 > 0 { terms.append(PenaltyTerm(source: .halfL2(r.halfL2), path: "\(regPath).half_l2")) }
            if r.l1 > 0 { terms.append(PenaltyTerm(source: .l1(r.l1), path: "\(regPath).l1")) }
        }
        let p = spec.penalty
        if !bias && p.alpha > 0 {
            terms.append(PenaltyTerm(source: .alpha(p.alpha, batch: batchSize, divided: p.divideByBatch), path: "regularization.alpha"))
        }
        let o = spec.optimizer
        if o.weightDecay > 0 {
            terms.append(PenaltyTerm(source: .weightDecay(o.weightDecay, decoupled: o.weightDecayForm == .decoupled),
                                     path: "optimizer.weight_decay"))
        }
        return terms
    }

    /// The total L2 coefficient c of c·W on layer `i`'s kernel or bias (nil when unknown).
    public func l2Coefficient(layer i: Int, bias: Bool) -> Double? {
        var total = 0.0
        for t in penaltyTerms(layer: i, bias: bias) where !t.isL1 {
            guard let c = t.coefficient else { return nil }
            total += c
        }
        return total
    }

    /// True when nothing penalizes any parameter.
    public var isUnpenalized: Bool {
        layers.indices.allSatisfy { penaltyTerms(layer: $0, bias: false).isEmpty && penaltyTerms(layer: $0, bias: true).isEmpty }
    }

    /// The distribution layer `i`'s kernel or bias starts from (nil when its fan-in is unknown).
    public func initDistribution(layer i: Int, bias: Bool) -> InitDistribution? {
        guard let fi = fanIn(i) else { return nil }
        let l = layers[i]
        return InitDistribution(bias ? l.biasInitializer : l.kernelInitializer, fanIn: fi, fanOut: l.units)
    }

    /// The loss gradient factor m of `∂L/∂p = m·(p − y)/n`.
    public var lossFactor: Double { spec.loss.gradientFactor(outputs: output.units) }
}

// MARK: training length and step sizes

extension LintContext {
    /// Updates per epoch: ⌈n/b⌉ (nil when n is unknown).
    public var stepsPerEpoch: Int? {
        guard let n = samples, let b = batchSize else { return nil }
        return (n + b - 1) / b
    }

    /// Total parameter updates of the run (nil when it depends on an unknown n).
    public var totalUpdates: Int? {
        switch spec.training.length {
        case .steps(let s): return s
        case .epochs(let e): return stepsPerEpoch.map { $0 * e }
        }
    }

    /// The learning rate at update `t` (0-based), after the schedule.
    public func learningRate(atStep t: Int) -> Double {
        let o = spec.optimizer
        switch o.schedule {
        case .constant: return o.learningRate
        case .inverseTime(let decay): return o.learningRate / (1 + decay * Double(t))
        case .invScaling(let power):
            // scikit-learn updates it per epoch from the samples seen: lr/(t_samples + 1)^power_t.
            let seen = Double((t / max(stepsPerEpoch ?? 1, 1)) * (samples ?? 1))
            return o.learningRate / pow(seen + 1, power)
        }
    }

    /// Σ_t lr_t over the run (nil when the number of updates is unknown).
    public var learningRateSum: Double? {
        guard let T = totalUpdates else { return nil }
        if case .constant = spec.optimizer.schedule { return Double(T) * spec.optimizer.learningRate }
        var s = 0.0
        for t in 0..<T { s += learningRate(atStep: t) }
        return s
    }

    /// How much larger momentum makes a steady step: 1/(1 − μ) for SGD with momentum.
    public var momentumGain: Double {
        let o = spec.optimizer
        guard o.kind == .sgd, o.momentum > 0 else { return 1 }
        let damp = o.momentumForm == .torch ? 1 - o.dampening : 1
        return damp / (1 - o.momentum)
    }

    /// Adaptive optimizers move each weight by about lr per step whatever the gradient's size.
    public var isAdaptive: Bool { [.adam, .adamw, .rmsprop, .adagrad].contains(spec.optimizer.kind) }
}
