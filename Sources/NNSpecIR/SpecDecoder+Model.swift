import NNSpecSyntax

/// `model:` and its layers, initializers and regularizers; the global `regularization:`.
extension SpecDecoder {
    func decodeModel(_ node: Node, preset: ConventionPreset, convention: Convention) -> ModelSpec? {
        guard let r = MappingReader(node, object: "model", path: "model", ctx) else { return nil }
        defer { r.finish() }
        let inputs = r["inputs"].flatMap { n -> Int? in
            ctx.provenance.record("model.inputs", ctx.origin(of: n), n.location)
            return ctx.int(n, "model inputs", min: 1)
        }
        let inputShape = r["input_shape"].flatMap { n -> [Int]? in
            ctx.provenance.record("model.input_shape", ctx.origin(of: n), n.location)
            guard let items = ctx.list(n, "model.input_shape") else { return nil }
            guard items.count == 1 || items.count == 3 else {
                ctx.error(.specRange, "model.input_shape is [features] or an image's [height, width, channels] (channels first: [channels, height, width]), got \(items.count) values", at: n)
                return nil
            }
            let dims = items.compactMap { ctx.int($0, "model.input_shape", min: 1) }
            return dims.count == items.count ? dims : nil
        }
        let dataFormat = r.value("data_format", default: (preset.dataFormat, .convention(convention))) {
            ctx.choice($0, "data_format", DataFormat.self)
        }
        guard let layersNode = r.required("layers"), let list = ctx.list(layersNode, "model.layers") else { return nil }
        if list.isEmpty {
            ctx.error(.specInvalid, "model.layers must have at least one layer", at: layersNode)
            return nil
        }
        // scikit-learn's init factor is decided by the hidden activation, for every layer.
        let hiddenActivation = list.first.flatMap { $0["activation"] }.flatMap { $0.scalarText }
        let layers = list.enumerated().compactMap { i, n in
            decodeLayer(n, index: i, count: list.count, preset: preset, convention: convention, hiddenActivation: hiddenActivation)
        }
        guard layers.count == list.count else { return nil }
        var seen: [String: Node] = [:]
        for (i, n) in list.enumerated() {
            if let prev = seen[layers[i].name] {
                ctx.error(.specInvalid, "duplicate layer name '\(layers[i].name)'", at: n["name"] ?? n,
                          notes: [DiagnosticNote("first used here", at: (prev["name"] ?? prev).location)])
            }
            seen[layers[i].name] = n
        }
        guard let dataFormat, r["input_shape"] == nil || inputShape != nil else { return nil }
        return ModelSpec(inputs: inputs, layers: layers, inputShape: inputShape, dataFormat: dataFormat)
    }

    /// A layer: its `type:` (dense when not written) picks the declaration that decodes the rest.
    func decodeLayer(_ node: Node, index: Int, count: Int, preset: ConventionPreset,
                     convention: Convention, hiddenActivation: String?) -> LayerSpec? {
        var type = LayerRegistry.defaultType
        if let t = node["type"], let s = ctx.string(t, "layer type") {
            guard let kind = LayerRegistry.declaration(named: s) else {
                ctx.unknown(s, what: "layer type", candidates: LayerRegistry.kinds.map { $0.type }, at: t)
                return nil
            }
            type = kind
        }
        let context = LayerDecodeContext(path: "model.layers[\(index)]", index: index, count: count, preset: preset,
                                         convention: convention, hiddenActivation: hiddenActivation)
        return type.decode(node, self, context)
    }

