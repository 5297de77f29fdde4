import NNSpecSyntax

/// Turns a (merged) spec tree into an elaborated `Spec`: reads what is written, fills the rest
/// from the convention preset or nnspec's defaults, and records each value's origin.
struct SpecDecoder {
    let ctx: DecodeContext

    func decode(_ root: Node, file: String) -> Spec? {
        guard let r = MappingReader(root, object: "spec", path: "", ctx) else { return nil }
        defer { r.finish() }

        if let v = r["nnspec"], let version = ctx.int(v, "nnspec (format version)"), version != 1 {
            ctx.error("unsupported nnspec format version \(version); this nnspec reads version 1", at: v)
        }
        let convention = r.value("convention", default: (Convention.keras, .global)) {
            ctx.choice($0, "convention", Convention.self)
        } ?? .keras
        let preset = ConventionPreset.of(convention)
        let fromPreset = Origin.convention(convention)

        let name = r.value("name", default: (defaultName(file), .derived)) { ctx.string($0, "name") } ?? ""
        let description = r["description"].flatMap { ctx.string($0, "description") }
        let extends = r["extends"].flatMap { ctx.string($0, "extends") }
        let mirrors: [String] = r["mirrors"].map { n in
            if n.scalarValue != nil { return ctx.string(n, "mirrors").map { [$0] } ?? [] }
            return (ctx.list(n, "mirrors") ?? []).compactMap { ctx.string($0, "mirrors entry") }
        } ?? []
        let dtype = r.value("dtype", default: (preset.dtype, fromPreset)) { ctx.choice($0, "dtype", DType.self) } ?? preset.dtype
        let seed = r.value("seed", default: (UInt32(0), .global)) { ctx.seed($0, "seed") } ?? 0

        let data = r.required("data").flatMap { decodeData($0, seed: seed) }
        let model = r.required("model").flatMap { decodeModel($0, preset: preset, convention: convention) }
        let loss = r.required("loss").flatMap { decodeLoss($0, convention: convention, dtype: dtype) }
        let penalty = decodePenalty(r, preset: preset, convention: convention)
        let optimizer = decodeOptimizer(r, preset: preset, convention: convention)
        let training = decodeTraining(r, preset: preset, convention: convention, seed: seed)
        let metrics = decodeMetrics(r, loss: loss)
        let results = decodeOutputs(r, name: name)
        let disabled = decodeLint(r)

        guard let data, let model, let loss, let optimizer, let training else { return nil }
        var spec = Spec(file: file, name: name, description: description, extends: extends, mirrors: mirrors,
                        convention: convention, dtype: dtype, seed: seed, data: data, model: model, loss: loss,
                        penalty: penalty, optimizer: optimizer, training: training, metrics: metrics,
                        results: results, disabledRules: disabled, provenance: Provenance())
        spec.provenance = ctx.provenance
        return spec
    }

