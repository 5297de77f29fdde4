import NNSpecSyntax

/// `optimizer:` and its schedule.
extension SpecDecoder {
    func decodeOptimizer(_ spec: MappingReader, preset: ConventionPreset, convention: Convention) -> OptimizerSpec? {
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
        p.momentumForm = r.value("momentum_form", default: (p.momentumForm, o)) { ctx.choice($0, "momentum_form", MomentumForm.self, aliases: MomentumForm.aliases) } ?? p.momentumForm
        p.dampening = num("dampening", p.dampening, max: 1)
        p.beta1 = num("beta_1", p.beta1, max: 1, maxEx: true)
        p.beta2 = num("beta_2", p.beta2, max: 1, maxEx: true)
        p.epsilon = num("epsilon", p.epsilon)
        p.epsilonForm = r.value("epsilon_form", default: (p.epsilonForm, o)) { ctx.choice($0, "epsilon_form", EpsilonForm.self, aliases: EpsilonForm.aliases) } ?? p.epsilonForm
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
            ctx.error(.specConflict, "nesterov needs a momentum > 0", at: n,
                      fixIts: [FixIt("set a momentum, e.g.", replacement: "momentum: 0.9")])
        }
        return p
    }

    func decodeSchedule(_ node: Node) -> Schedule? {
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
}
