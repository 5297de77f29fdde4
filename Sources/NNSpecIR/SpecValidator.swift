import NNSpecSyntax

/// Checks between fields that make a spec meaningless (not merely unwise — that is lint's job).
/// Checks that need the data's shapes live in NNSpecData.
enum SpecValidator {
    static func validate(_ spec: Spec, ctx: DecodeContext) -> Spec {
        let prov = spec.provenance
        let t = spec.training
        if spec.optimizer.kind == .lbfgs, t.batchSize != .full, prov.origin(of: "training.batch_size") == .spec {
            ctx.bag.error(.specConflict, "L-BFGS is a full-batch method; batch_size must be 'full'", at: prov.location(of: "training.batch_size"),
                          fixIts: [FixIt("use the whole training set", replacement: "batch_size: full")])
        }
        if case .steps = t.length, t.earlyStopping != nil, prov.origin(of: "training.early_stopping") == .spec {
            ctx.bag.error(.specConflict, "early_stopping compares epoch losses; it needs training.epochs, not steps", at: prov.location(of: "training.early_stopping"))
        }
        if [.fitMean, .sklearnEpoch, .batchMean].contains(t.logging.mode), t.logging.unit == .step {
            ctx.bag.error(.specConflict, "log mode \(t.logging.mode.rawValue) averages over an epoch; its unit must be epoch", at: prov.location(of: "training.log"))
        }
        if case .steps = t.length, t.logging.unit == .epoch, prov.origin(of: "training.log") == .spec {
            ctx.bag.error(.specConflict, "a run measured in steps logs by step; set training.log.unit: step", at: prov.location(of: "training.log"))
        }
        if spec.loss.broadcastTargets, spec.loss.kind != .mse {
            ctx.bag.error(.specConflict, "broadcast_targets reproduces TF1's mean_squared_error and applies to mse only", at: prov.location(of: "loss.broadcast_targets"))
        }
        return spec
    }
}
