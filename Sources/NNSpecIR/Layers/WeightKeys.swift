import NNSpecSyntax

/// The keys every layer with a kernel and a bias shares (dense, conv2d): the activation, use_bias,
/// the two initializers (defaulted by the convention) and the two regularizers — read, defaulted
/// and printed in one place.
struct WeightKeys {
    static let keys = ["activation", "use_bias", "kernel_initializer", "bias_initializer",
                       "kernel_regularizer", "bias_regularizer"]

    var activation: Activation
    var useBias: Bool
    var kernel: Initializer
    var bias: Initializer
    var kernelRegularizer: Regularizer?
    var biasRegularizer: Regularizer?

    /// The keys of `r`; nil after an error. `kernelDefault` is the convention's kernel
    /// initializer for this layer; the bias defaults to the preset's, else the kernel's.
    static func decode(_ r: MappingReader, _ d: SpecDecoder, _ c: LayerDecodeContext, kernelDefault: Initializer) -> WeightKeys? {
        let ctx = d.ctx, path = c.path, fromPreset = Origin.convention(c.convention)
        let activation = r.value("activation", default: (Activation.linear, .global)) {
            ctx.choice($0, "activation", Activation.self, aliases: Activation.aliases)
        }
        let useBias = r.value("use_bias", default: (true, .global)) { ctx.bool($0, "use_bias") }
        let kernel = r.value("kernel_initializer", default: (kernelDefault, fromPreset)) { d.decodeInitializer($0) }
        let biasDefault = c.preset.biasInitializer ?? kernelDefault
        let bias = r.value("bias_initializer", default: (biasDefault, fromPreset)) { d.decodeInitializer($0) }
        func regularizer(_ key: String) -> Regularizer? {
            r[key].flatMap { n -> Regularizer? in
                ctx.provenance.record("\(path).\(key)", ctx.origin(of: n), n.location)
                return d.decodeRegularizer(n, "\(path).\(key)")
            }
        }
        let kreg = regularizer("kernel_regularizer"), breg = regularizer("bias_regularizer")
        guard let activation, let useBias, let kernel, let bias else { return nil }
        return WeightKeys(activation: activation, useBias: useBias, kernel: kernel, bias: bias,
                          kernelRegularizer: kreg, biasRegularizer: breg)
    }


    /// The keys in canonical order (regularizers only when present).
    static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] {
        var e: [(String, CanonicalValue)] = [
            ("activation", .string(l.activation.rawValue)), ("use_bias", .bool(l.useBias)),
            ("kernel_initializer", l.kernelInitializer.canonical),
            ("bias_initializer", l.biasInitializer.canonical),
        ]
        if let r = l.kernelRegularizer { e.append(("kernel_regularizer", r.canonical)) }
        if let r = l.biasRegularizer { e.append(("bias_regularizer", r.canonical)) }
        return e
    }
}

extension LayerSpec {
    /// A layer with a kernel and a bias, its shared keys from `weights`.
    init(name: String, type: any LayerDeclaration.Type, units: Int, _ weights: WeightKeys, location: SourceLocation?,
         window: Window? = nil) {
        self.init(name: name, type: type, units: units, activation: weights.activation, useBias: weights.useBias,
                  kernelInitializer: weights.kernel, biasInitializer: weights.bias,
                  kernelRegularizer: weights.kernelRegularizer, biasRegularizer: weights.biasRegularizer,
                  location: location, window: window)
    }
}
