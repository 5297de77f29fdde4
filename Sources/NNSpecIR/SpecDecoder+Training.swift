import NNSpecSyntax

/// `training:`: length, batching, shuffling, logging, early stopping.
extension SpecDecoder {
    func decodeTraining(_ spec: MappingReader, preset: ConventionPreset, convention: Convention, seed: UInt32) -> TrainingSpec? {
        let o = Origin.convention(convention)
        let node = spec["training"] ?? Node(.mapping([]), at: spec.node.location)
        guard let r = MappingReader(node, object: "training", path: "training", ctx) else { return nil }
        defer { r.finish() }
        var length = TrainingLength.epochs(preset.epochs)
        if let e = r["epochs"], let s = r["steps"] {
            ctx.error(.specConflict, "give either epochs or steps, not both", at: s, notes: [DiagnosticNote("epochs given here", at: e.location)])
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
                ctx.error(.specType, "batch_size must be a positive integer, 'full' or 'auto', got '\(s)'", at: n)
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
            let defaults = EarlyStopping.sklearnDefaults
            let tol = er["tol"].map { ctx.double($0, "tol", min: 0) } ?? defaults.tol
            let pat = er["n_iter_no_change"].map { ctx.int($0, "n_iter_no_change", min: 1) } ?? defaults.patience
            guard let tol, let pat else { return nil }
            return .some(EarlyStopping(tol: tol, patience: pat))
        }
        let tseed = r.value("seed", default: (seed, .derived)) { ctx.seed($0, "training seed") } ?? seed
        if order == .wrap, case .epochs = length, let b = r["batch_order"] {
            ctx.error(.specConflict, "batch_order: wrap counts steps; give training.steps instead of epochs", at: b)
        }
        return TrainingSpec(length: length, batchSize: batch, shuffle: shuffle, shuffleForm: form, batchOrder: order,
                            logging: logging, earlyStopping: early ?? preset.earlyStopping, seed: tseed)
    }

    func decodeLog(_ node: Node, _ fallback: LoggingSpec) -> LoggingSpec? {
        guard let r = MappingReader(node, object: "log", path: "training.log", ctx) else { return nil }
        defer { r.finish() }
        let mode = r["mode"].map { ctx.choice($0, "log mode", LogMode.self) } ?? fallback.mode
        let every = r["every"].map { ctx.int($0, "log every", min: 1) } ?? fallback.every
        let unit = r["unit"].map { ctx.choice($0, "log unit", LogUnit.self) } ?? fallback.unit
        guard let mode, let every, let unit else { return nil }
        return LoggingSpec(mode: mode, every: every, unit: unit)
    }
}
