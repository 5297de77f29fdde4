import NNSpecIR
import NNSpecPlan

/// One side of a semantic difference as a typed value: what A (or B) means for the quantity a
/// line compares. `text` renders it for people (`nnspec diff`'s lines); `canonical` for programs
/// (`--format json`: a `kind`, the typed fields, and the same `text`).
public indirect enum DiffValue: Sendable, Equatable {
    /// Not there on this side ("none").
    case none
    /// A leaf as written in the canonical spec (nil: absent), for what no aspect interprets.
    case written(CanonicalValue?)
    /// A number; `exact` for values read from a spec (printed as they read back), else a
    /// derived or measured value (printed to three significant digits).
    case number(Double, exact: Bool)
    /// A count: input features, a seed.
    case count(Int)
    /// One of a spec's named choices: `sgd`, `float32`, `true`, `velocity`.
    case choice(String)
    /// Several choices, in order (metrics).
    case choices([String])
    /// A description the IR gives of a setting (a schedule, a stopping rule, a batch order).
    case described(String)
    /// An array's rows × columns.
    case shape(rows: Int, columns: Int)
    /// One dense layer.
    case layer(LayerShape)
    /// The whole stack: input width, then each layer.
    case layers(input: Int?, [LayerShape])
    /// An initializer and the distribution it draws for each layer compared (from the plan).
    case initialization(Initializer, [InitDistribution])
    /// The penalty terms on a tensor and the total coefficient c of c·W (c·sign(W) for L1)
    /// they add to its gradient per step (nil when a batch size is unknown).
    case penalty([PenaltyTerm], coefficient: Double?, l1: Bool)
    /// How the data term's gradient is formed: m of ∂L/∂p = m·(p − y)/n.
    case lossGradient(LossGradient)
    /// The reported loss of one sample: `scale`, reduced over `outputs` outputs.
    case reportedLoss(scale: Double, reduction: Reduction, outputs: Int)
    /// Targets against predictions: elementwise, or TF1's (n,) against (n, 1) broadcast.
    case targets(broadcast: Bool, samples: Int)
    case link(LossLink)
    /// The probability clip ε (nil: none).
    case clip(Double?)
    /// An optimizer and its learning rate (nil for L-BFGS, which has none).
    case optimizer(OptimizerKind, learningRate: Double?)
    /// Where an adaptive optimizer adds ε, with the update's formula.
    case epsilonForm(EpsilonForm, formula: String?)
    /// Keras' cast of hyperparameters through float32 (true) or exact values.
    case hyperparameterCast(Bool)
    /// A batch size as written and resolved, and the updates per epoch it gives.
    case batches(description: String, size: Int?, stepsPerEpoch: Int?)
    /// The training length as written and the updates it makes.
    case updates(description: String, total: Int)
    /// Rows shuffled every epoch or taken in order.
    case shuffled(Bool)
    /// What the history logs and how often.
    case logging(LoggedLoss)
    /// The run's precision and the loss's when it differs.
    case precision(DType, loss: DType)

    /// One dense layer's width, activation and bias.
    public struct LayerShape: Sendable, Equatable {
        public var units: Int
        public var activation: Activation
        public var useBias: Bool
    }

    /// The loss's gradient in (p − y): its form, scale and reduction, the formula and m.
    public struct LossGradient: Sendable, Equatable {
        /// "Keras mse", "scikit-learn squared_error".
        public var form: String
        public var scale: Double
        public var reduction: Reduction
        /// "2(p−y)/(n·k)".
        public var formula: String
        public var factor: Double
    }

    /// The value for people, as `nnspec diff` prints it.
    public var text: String {
        switch self {
        case .none: return "none"
        case .written(let v): return v.map(\.scalarText) ?? "(absent)"
        case .number(let x, let exact): return exact ? Num.exact(x) : Num.g(x)
        case .count(let n): return "\(n)"
        case .choice(let c): return c
        case .choices(let cs): return cs.joined(separator: ", ")
        case .described(let d): return d
        case .shape(let r, let c): return "\(r) × \(c)"
        case .layer(let l): return "\(l.units) \(l.activation.rawValue) units\(l.useBias ? "" : ", no bias")"
        case .layers(let input, let ls):
            return ([input.map(String.init) ?? "?"] + ls.map { "\($0.units) \($0.activation.rawValue)" }).joined(separator: " → ")
        case .initialization(let i, let ds):
            // The distribution once when every layer draws the same; a constant says it by name.
            let texts = ds.map(\.text)
            let distinct = Set(texts).count == 1 ? [texts[0]] : texts
            if distinct.count == 1, ds.first?.isConstant == true, i == .zeros || i == .ones { return i.yaml }
            return "\(i.yaml) " + distinct.joined(separator: ", ")
        case .penalty(let terms, let c, let l1):
            guard !terms.isEmpty else { return "none" }
            let values = terms.map { "\($0.values) (\($0.origin))" }.joined(separator: " + ")
            let formula = terms.map(\.formula).joined(separator: " + ")
            return "\(values), gradient \(formula)" + (c.map { " = \(Num.g($0))·\(l1 ? "sign(W)" : "W")" } ?? "")
        case .lossGradient(let g):
            return "\(g.form), scale \(Num.exact(g.scale)), \(g.reduction.rawValue) over outputs: gradient \(g.formula), m = \(Num.g(g.factor))"
        case .reportedLoss(let scale, let reduction, let k):
            return "scale \(Num.exact(scale)), \(reduction.rawValue) over the \(k) output\(k == 1 ? "" : "s")"
        case .targets(let broadcast, let n):
            return broadcast ? "(\(n),) targets broadcast against (\(n), 1) predictions, all \(n)² pairs" : "element by element"
        case .link(let l): return "\(l.rawValue): \(l.text)"
        case .clip(let e): return e.map { "[\(Num.exact($0)), 1 − \(Num.exact($0))]" } ?? "no clip"
        case .optimizer(let kind, let lr):
            return lr.map { "\(kind.rawValue), learning rate \(Num.exact($0))" } ?? kind.rawValue
        case .epsilonForm(let form, let formula): return formula.map { "\(form.rawValue): \($0)" } ?? form.rawValue
        case .hyperparameterCast(let cast): return cast ? "cast through float32 (Keras)" : "exact"
        case .batches(let d, _, let steps): return d + (steps.map { ", \(Num.count($0, "update")) per epoch" } ?? "")
        case .updates(let d, let total): return "\(d) = \(total)"
        case .shuffled(let s): return s ? "shuffled every epoch" : "in order"
        case .logging(let l): return l.text
        case .precision(let d, let loss):
            func eps(_ d: DType) -> String { d == .float32 ? "1.19e-07" : "2.22e-16" }
            return "\(d.rawValue) (ε \(eps(d)))" + (loss != d ? ", loss in \(loss.rawValue)" : "")
        }
    }

    /// The value for programs: `{kind, …typed fields…, text}`.
    public var canonical: CanonicalValue {
        func num(_ x: Double?) -> CanonicalValue { x.map { .number($0) } ?? .null }
        func int(_ x: Int?) -> CanonicalValue { x.map { .int($0) } ?? .null }
        let kind: String
        var fields: [(String, CanonicalValue)] = []
        switch self {
        case .none: kind = "none"
        case .written(let v):
            kind = "written"
            fields = [("value", v ?? .null), ("absent", .bool(v == nil))]
        case .number(let x, let exact):
            kind = "number"
            fields = [("value", .number(x)), ("role", .string(exact ? "spec_value" : "derived"))]
        case .count(let n): kind = "count"; fields = [("value", .int(n))]
        case .choice(let c): kind = "choice"; fields = [("value", .string(c))]
        case .choices(let cs): kind = "choices"; fields = [("values", .list(cs.map { .string($0) }))]
        case .described(let d): kind = "described"; fields = [("value", .string(d))]
        case .shape(let r, let c): kind = "shape"; fields = [("rows", .int(r)), ("columns", .int(c))]
        case .layer(let l): kind = "layer"; fields = Self.fields(l)
        case .layers(let input, let ls):
            kind = "layers"
            fields = [("inputs", int(input)), ("layers", .list(ls.map { .object(Self.fields($0)) }))]
        case .initialization(let i, let ds):
            kind = "initialization"
            fields = [("initializer", i.canonical), ("distributions", .list(ds.map(Self.canonical)))]
        case .penalty(let terms, let c, let l1):
            kind = "penalty"
            fields = [("norm", .string(l1 ? "l1" : "l2")), ("coefficient", num(c)), ("terms", .list(terms.map(Self.canonical)))]
        case .lossGradient(let g):
            kind = "loss_gradient"
            fields = [("form", .string(g.form)), ("scale", .number(g.scale)), ("reduction", .string(g.reduction.rawValue)),
                      ("formula", .string(g.formula)), ("factor", .number(g.factor))]
        case .reportedLoss(let scale, let reduction, let k):
            kind = "reported_loss"
            fields = [("scale", .number(scale)), ("reduction", .string(reduction.rawValue)), ("outputs", .int(k))]
        case .targets(let broadcast, let n): kind = "targets"; fields = [("broadcast", .bool(broadcast)), ("samples", .int(n))]
        case .link(let l): kind = "link"; fields = [("value", .string(l.rawValue))]
        case .clip(let e): kind = "clip"; fields = [("epsilon", num(e))]
        case .optimizer(let k, let lr): kind = "optimizer"; fields = [("optimizer", .string(k.rawValue)), ("learning_rate", num(lr))]
        case .epsilonForm(let f, let formula):
            kind = "epsilon_form"
            fields = [("value", .string(f.rawValue)), ("formula", formula.map { .string($0) } ?? .null)]
        case .hyperparameterCast(let cast): kind = "hyperparameter_cast"; fields = [("float32", .bool(cast))]
        case .batches(let d, let size, let steps):
            kind = "batches"
            fields = [("written", .string(d)), ("size", int(size)), ("steps_per_epoch", int(steps))]
        case .updates(let d, let total): kind = "updates"; fields = [("length", .string(d)), ("total", .int(total))]
        case .shuffled(let s): kind = "shuffled"; fields = [("value", .bool(s))]
        case .logging(let l):
            kind = "logging"
            fields = [("mode", .string(l.mode.rawValue)), ("every", .int(l.every)), ("unit", .string(l.unit.rawValue))]
        case .precision(let d, let loss): kind = "precision"; fields = [("dtype", .string(d.rawValue)), ("loss_dtype", .string(loss.rawValue))]
        }
        return .object([("kind", .string(kind))] + fields + [("text", .string(text))])
    }

    private static func fields(_ l: LayerShape) -> [(String, CanonicalValue)] {
        [("units", .int(l.units)), ("activation", .string(l.activation.rawValue)), ("use_bias", .bool(l.useBias))]
    }

    private static func canonical(_ d: InitDistribution) -> CanonicalValue {
        switch d {
        case .constant(let c): return .object([("distribution", .string("constant")), ("value", .number(c))])
        case .uniform(let lo, let hi): return .object([("distribution", .string("uniform")), ("low", .number(lo)), ("high", .number(hi))])
        case .normal(let m, let s): return .object([("distribution", .string("normal")), ("mean", .number(m)), ("stddev", .number(s))])
        case .truncatedNormal(let m, let s):
            return .object([("distribution", .string("truncated_normal")), ("mean", .number(m)), ("stddev", .number(s))])
        case .file(let p): return .object([("distribution", .string("file")), ("path", .string(p))])
        }
    }

    private static func canonical(_ t: PenaltyTerm) -> CanonicalValue {
        var e: [(String, CanonicalValue)]
        switch t.source {
        case .l2(let l): e = [("source", .string("l2")), ("lambda", .number(l))]
        case .halfL2(let a): e = [("source", .string("half_l2")), ("alpha", .number(a))]
        case .l1(let l): e = [("source", .string("l1")), ("lambda", .number(l))]
        case .alpha(let a, let b, let divided):
            e = [("source", .string("alpha")), ("alpha", .number(a)), ("batch", b.map { .int($0) } ?? .null), ("divided_by_batch", .bool(divided))]
        case .weightDecay(let l, let decoupled):
            e = [("source", .string("weight_decay")), ("lambda", .number(l)), ("decoupled", .bool(decoupled))]
        }
        return .object(e + [("path", .string(t.path)), ("formula", .string(t.formula)), ("coefficient", t.coefficient.map { .number($0) } ?? .null)])
    }
}
