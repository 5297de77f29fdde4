import NNSpecSyntax

/// `type: max_pooling2d`: the largest value of each window, per channel. Padded pixels never
/// win (TensorFlow and PyTorch pad with −∞).
public enum MaxPooling2D: LayerDecoding {
    public static let type = "max_pooling2d"
    public static let keys = ["pool_size", "strides", "padding"]

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        Pooling2D.decode(node, d, c, kind: MaxPooling2D.self)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] { Pooling2D.canonical(l, countsPad: false) }
}

/// `type: average_pooling2d`: the mean of each window, per channel. At a padded border the
/// divisor is the frameworks' difference: Keras averages the input's pixels only, PyTorch
/// (`count_include_pad=True`, its default) counts the padded zeros; `count_include_pad` says
/// which, defaulted by the convention.
public enum AveragePooling2D: LayerDecoding {
    public static let type = "average_pooling2d"
    public static let keys = ["pool_size", "strides", "padding", "count_include_pad"]

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        Pooling2D.decode(node, d, c, kind: AveragePooling2D.self)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] { Pooling2D.canonical(l, countsPad: true) }
}

/// What the two pooling kinds share: the window's keys. Strides default to the pool size, as in
/// Keras and PyTorch.
enum Pooling2D {
    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext, kind: any LayerDeclaration.Type) -> LayerSpec? {
        let ctx = d.ctx, path = c.path
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: kind)
        _ = r["type"]
        let name = r.value("name", default: ("\(kind.type)_\(c.index)", .derived)) { ctx.string($0, "layer name") }
        let size = r.value("pool_size", default: ([2, 2], .global)) { d.decodePair($0, "pool_size") }
        let strides = r.value("strides", default: size.map { ($0, .derived) }) { d.decodePair($0, "strides") }
        let padding = r.value("padding", default: (Padding.valid, .global)) { d.decodePadding($0) }
        var countIncludePad = false
        if kind.keys.contains("count_include_pad") {
            guard let v = r.value("count_include_pad", default: (c.preset.countIncludePad, .convention(c.convention)),
                                  { ctx.bool($0, "count_include_pad") }) else { return nil }
            countIncludePad = v
        }
        guard let name, let size, let strides, let padding else { return nil }
        return LayerSpec(name: name, type: kind, units: 0, activation: .linear, useBias: false,
                         kernelInitializer: .zeros, biasInitializer: .zeros, kernelRegularizer: nil,
                         biasRegularizer: nil, location: node.location,
                         window: Window(size: size, strides: strides, padding: padding, countIncludePad: countIncludePad))
    }

    static func canonical(_ l: LayerSpec, countsPad: Bool) -> [(String, CanonicalValue)] {
        let w = l.window!
        var e: [(String, CanonicalValue)] = [
            ("pool_size", .list(w.size.map { .int($0) })), ("strides", .list(w.strides.map { .int($0) })),
            ("padding", w.padding.canonical),
        ]
        if countsPad { e.append(("count_include_pad", .bool(w.countIncludePad))) }
        return e
    }
}
