import NNSpecSyntax

/// `type: dense`: a fully connected layer, `z = x·W + b`, `a = f(z)`. Everything the front end
/// knows about it — its keys, their defaults per convention, how it reads and prints — is here;
/// the plan's `DenseLayer` gives its tensors, the runtime's `DenseKernel` computes it.
public enum Dense: LayerDecoding {
    public static let type = "dense"
    public static let keys = ["units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                              "kernel_regularizer", "bias_regularizer"]
    public static let readsDataFormat = false

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx, path = c.path, index = c.index, preset = c.preset
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: Dense.self)
        _ = r["type"]
        let fromPreset = Origin.convention(c.convention)
        let name = r.value("name", default: ("dense_\(index)", .derived)) { ctx.string($0, "layer name") }
        let units = r.required("units").flatMap { n -> Int? in
            ctx.provenance.record("\(path).units", ctx.origin(of: n), n.location)
            return ctx.int(n, "units", min: 1)
        }
        let activation = r.value("activation", default: (Activation.linear, .global)) {
            ctx.choice($0, "activation", Activation.self, aliases: Activation.aliases)
        }
        let useBias = r.value("use_bias", default: (true, .global)) { ctx.bool($0, "use_bias") }
        var kernelDefault = preset.kernelInitializer
        if case .sklearn = kernelDefault {
            let logistic = c.hiddenActivation == "sigmoid" || c.hiddenActivation == "logistic"
            kernelDefault = .sklearn(factor: logistic ? 2 : 6)
        }
        let kernel = r.value("kernel_initializer", default: (kernelDefault, fromPreset)) { d.decodeInitializer($0) }
        let biasDefault = preset.biasInitializer ?? kernelDefault
        let bias = r.value("bias_initializer", default: (biasDefault, fromPreset)) { d.decodeInitializer($0) }
        let kreg = r["kernel_regularizer"].flatMap { n -> Regularizer? in
            ctx.provenance.record("\(path).kernel_regularizer", ctx.origin(of: n), n.location)
            return d.decodeRegularizer(n, "\(path).kernel_regularizer")
        }
        let breg = r["bias_regularizer"].flatMap { n -> Regularizer? in
            ctx.provenance.record("\(path).bias_regularizer", ctx.origin(of: n), n.location)
            return d.decodeRegularizer(n, "\(path).bias_regularizer")
        }
        guard let name, let units, let activation, let useBias, let kernel, let bias else { return nil }
        return LayerSpec(name: name, type: Dense.self, units: units, activation: activation, useBias: useBias,
                         kernelInitializer: kernel, biasInitializer: bias, kernelRegularizer: kreg,
                         biasRegularizer: breg, location: node.location)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] {
        var e: [(String, CanonicalValue)] = [
            ("units", .int(l.units)),
            ("activation", .string(l.activation.rawValue)), ("use_bias", .bool(l.useBias)),
            ("kernel_initializer", l.kernelInitializer.canonical),
            ("bias_initializer", l.biasInitializer.canonical),
        ]
        if let r = l.kernelRegularizer { e.append(("kernel_regularizer", r.canonical)) }
        if let r = l.biasRegularizer { e.append(("bias_regularizer", r.canonical)) }
        return e
    }
}
