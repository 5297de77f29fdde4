import NNSpecSyntax

/// `type: conv2d`: a 2-D convolution (cross-correlation, as every framework computes it) of
/// `filters` kernels of `kernel_size` over the input's channels, then `a = f(z)`. The kernel is
/// stored `(kh, kw, c_in, filters)` (Keras' layout; PyTorch's is `(filters, c_in, kh, kw)`);
/// its default initializers are the convention's, with receptive-field fans
/// (fan_in = c_in·kh·kw): Keras glorot_uniform and zero bias, PyTorch U(±1/√fan_in) for both.
public enum Conv2D: LayerDecoding {
    public static let type = "conv2d"
    public static let keys = ["filters", "kernel_size", "strides", "padding", "dilation", "activation", "use_bias",
                              "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer"]

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx, path = c.path, preset = c.preset
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: Conv2D.self)
        _ = r["type"]
        let fromPreset = Origin.convention(c.convention)
        let name = r.value("name", default: ("conv2d_\(c.index)", .derived)) { ctx.string($0, "layer name") }
        let filters = r.required("filters").flatMap { n -> Int? in
            ctx.provenance.record("\(path).filters", ctx.origin(of: n), n.location)
            return ctx.int(n, "filters", min: 1)
        }
        let size = r.required("kernel_size").flatMap { n -> [Int]? in
            ctx.provenance.record("\(path).kernel_size", ctx.origin(of: n), n.location)
            return d.decodePair(n, "kernel_size")
        }
        let strides = r.value("strides", default: ([1, 1], .global)) { d.decodePair($0, "strides") }
        let dilation = r.value("dilation", default: ([1, 1], .global)) { d.decodePair($0, "dilation") }
        let padding = r.value("padding", default: (Padding.valid, .global)) { d.decodePadding($0) }
        let activation = r.value("activation", default: (Activation.linear, .global)) {
            ctx.choice($0, "activation", Activation.self, aliases: Activation.aliases)
        }
        let useBias = r.value("use_bias", default: (true, .global)) { ctx.bool($0, "use_bias") }
        let kernelDefault = preset.kernelInitializer
        let kernel = r.value("kernel_initializer", default: (kernelDefault, fromPreset)) { d.decodeInitializer($0) }
        let bias = r.value("bias_initializer", default: (preset.biasInitializer ?? kernelDefault, fromPreset)) { d.decodeInitializer($0) }
        let kreg = r["kernel_regularizer"].flatMap { n -> Regularizer? in
            ctx.provenance.record("\(path).kernel_regularizer", ctx.origin(of: n), n.location)
            return d.decodeRegularizer(n, "\(path).kernel_regularizer")
        }
        let breg = r["bias_regularizer"].flatMap { n -> Regularizer? in
            ctx.provenance.record("\(path).bias_regularizer", ctx.origin(of: n), n.location)
            return d.decodeRegularizer(n, "\(path).bias_regularizer")
        }
        guard let name, let filters, let size, let strides, let dilation, let padding, let activation, let useBias,
              let kernel, let bias else { return nil }
        return LayerSpec(name: name, type: Conv2D.self, units: filters, activation: activation, useBias: useBias,
                         kernelInitializer: kernel, biasInitializer: bias, kernelRegularizer: kreg,
                         biasRegularizer: breg, location: node.location,
                         window: Window(size: size, strides: strides, dilation: dilation, padding: padding))
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] {
        let w = l.window!
        var e: [(String, CanonicalValue)] = [
            ("filters", .int(l.units)), ("kernel_size", .list(w.size.map { .int($0) })),
            ("strides", .list(w.strides.map { .int($0) })), ("padding", w.padding.canonical),
            ("dilation", .list(w.dilation.map { .int($0) })),
            ("activation", .string(l.activation.rawValue)), ("use_bias", .bool(l.useBias)),
            ("kernel_initializer", l.kernelInitializer.canonical),
            ("bias_initializer", l.biasInitializer.canonical),
        ]
        if let r = l.kernelRegularizer { e.append(("kernel_regularizer", r.canonical)) }
        if let r = l.biasRegularizer { e.append(("bias_regularizer", r.canonical)) }
        return e
    }
}
