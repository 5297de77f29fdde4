import NNSpecIR
import NNSpecPlan

extension DiffBuilder {
    // MARK: batch normalization

    /// Batch normalization layers at the same place: the running statistics' update through the
    /// plan's one number (the weight of the old running value), so Keras' `momentum: 0.9` and
    /// PyTorch's `momentum: 0.1` are the same and `0.99` copied into PyTorch is not; then ε, the
    /// running variance's correction, γ and β.
    mutating func batchNormalization() {
        guard sameLayerCount, let pa = a.plan, let pb = b.plan else { return }
        for i in a.layers.indices {
            guard let ka = pa.layers[i].kind as? BatchNormLayer, let kb = pb.layers[i].kind as? BatchNormLayer else { continue }
            let path = "model.layers[\(i)]"
            let keys = ["momentum", "momentum_form", "epsilon", "running_variance", "center", "scale", "gamma_initializer", "beta_initializer"]
            claim(prefixes: keys.map { "\(path).\($0)" })
            let sa = ka.batchNorm, sb = kb.batchNorm
            func update(_ k: BatchNormLayer) -> DiffValue {
                let w = k.runningWeight
                return .described("running ← \(Num.g(w))·running + \(Num.g(1 - w))·batch (momentum \(Num.exact(k.batchNorm.momentum)), \(k.batchNorm.momentumForm.rawValue))")
            }
            if !Num.same(ka.runningWeight, kb.runningWeight) {
                // The momentum that gives A B's update, in A's form (12 digits: 1 − 0.99 is 0.01 to a spec).
                let fix = kb.momentum(in: sa.momentumForm)
                add(.model, "batch_norm_update", "running statistics of", layers: [i], update(ka), update(kb),
                    note: "the weight of the old running value: Keras' momentum, PyTorch's 1 − momentum",
                    fix: "momentum: \(Num.g(fix, 12))", from: ["\(path).momentum", "\(path).momentum_form"])
            }
            if !Num.same(sa.epsilon, sb.epsilon) {
                add(.model, "batch_norm_epsilon", "batch-normalization ε of", layers: [i], .number(sa.epsilon, exact: true),
                    .number(sb.epsilon, exact: true), fix: "epsilon: \(Num.exact(sb.epsilon))", from: ["\(path).epsilon"])
            }
            if sa.runningVariance != sb.runningVariance {
                add(.model, "batch_norm_running_variance", "running variance of", layers: [i],
                    .choice("\(sa.runningVariance.rawValue) batch variance"), .choice("\(sb.runningVariance.rawValue) batch variance"),
                    fix: "running_variance: \(sb.runningVariance.rawValue)", from: ["\(path).running_variance"])
            }
            for (key, x, y) in [("center", sa.center, sb.center), ("scale", sa.scale, sb.scale)] where x != y {
                add(.model, "batch_norm_\(key)", "\(key == "center" ? "β" : "γ") of", layers: [i],
                    .choice(x ? "trained" : "none"), .choice(y ? "trained" : "none"), fix: "\(key): \(y)", from: ["\(path).\(key)"])
            }
            for (key, role) in [("gamma_initializer", TensorRole.gamma), ("beta_initializer", .beta)] {
                guard let ta = pa.tensor(layer: i, role), let tb = pb.tensor(layer: i, role), ta.distribution != tb.distribution else { continue }
                add(.model, "batch_norm_\(key)", "initial \(role.rawValue) of", layers: [i], tensor: role,
                    .initialization(ta.initializer, [ta.distribution]), .initialization(tb.initializer, [tb.distribution]),
                    from: ["\(path).\(key)"])
            }
        }
    }
}