    func decodeInitializer(_ node: Node) -> Initializer? {
        let names = Grammar.objects["initializer"]!
        var name: String
        var arg: Node?
        if case .string(let s)? = node.scalarValue {
            name = s
        } else if let entries = node.mapping, entries.count == 1 {
            name = entries[0].name
            arg = entries[0].value
        } else {
            ctx.error(.specInvalid, "an initializer is a name (e.g. zeros, glorot_uniform) or a one-key mapping like {uniform: {low: -0.1, high: 0.1}}", at: node)
            return nil
        }
        guard names.contains(name) else {
            ctx.unknown(name, what: "initializer", candidates: names, at: node.mapping?.first?.key ?? node)
            return nil
        }
        // Scalar shorthands: {constant: 0.5}, {file: weights.npy}, {sklearn: 2}.
        var reader: MappingReader?
        if let a = arg, a.mapping != nil {
            reader = MappingReader(a, object: "initializer.args", path: "initializer", ctx)
        }
        defer { reader?.finish() }
        func num(_ key: String, _ fallback: Double) -> Double? {
            reader?[key].map { ctx.double($0, key) } ?? fallback
        }
        switch name {
        case "zeros": return .zeros
        case "ones": return .ones
        case "constant":
            if let a = arg, a.scalarValue != nil { return ctx.double(a, "constant value").map { .constant($0) } }
            return num("value", 0).map { .constant($0) }
        case "uniform":
            guard let lo = num("low", -0.05), let hi = num("high", 0.05) else { return nil }
            if hi <= lo { ctx.error(.specRange, "uniform initializer needs high > low", at: node); return nil }
            return .uniform(low: lo, high: hi)
        case "normal", "truncated_normal":
            guard let m = num("mean", 0), let s = num("stddev", 0.05) else { return nil }
            return name == "normal" ? .normal(mean: m, stddev: s) : .truncatedNormal(mean: m, stddev: s)
        case "glorot_uniform": return .glorotUniform
        case "glorot_normal": return .glorotNormal
        case "he_uniform": return .heUniform
        case "he_normal": return .heNormal
        case "lecun_uniform": return .lecunUniform
        case "lecun_normal": return .lecunNormal
        case "sklearn":
            if let a = arg, a.scalarValue != nil { return ctx.double(a, "sklearn factor", min: 0, minExclusive: true).map { .sklearn(factor: $0) } }
            return num("factor", 6).map { .sklearn(factor: $0) }
        case "torch_linear": return .torchLinear
        default: // file
            if let a = arg, a.scalarValue != nil { return ctx.string(a, "initializer file").map { .file(path: $0) } }
            guard let p = reader?["path"].flatMap({ ctx.string($0, "path") }) else {
                ctx.error(.specMissingKey, "the file initializer needs a path", at: node)
                return nil
            }
            return .file(path: p)
        }
    }

    func decodeRegularizer(_ node: Node, _ path: String) -> Regularizer? {
        guard let r = MappingReader(node, object: "regularizer", path: path, ctx) else { return nil }
        defer { r.finish() }
        if r.entries.isEmpty {
            ctx.error(.specInvalid, "a regularizer needs at least one of l1, l2, half_l2", at: node)
            return nil
        }
        let l1 = r.value("l1", default: (0.0, .global)) { ctx.double($0, "l1", min: 0) }
        let l2 = r.value("l2", default: (0.0, .global)) { ctx.double($0, "l2", min: 0) }
        let half = r.value("half_l2", default: (0.0, .global)) { ctx.double($0, "half_l2", min: 0) }
        guard let l1, let l2, let half else { return nil }
        return Regularizer(l1: l1, l2: l2, halfL2: half)
    }

    func decodePenalty(_ spec: MappingReader, preset: ConventionPreset, convention: Convention) -> GlobalPenalty {
        let origin = Origin.convention(convention)
        guard let node = spec["regularization"] else {
            ctx.provenance.record("regularization.alpha", origin, nil)
            ctx.provenance.record("regularization.divide_by_batch", origin, nil)
            return preset.penalty
        }
        guard let r = MappingReader(node, object: "regularization", path: "regularization", ctx) else { return preset.penalty }
        defer { r.finish() }
        let alpha = r.value("alpha", default: (preset.penalty.alpha, origin)) { ctx.double($0, "alpha", min: 0) }
        let divide = r.value("divide_by_batch", default: (preset.penalty.divideByBatch, origin)) { ctx.bool($0, "divide_by_batch") }
        return GlobalPenalty(alpha: alpha ?? preset.penalty.alpha, divideByBatch: divide ?? preset.penalty.divideByBatch)
    }
}
