import NNSpecSyntax

/// `type: conv2d`: a 2-D convolution (cross-correlation, as every framework computes it) of
/// `filters` kernels of `kernel_size` over the input's channels, then `a = f(z)`. The kernel is
/// stored `(kh, kw, c_in, filters)` (Keras' layout; PyTorch's is `(filters, c_in, kh, kw)`);
/// its default initializers are the convention's, with receptive-field fans
/// (fan_in = c_in·kh·kw): Keras glorot_uniform and zero bias, PyTorch U(±1/√fan_in) for both.
public enum Conv2D: LayerDecoding {
    public static let type = "conv2d"
    public static let keys = ["filters", "kernel_size", "strides", "padding", "dilation"] + WeightKeys.keys

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx, path = c.path, preset = c.preset
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: Conv2D.self)
        _ = r["type"]
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
        let weights = WeightKeys.decode(r, d, c, kernelDefault: preset.kernelInitializer)
        guard let name, let filters, let size, let strides, let dilation, let padding, let weights else { return nil }
        return LayerSpec(name: name, type: Conv2D.self, units: filters, weights, location: node.location,
                         window: Window(size: size, strides: strides, dilation: dilation, padding: padding))
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] {
        let w = l.window!
        return [
            ("filters", .int(l.units)), ("kernel_size", .list(w.size.map { .int($0) })),
            ("strides", .list(w.strides.map { .int($0) })), ("padding", w.padding.canonical),
            ("dilation", .list(w.dilation.map { .int($0) })),
        ] + WeightKeys.canonical(l)
    }
}
