import NNSpecSyntax

/// `loss:`, as a name (every field from the convention) or a mapping.
extension SpecDecoder {
    func decodeLoss(_ node: Node, convention: Convention, dtype: DType) -> LossSpec? {
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

    func recordPresetLoss(except: Set<String>, _ c: Convention) {
        ctx.provenance.record("loss.form", .convention(c), nil)
        for k in ["scale", "output_reduction", "gradient_reduction", "clip_epsilon", "broadcast_targets", "link", "compute_dtype"] where !except.contains(k) {
            ctx.provenance.record("loss.\(k)", .convention(c), nil)
        }
        ctx.provenance.record("loss.from_logits", .global, nil)
    }
}
