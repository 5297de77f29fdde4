import NNSpecSyntax

/// Turns a (merged) spec tree into an elaborated `Spec`: reads what is written, fills the rest
/// from the convention preset or nnspec's defaults, and records each value's origin.
struct SpecDecoder {
    let ctx: DecodeContext

    func decode(_ root: Node, file: String) -> Spec? {
        guard let r = MappingReader(root, object: "spec", path: "", ctx) else { return nil }
        defer { r.finish() }

        if let v = r["nnspec"], let version = ctx.int(v, "nnspec (format version)"), version != 1 {
            ctx.error(.specVersion, "unsupported nnspec format version \(version); this nnspec reads version 1", at: v)
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