    private func defaultName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
    }

    // MARK: data

    private func decodeData(_ node: Node, seed: UInt32) -> DataSpec? {
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
                ctx.error("data.arrays must be a mapping of names to array expressions, got \(arrays.kindName)", at: arrays)
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

    private func decodeSplit(_ node: Node, _ decoder: ArrayExprDecoder) -> SplitSpec? {
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

    private func decodePreprocess(_ node: Node, _ path: String) -> PreprocessStep? {
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
            if let lo, let hi, hi <= lo { ctx.error("minmax needs high > low", at: node); return nil }
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

    // MARK: model

    private func decodeModel(_ node: Node, preset: ConventionPreset, convention: Convention) -> ModelSpec? {
        guard let r = MappingReader(node, object: "model", path: "model", ctx) else { return nil }
        defer { r.finish() }
        let inputs = r["inputs"].flatMap { n -> Int? in
            ctx.provenance.record("model.inputs", ctx.origin(of: n), n.location)
            return ctx.int(n, "model inputs", min: 1)
        }
        guard let layersNode = r.required("layers"), let list = ctx.list(layersNode, "model.layers") else { return nil }
        if list.isEmpty {
            ctx.error("model.layers must have at least one layer", at: layersNode)
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
                ctx.error("duplicate layer name '\(layers[i].name)'", at: n["name"] ?? n,
                          notes: [DiagnosticNote("first used here", at: (prev["name"] ?? prev).location)])
            }
            seen[layers[i].name] = n
        }
        return ModelSpec(inputs: inputs, layers: layers)
    }

    private func decodeLayer(_ node: Node, index: Int, count: Int, preset: ConventionPreset,
                             convention: Convention, hiddenActivation: String?) -> LayerSpec? {
        let path = "model.layers[\(index)]"
        guard let r = MappingReader(node, object: "layer", path: path, ctx) else { return nil }
        defer { r.finish() }
        let fromPreset = Origin.convention(convention)
        if let t = r["type"], let s = ctx.string(t, "layer type"), s != "dense" {
            ctx.unknown(s, what: "layer type", candidates: ["dense"], at: t)
        }
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
            let logistic = hiddenActivation == "sigmoid" || hiddenActivation == "logistic"
            kernelDefault = .sklearn(factor: logistic ? 2 : 6)
        }
        let kernel = r.value("kernel_initializer", default: (kernelDefault, fromPreset)) { decodeInitializer($0) }
        let biasDefault = preset.biasInitializer ?? kernelDefault
        let bias = r.value("bias_initializer", default: (biasDefault, fromPreset)) { decodeInitializer($0) }
        let kreg = r["kernel_regularizer"].flatMap { n -> Regularizer? in
            ctx.provenance.record("\(path).kernel_regularizer", ctx.origin(of: n), n.location)
            return decodeRegularizer(n, "\(path).kernel_regularizer")
        }
        let breg = r["bias_regularizer"].flatMap { n -> Regularizer? in
            ctx.provenance.record("\(path).bias_regularizer", ctx.origin(of: n), n.location)
            return decodeRegularizer(n, "\(path).bias_regularizer")
        }
        guard let name, let units, let activation, let useBias, let kernel, let bias else { return nil }
        return LayerSpec(name: name, units: units, activation: activation, useBias: useBias,
                         kernelInitializer: kernel, biasInitializer: bias, kernelRegularizer: kreg,
                         biasRegularizer: breg, location: node.location)
    }

    private func decodeInitializer(_ node: Node) -> Initializer? {
        let names = Grammar.objects["initializer"]!
        var name: String
        var arg: Node?
        if case .string(let s)? = node.scalarValue {
            name = s
        } else if let entries = node.mapping, entries.count == 1 {
            name = entries[0].name
            arg = entries[0].value
        } else {
            ctx.error("an initializer is a name (e.g. zeros, glorot_uniform) or a one-key mapping like {uniform: {low: -0.1, high: 0.1}}", at: node)
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
            if hi <= lo { ctx.error("uniform initializer needs high > low", at: node); return nil }
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
                ctx.error("the file initializer needs a path", at: node)
                return nil
            }
            return .file(path: p)
        }
    }

    private func decodeRegularizer(_ node: Node, _ path: String) -> Regularizer? {
        guard let r = MappingReader(node, object: "regularizer", path: path, ctx) else { return nil }
        defer { r.finish() }
        if r.entries.isEmpty {
            ctx.error("a regularizer needs at least one of l1, l2, half_l2", at: node)
            return nil
        }
        let l1 = r.value("l1", default: (0.0, .global)) { ctx.double($0, "l1", min: 0) }
        let l2 = r.value("l2", default: (0.0, .global)) { ctx.double($0, "l2", min: 0) }
        let half = r.value("half_l2", default: (0.0, .global)) { ctx.double($0, "half_l2", min: 0) }
        guard let l1, let l2, let half else { return nil }
        return Regularizer(l1: l1, l2: l2, halfL2: half)
    }

    private func decodePenalty(_ spec: MappingReader, preset: ConventionPreset, convention: Convention) -> GlobalPenalty {
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

    // MARK: loss and optimizer

    private func decodeLoss(_ node: Node, convention: Convention, dtype: DType) -> LossSpec? {
        if node.scalarValue != nil {
            ctx.provenance.record("loss.kind", ctx.origin(of: node), node.location)
            guard let kind = ctx.choice(node, "loss", LossKind.self, aliases: LossKind.aliases) else { return nil }
            let l = LossSpec.preset(kind, convention, dtype: dtype)
            recordPresetLoss(except: ["kind"], convention)
            return l
        }
        guard let r = MappingReader(node, object: "loss", path: "loss", ctx) else { return nil }
        defer { r.finish() }
        guard let kindNode = r.required("kind") else { return nil }
        ctx.provenance.record("loss.kind", ctx.origin(of: kindNode), kindNode.location)
        guard let kind = ctx.choice(kindNode, "loss", LossKind.self, aliases: LossKind.aliases) else { return nil }
        let form = r.value("form", default: (convention, .convention(convention))) { ctx.choice($0, "loss form", Convention.self) } ?? convention
        let p = LossSpec.preset(kind, form, dtype: dtype)
        let o = Origin.convention(form)
        let scale = r.value("scale", default: (p.scale, o)) { ctx.double($0, "loss scale", min: 0, minExclusive: true) }
        let outRed = r.value("output_reduction", default: (p.outputReduction, o)) { ctx.choice($0, "output_reduction", Reduction.self) }
        let gradRed = r.value("gradient_reduction", default: (p.gradientReduction, o)) { ctx.choice($0, "gradient_reduction", Reduction.self) }
        let clip: Double?? = r.value("clip_epsilon", default: (p.clipEpsilon, o)) { n in
            if case .null? = n.scalarValue { return .some(nil) }
            return ctx.double(n, "clip_epsilon", min: 0, max: 0.5).map { .some($0) }
        }
        let logits = r.value("from_logits", default: (p.fromLogits, .global)) { ctx.bool($0, "from_logits") }
        let bc = r.value("broadcast_targets", default: (p.broadcastTargets, o)) { ctx.bool($0, "broadcast_targets") }
        let link = r.value("link", default: (p.link, o)) { ctx.choice($0, "link", ProbabilityLink.self) }
        let computeDtype: DType?? = r.value("compute_dtype", default: (p.computeDtype, o)) { n in
            if case .null? = n.scalarValue { return .some(nil) }
            return ctx.choice(n, "compute_dtype", DType.self).map { .some($0) }
        }
        guard let scale, let outRed, let gradRed, let clip, let logits, let bc, let link, let computeDtype else { return nil }
        return LossSpec(kind: kind, form: form, scale: scale, outputReduction: outRed, gradientReduction: gradRed,
                        clipEpsilon: clip, fromLogits: logits, broadcastTargets: bc, link: link, computeDtype: computeDtype)
    }

    private func recordPresetLoss(except: Set<String>, _ c: Convention) {
        ctx.provenance.record("loss.form", .convention(c), nil)
        for k in ["scale", "output_reduction", "gradient_reduction", "clip_epsilon", "broadcast_targets", "link", "compute_dtype"] where !except.contains(k) {
            ctx.provenance.record("loss.\(k)", .convention(c), nil)
        }
        ctx.provenance.record("loss.from_logits", .global, nil)
    }

    private func decodeOptimizer(_ spec: MappingReader, preset: ConventionPreset, convention: Convention) -> OptimizerSpec? {
        let o = Origin.convention(convention)
        let node = spec["optimizer"]
        if node == nil || node?.scalarValue != nil {
            var kind = preset.optimizer
            if let n = node {
                ctx.provenance.record("optimizer.kind", ctx.origin(of: n), n.location)
                guard let k = ctx.choice(n, "optimizer", OptimizerKind.self) else { return nil }
                kind = k
            } else {
                ctx.provenance.record("optimizer.kind", o, nil)
            }
            for k in Grammar.objects["optimizer"]! where k != "kind" { ctx.provenance.record("optimizer.\(k)", o, nil) }
            return OptimizerSpec.preset(kind, convention)
        }
        guard let r = MappingReader(node!, object: "optimizer", path: "optimizer", ctx) else { return nil }
        defer { r.finish() }
        let kind = r.value("kind", default: (preset.optimizer, o)) { ctx.choice($0, "optimizer", OptimizerKind.self) }
        guard let kind else { return nil }
        var p = OptimizerSpec.preset(kind, convention)
        func num(_ key: String, _ cur: Double, min: Double = 0, max: Double? = nil, maxEx: Bool = false, minEx: Bool = false) -> Double {
            r.value(key, default: (cur, o)) { ctx.double($0, key, min: min, max: max, minExclusive: minEx, maxExclusive: maxEx) } ?? cur
        }
        p.learningRate = num("learning_rate", p.learningRate, minEx: true)
        p.momentum = num("momentum", p.momentum, max: 1, maxEx: true)
        p.nesterov = r.value("nesterov", default: (p.nesterov, o)) { ctx.bool($0, "nesterov") } ?? p.nesterov
        p.momentumForm = r.value("momentum_form", default: (p.momentumForm, o)) { ctx.choice($0, "momentum_form", MomentumForm.self) } ?? p.momentumForm
        p.dampening = num("dampening", p.dampening, max: 1)
        p.beta1 = num("beta_1", p.beta1, max: 1, maxEx: true)
        p.beta2 = num("beta_2", p.beta2, max: 1, maxEx: true)
        p.epsilon = num("epsilon", p.epsilon)
        p.epsilonForm = r.value("epsilon_form", default: (p.epsilonForm, o)) { ctx.choice($0, "epsilon_form", EpsilonForm.self) } ?? p.epsilonForm
        p.rho = num("rho", p.rho, max: 1, maxEx: true)
        p.initialAccumulator = num("initial_accumulator_value", p.initialAccumulator)
        p.weightDecay = num("weight_decay", p.weightDecay)
        p.weightDecayForm = r.value("weight_decay_form", default: (p.weightDecayForm, o)) { ctx.choice($0, "weight_decay_form", WeightDecayForm.self) } ?? p.weightDecayForm
        p.schedule = r.value("schedule", default: (Schedule.constant, .global)) { decodeSchedule($0) } ?? .constant
        let hp: DType?? = r.value("hyperparameter_dtype", default: (p.hyperparameterDtype, o)) { n in
            if case .null? = n.scalarValue { return .some(nil) }
            return ctx.choice(n, "hyperparameter_dtype", DType.self).map { .some($0) }
        }
        p.hyperparameterDtype = hp ?? p.hyperparameterDtype
        p.maxIter = r.value("max_iter", default: (p.maxIter, o)) { ctx.int($0, "max_iter", min: 1) } ?? p.maxIter
        p.maxFun = r.value("max_fun", default: (p.maxFun, o)) { ctx.int($0, "max_fun", min: 1) } ?? p.maxFun
        p.history = r.value("history_size", default: (p.history, o)) { ctx.int($0, "history_size", min: 1) } ?? p.history
        p.tolerance = num("tol", p.tolerance)
        if p.nesterov && p.momentum == 0, let n = r["nesterov"] {
            ctx.error("nesterov needs a momentum > 0", at: n,
                      fixIts: [FixIt("set a momentum, e.g.", replacement: "momentum: 0.9")])
        }
        return p
    }

    private func decodeSchedule(_ node: Node) -> Schedule? {
        if case .string("constant")? = node.scalarValue { return .constant }
        guard let r = MappingReader(node, object: "schedule", path: "optimizer.schedule", ctx) else { return nil }
        defer { r.finish() }
        guard let kindNode = r.required("kind"), let kind = ctx.string(kindNode, "schedule kind") else { return nil }
        switch kind {
        case "constant": return .constant
        case "inverse_time":
            return r.required("decay").flatMap { ctx.double($0, "decay", min: 0) }.map { .inverseTime(decay: $0) }
        case "invscaling":
            return (r["power_t"].map { ctx.double($0, "power_t", min: 0) } ?? 0.5).map { .invScaling(powerT: $0) }
        default:
            ctx.unknown(kind, what: "schedule", candidates: ["constant", "inverse_time", "invscaling"], at: kindNode)
            return nil
        }
    }

    // MARK: training, metrics, outputs

    private func decodeTraining(_ spec: MappingReader, preset: ConventionPreset, convention: Convention, seed: UInt32) -> TrainingSpec? {
        let o = Origin.convention(convention)
        let node = spec["training"] ?? Node(.mapping([]), at: spec.node.location)
        guard let r = MappingReader(node, object: "training", path: "training", ctx) else { return nil }
        defer { r.finish() }
        var length = TrainingLength.epochs(preset.epochs)
        if let e = r["epochs"], let s = r["steps"] {
            ctx.error("give either epochs or steps, not both", at: s, notes: [DiagnosticNote("epochs given here", at: e.location)])
        }
        if let s = r["steps"] {
            ctx.provenance.record("training.steps", ctx.origin(of: s), s.location)
            length = ctx.int(s, "steps", min: 1).map { .steps($0) } ?? length
        } else {
            length = r.value("epochs", default: (length, o)) { n in ctx.int(n, "epochs", min: 1).map { .epochs($0) } } ?? length
        }
        let batch = r.value("batch_size", default: (preset.batchSize, o)) { n -> BatchSize? in
            if case .string(let s)? = n.scalarValue {
                if s == "full" { return .full }
                if s == "auto" { return .auto }
                ctx.error("batch_size must be a positive integer, 'full' or 'auto', got '\(s)'", at: n)
                return nil
            }
            return ctx.int(n, "batch_size", min: 1).map { .count($0) }
        } ?? preset.batchSize
        let shuffle = r.value("shuffle", default: (preset.shuffle, o)) { ctx.bool($0, "shuffle") } ?? preset.shuffle
        let form = r.value("shuffle_form", default: (preset.shuffleForm, o)) { ctx.choice($0, "shuffle_form", ShuffleForm.self) } ?? preset.shuffleForm
        let order = r.value("batch_order", default: (preset.batchOrder, o)) { ctx.choice($0, "batch_order", BatchOrder.self) } ?? preset.batchOrder
        let logging = r.value("log", default: (preset.logging, o)) { decodeLog($0, preset.logging) } ?? preset.logging
        let early: EarlyStopping?? = r.value("early_stopping", default: (preset.earlyStopping, o)) { n in
            if case .bool(false)? = n.scalarValue { return .some(nil) }
            guard let er = MappingReader(n, object: "early_stopping", path: "training.early_stopping", ctx) else { return nil }
            defer { er.finish() }
            let tol = er["tol"].map { ctx.double($0, "tol", min: 0) } ?? 1e-4
            let pat = er["n_iter_no_change"].map { ctx.int($0, "n_iter_no_change", min: 1) } ?? 10
            guard let tol, let pat else { return nil }
            return .some(EarlyStopping(tol: tol, patience: pat))
        }
        let tseed = r.value("seed", default: (seed, .derived)) { ctx.seed($0, "training seed") } ?? seed
        if order == .wrap, case .epochs = length, let b = r["batch_order"] {
            ctx.error("batch_order: wrap counts steps; give training.steps instead of epochs", at: b)
        }
        return TrainingSpec(length: length, batchSize: batch, shuffle: shuffle, shuffleForm: form, batchOrder: order,
                            logging: logging, earlyStopping: early ?? preset.earlyStopping, seed: tseed)
    }

    private func decodeLog(_ node: Node, _ fallback: LoggingSpec) -> LoggingSpec? {
        guard let r = MappingReader(node, object: "log", path: "training.log", ctx) else { return nil }
        defer { r.finish() }
        let mode = r["mode"].map { ctx.choice($0, "log mode", LogMode.self) } ?? fallback.mode
        let every = r["every"].map { ctx.int($0, "log every", min: 1) } ?? fallback.every
        let unit = r["unit"].map { ctx.choice($0, "log unit", LogUnit.self) } ?? fallback.unit
        guard let mode, let every, let unit else { return nil }
        return LoggingSpec(mode: mode, every: every, unit: unit)
    }

    private func decodeMetrics(_ spec: MappingReader, loss: LossSpec?) -> [Metric] {
        let fallback: [Metric] = loss.map { $0.kind == .mse ? [.loss, .r2] : [.loss, .accuracy] } ?? [.loss]
        return spec.value("metrics", default: (fallback, .derived)) { n in
            guard let list = ctx.list(n, "metrics") else { return nil }
            let ms = list.compactMap { ctx.choice($0, "metric", Metric.self) }
            return ms.count == list.count ? ms : nil
        } ?? fallback
    }

    private func decodeOutputs(_ spec: MappingReader, name: String) -> String {
        let fallback = "results/\(name).json"
        guard let n = spec["outputs"], let r = MappingReader(n, object: "outputs", path: "outputs", ctx) else {
            ctx.provenance.record("outputs.results", .derived, nil)
            return fallback
        }
        defer { r.finish() }
        return r.value("results", default: (fallback, .derived)) { ctx.string($0, "results path") } ?? fallback
    }

    private func decodeLint(_ spec: MappingReader) -> [String] {
        guard let n = spec["lint"], let r = MappingReader(n, object: "lint", path: "lint", ctx) else { return [] }
        defer { r.finish() }
        guard let d = r["disable"], let list = ctx.list(d, "lint.disable") else { return [] }
        return list.compactMap { ctx.string($0, "rule id") }
    }
}
