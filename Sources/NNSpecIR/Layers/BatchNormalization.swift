import NNSpecSyntax

/// A batch-normalization layer as written, its momentum in its convention's form.
public struct BatchNormSpec: Sendable, Equatable {
    /// As written (or the convention's default), meant in `momentumForm`.
    public var momentum: Double
    public var momentumForm: BatchNormMomentumForm
    public var epsilon: Double
    public var runningVariance: RunningVariance
    /// β (`center`) and γ (`scale`) exist; PyTorch's `affine` is both.
    public var center: Bool
    public var scale: Bool
    public var gammaInitializer: Initializer
    public var betaInitializer: Initializer
    public var gammaRegularizer: Regularizer?
    public var betaRegularizer: Regularizer?
    /// The running statistics' names in the convention's weight files.
    public var meanName: String
    public var varianceName: String
}

/// `type: batch_normalization`: per feature (after a dense layer) or per channel (after a
/// convolution; the channel axis is the data format's), `z = γ·(x − μ)/√(σ² + ε) + β` with the
/// batch's mean and biased variance in training and the running statistics at inference. The
/// running statistics follow the convention: Keras `moving = m·moving + (1 − m)·batch` with the
/// biased variance, PyTorch `running = (1 − m)·running + m·batch` with the unbiased one, so
/// `momentum` is read in `momentum_form` and the plan resolves it to one weight.
public enum BatchNormalization: LayerDecoding {
    public static let type = "batch_normalization"
    /// What Keras (`BatchNormalization`) and PyTorch (`BatchNorm1d`, `BatchNorm2d`) users write.
    public static let aliases = ["batch_norm", "batchnorm", "batch_norm1d", "batch_norm2d"]
    public static let keys = ["momentum", "momentum_form", "epsilon", "running_variance", "center", "scale", "affine",
                              "gamma_initializer", "beta_initializer", "gamma_regularizer", "beta_regularizer"]
    /// The channel axis follows the data format only for images, and a model with image inputs
    /// shows its format anyway.
    public static let readsDataFormat = false

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx, path = c.path
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: BatchNormalization.self)
        _ = r["type"]
        let name = r.value("name", default: ("batch_normalization_\(c.index)", .derived)) { ctx.string($0, "layer name") }
        guard let conv = c.preset.batchNorm else {
            ctx.error(.specInvalid, "the \(c.convention.rawValue) convention has no batch normalization layer; write the model in keras, tf1 or torch", at: node["type"] ?? node)
            return nil
        }
        let fromPreset = Origin.convention(c.convention)
        let momentum = r.value("momentum", default: (conv.momentum, fromPreset)) { ctx.double($0, "momentum", min: 0, max: 1) }
        let form = r.value("momentum_form", default: (conv.momentumForm, fromPreset)) {
            ctx.choice($0, "momentum_form", BatchNormMomentumForm.self, aliases: BatchNormMomentumForm.aliases)
        }
        let epsilon = r.value("epsilon", default: (conv.epsilon, fromPreset)) { ctx.double($0, "epsilon", min: 0, minExclusive: true) }
        let variance = r.value("running_variance", default: (conv.runningVariance, fromPreset)) {
            ctx.choice($0, "running_variance", RunningVariance.self)
        }
        // PyTorch's `affine` is Keras' `center` and `scale` together.
        var affine: Bool? = true
        if let a = r["affine"] {
            if let other = r["center"] ?? r["scale"] {
                ctx.error(.specConflict, "a batch_normalization layer takes PyTorch's affine or Keras' center/scale, not both", at: other)
                return nil
            }
            affine = ctx.bool(a, "affine")
        }
        let center = r.value("center", default: affine.map { ($0, .global) }) { ctx.bool($0, "center") }
        let scale = r.value("scale", default: affine.map { ($0, .global) }) { ctx.bool($0, "scale") }
        let gamma = r.value("gamma_initializer", default: (Initializer.ones, .global)) { d.decodeInitializer($0) }
        let beta = r.value("beta_initializer", default: (Initializer.zeros, .global)) { d.decodeInitializer($0) }
        func regularizer(_ key: String) -> Regularizer? {
            r[key].flatMap { n -> Regularizer? in
                ctx.provenance.record("\(path).\(key)", ctx.origin(of: n), n.location)
                return d.decodeRegularizer(n, "\(path).\(key)")
            }
        }
        let greg = regularizer("gamma_regularizer"), breg = regularizer("beta_regularizer")
        guard let name, let momentum, let form, let epsilon, let variance, let center, let scale, let gamma, let beta else { return nil }
        let bn = BatchNormSpec(momentum: momentum, momentumForm: form, epsilon: epsilon, runningVariance: variance,
                               center: center, scale: scale, gammaInitializer: gamma, betaInitializer: beta,
                               gammaRegularizer: greg, betaRegularizer: breg,
                               meanName: conv.meanName, varianceName: conv.varianceName)
        return LayerSpec(name: name, type: BatchNormalization.self, units: 0, activation: .linear, useBias: false,
                         kernelInitializer: .zeros, biasInitializer: .zeros, kernelRegularizer: nil,
                         biasRegularizer: nil, location: node.location, batchNorm: bn)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] {
        guard let b = l.batchNorm else { return [] }
        var e: [(String, CanonicalValue)] = [
            ("momentum", .number(b.momentum)), ("momentum_form", .string(b.momentumForm.rawValue)),
            ("epsilon", .number(b.epsilon)), ("running_variance", .string(b.runningVariance.rawValue)),
            ("center", .bool(b.center)), ("scale", .bool(b.scale)),
            ("gamma_initializer", b.gammaInitializer.canonical), ("beta_initializer", b.betaInitializer.canonical),
        ]
        if let r = b.gammaRegularizer { e.append(("gamma_regularizer", r.canonical)) }
        if let r = b.betaRegularizer { e.append(("beta_regularizer", r.canonical)) }
        return e
    }
}
