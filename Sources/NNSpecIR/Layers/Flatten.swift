import NNSpecSyntax

/// `type: flatten`: a sample's values as one vector, in the model's data format order — `(h, w, c)`
/// channels-last (Keras), `(c, h, w)` channels-first (PyTorch). The same weights after a Flatten
/// therefore mean different things in the two layouts.
public enum Flatten: LayerDecoding {
    public static let type = "flatten"
    public static let keys: [String] = []

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx
        guard let r = MappingReader(node, object: "layer", path: c.path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: Flatten.self)
        _ = r["type"]
        guard let name = r.value("name", default: ("flatten_\(c.index)", .derived), { ctx.string($0, "layer name") }) else { return nil }
        return LayerSpec(name: name, type: Flatten.self, units: 0, activation: .linear, useBias: false,
                         kernelInitializer: .zeros, biasInitializer: .zeros, kernelRegularizer: nil,
                         biasRegularizer: nil, location: node.location)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] { [] }
}
