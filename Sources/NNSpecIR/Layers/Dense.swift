import NNSpecSyntax

/// `type: dense`: a fully connected layer, `z = x·W + b`, `a = f(z)`. Everything the front end
/// knows about it — its keys, their defaults per convention, how it reads and prints — is here;
/// the plan's `DenseLayer` gives its tensors, the runtime's `DenseKernel` computes it.
public enum Dense: LayerDecoding {
    public static let type = "dense"
    public static let keys = ["units"] + WeightKeys.keys
    public static let readsDataFormat = false

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx, path = c.path, index = c.index, preset = c.preset
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: Dense.self)
        _ = r["type"]
        let name = r.value("name", default: ("dense_\(index)", .derived)) { ctx.string($0, "layer name") }
        let units = r.required("units").flatMap { n -> Int? in
            ctx.provenance.record("\(path).units", ctx.origin(of: n), n.location)
            return ctx.int(n, "units", min: 1)
        }
        var kernelDefault = preset.kernelInitializer
        if case .sklearn = kernelDefault {
            let logistic = c.hiddenActivation == "sigmoid" || c.hiddenActivation == "logistic"
            kernelDefault = .sklearn(factor: logistic ? 2 : 6)
        }
        let weights = WeightKeys.decode(r, d, c, kernelDefault: kernelDefault)
        guard let name, let units, let weights else { return nil }
        return LayerSpec(name: name, type: Dense.self, units: units, weights, location: node.location)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] {
        [("units", .int(l.units))] + WeightKeys.canonical(l)
    }
}
