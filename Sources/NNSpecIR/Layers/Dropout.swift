import NNSpecSyntax

/// `type: dropout`: in training, each value is kept with probability 1 − rate and scaled by
/// 1/(1 − rate) (inverted dropout, as Keras, PyTorch and TF1 do); at evaluation it is the
/// identity. Keras and PyTorch write the `rate` dropped; TF1's `tf.nn.dropout` took `keep_prob`,
/// the probability *kept* — `keep_prob: 0.2` is `rate: 0.8`. Either may be written, not both.
public enum Dropout: LayerDecoding {
    public static let type = "dropout"
    public static let keys = ["rate", "keep_prob"]
    public static let readsDataFormat = false

    static func decode(_ node: Node, _ d: SpecDecoder, _ c: LayerDecodeContext) -> LayerSpec? {
        let ctx = d.ctx, path = c.path
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        r.rejectKeys(notIn: Dropout.self)
        _ = r["type"]
        let name = r.value("name", default: ("dropout_\(c.index)", .derived)) { ctx.string($0, "layer name") }
        var rate: Double?
        switch (r["rate"], r["keep_prob"]) {
        case (let n?, nil):
            rate = ctx.double(n, "rate", min: 0, max: 1, maxExclusive: true)
            ctx.provenance.record("\(path).rate", ctx.origin(of: n), n.location)
        case (nil, let n?):
            rate = ctx.double(n, "keep_prob", min: 0, max: 1, minExclusive: true).map { 1 - $0 }
            ctx.provenance.record("\(path).rate", ctx.origin(of: n), n.location)
            // Which number was written: lint reads a small keep_prob as a rate copied into it.
            ctx.provenance.record("\(path).keep_prob", ctx.origin(of: n), n.location)
        case (_?, let n?):
            ctx.error(.specConflict, "a dropout layer takes rate (the fraction dropped) or TF1's keep_prob (the fraction kept), not both", at: n)
        case (nil, nil):
            ctx.error(.specMissingKey, "a dropout layer needs rate (the fraction dropped) or TF1's keep_prob (the fraction kept)", at: node)
        }
        guard let name, let rate else { return nil }
        return LayerSpec(name: name, type: Dropout.self, units: 0, activation: .linear, useBias: false,
                         kernelInitializer: .zeros, biasInitializer: .zeros, kernelRegularizer: nil,
                         biasRegularizer: nil, location: node.location, rate: rate)
    }

    public static func canonical(_ l: LayerSpec) -> [(String, CanonicalValue)] { [("rate", .number(l.rate ?? 0))] }
}

/// The number a framework's dropout takes: the fraction dropped (Keras' `rate`, PyTorch's `p`),
/// or TF1's `keep_prob`, the fraction kept.
public enum DropoutArgument: String, Sendable {
    case rate
    case keepProb = "keep_prob"
}
