import NNSpecSyntax

/// `data:`: named arrays, inputs, targets, the split and the preprocessing steps.
extension SpecDecoder {
    func decodeData(_ node: Node, seed: UInt32) -> DataSpec? {
        guard let r = MappingReader(node, object: "data", path: "data", ctx) else { return nil }
        defer { r.finish() }
        let dataSeed = r.value("seed", default: (seed, .derived)) { ctx.seed($0, "data seed") } ?? seed
        var defs: [ArrayDefinition] = []
        var decoder = ArrayExprDecoder(ctx: ctx, known: [])
        if let arrays = r["arrays"] {
            if let entries = arrays.mapping {
                for e in entries {
                    if let expr = decoder.decode(e.value, "data.arrays.\(e.name)") {
                        defs.append(ArrayDefinition(name: e.name, expr: expr))
                    }
                    decoder.known.append(e.name)
                }
            } else {
                ctx.error(.specType, "data.arrays must be a mapping of names to array expressions, got \(arrays.kindName)", at: arrays)
            }
        }
        let inputs = r.required("inputs").flatMap { decoder.decode($0, "data.inputs") }
        let targets = r.required("targets").flatMap { decoder.decode($0, "data.targets") }
        let split = r.value("split", default: (SplitSpec.none, .global)) { decodeSplit($0, decoder) }
        var steps: [PreprocessStep] = []
        if let pre = r["preprocess"], let list = ctx.list(pre, "data.preprocess") {
            steps = list.enumerated().compactMap { decodePreprocess($1, "data.preprocess[\($0)]") }
        }
        guard let inputs, let targets, let split else { return nil }
        return DataSpec(seed: dataSeed, arrays: defs, inputs: inputs, targets: targets, split: split, preprocess: steps)
    }

    func decodeSplit(_ node: Node, _ decoder: ArrayExprDecoder) -> SplitSpec? {
        if case .string("none")? = node.scalarValue { return SplitSpec.none }
        guard let r = MappingReader(node, object: "split", path: "data.split", ctx) else { return nil }
        defer { r.finish() }
        guard let kindNode = r.required("kind"), let kind = ctx.string(kindNode, "split kind") else { return nil }
        switch kind {
        case "train_test_split":
            let ts = r.value("test_size", default: (0.25, .global)) { ctx.double($0, "test_size", min: 0, max: 1, minExclusive: true, maxExclusive: true) }
            let rs = r.value("random_state", default: (UInt32(0), .global)) { ctx.seed($0, "random_state") }
            let sh = r.value("shuffle", default: (true, .global)) { ctx.bool($0, "shuffle") }
            guard let ts, let rs, let sh else { return nil }
            return .trainTestSplit(testSize: ts, randomState: rs, shuffle: sh)
        case "head":
            guard let tr = r.required("train").flatMap({ ctx.int($0, "train", min: 1) }) else { return nil }
            let te: Int?? = r["test"].map { ctx.int($0, "test", min: 1) }
            if case .some(.none) = te { return nil }
            return .head(train: tr, test: te ?? nil)
        case "separate":
            guard let x = r.required("inputs").flatMap({ decoder.decode($0, "data.split.inputs") }),
                  let y = r.required("targets").flatMap({ decoder.decode($0, "data.split.targets") }) else { return nil }
            return .separate(inputs: x, targets: y)
        case "none":
            return SplitSpec.none
        default:
            ctx.unknown(kind, what: "split kind", candidates: ["train_test_split", "head", "separate", "none"], at: kindNode)
            return nil
        }
    }

    func decodePreprocess(_ node: Node, _ path: String) -> PreprocessStep? {
        guard let r = MappingReader(node, object: "preprocess", path: path, ctx) else { return nil }
        defer { r.finish() }
        guard let kindNode = r.required("kind"), let kind = ctx.string(kindNode, "preprocess kind") else { return nil }
        let target: PreprocessStep.Target? = r.value("apply_to", default: (kind == "one_hot" ? .targets : .inputs, .global)) {
            ctx.choice($0, "apply_to", PreprocessStep.Target.self)
        }
        let k: PreprocessStep.Kind?
        switch kind {
        case "scale":
            k = r.required("factor").flatMap { ctx.double($0, "factor") }.map { .scale($0) }
        case "standardize":
            k = .standardize
        case "minmax":
            let lo = r["low"].map { ctx.double($0, "low") } ?? 0
            let hi = r["high"].map { ctx.double($0, "high") } ?? 1
            if let lo, let hi, hi <= lo { ctx.error(.specRange, "minmax needs high > low", at: node); return nil }
            k = lo.flatMap { lo in hi.map { .minmax(low: lo, high: $0) } }
        case "one_hot":
            k = r.required("classes").flatMap { ctx.int($0, "classes", min: 2) }.map { .oneHot(classes: $0) }
        default:
            ctx.unknown(kind, what: "preprocess kind", candidates: ["scale", "standardize", "minmax", "one_hot"], at: kindNode)
            return nil
        }
        guard let k, let target else { return nil }
        return PreprocessStep(kind: k, applyTo: target, location: node.location)
    }
}
