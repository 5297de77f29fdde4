import NNSpecPlan

extension Network {
    /// Sets every parameter and running statistic from `given` (a run's reported parameters, or
    /// a framework's initial weights), converted to the network's dtype; throws when a layer's
    /// tensors differ. Layers without either (pooling, flatten, dropout) take none; tensors are
    /// matched by name (`kernel`, `gamma`, `running_var`, …) and shape, and a convolution's kernel
    /// may also be given as its `(kh·kw·c_in) × filters` matrix. A layer given without its
    /// running statistics keeps their initial values.
    func load(_ given: [LayerParameters]) throws(RunError) {
        let layers = plan.layers.filter { !$0.tensors.isEmpty || !$0.statistics.isEmpty }
        guard given.count == layers.count else {
            throw RunError("\(given.count) layers of parameters given for a model of \(layers.count)")
        }
        for (layer, p) in zip(layers, given) {
            let tensors = layer.tensors.map { plan.tensors[$0] }
            let statistics = layer.statistics.map { plan.statistics[$0] }
            let known = Set(tensors.map(\.role.rawValue) + statistics.map(\.name))
            if let stray = p.tensors.first(where: { !known.contains($0.name) }) {
                throw RunError("the parameters of layer '\(layer.name)' include '\(stray.name)', which it does not have (it has \(known.sorted().joined(separator: ", ")))")
            }
            func fill(_ name: String, shape: [Int], count: Int, into buffer: Buffer<S>, at offset: Int, required: Bool) throws(RunError) {
                guard let t = p.tensor(name) else {
                    if required { throw RunError("the parameters of layer '\(layer.name)' have no \(name)") }
                    return
                }
                let matrix = shape.count > 2 ? [count / max(shape.last!, 1), shape.last!] : shape
                guard t.values.count == count, t.shape == shape || t.shape == matrix else {
                    throw RunError("the \(name) of layer '\(layer.name)' has shape \(t.shape); the layer's is \(shape)")
                }
                for (i, v) in t.values.enumerated() { buffer[offset + i] = S(v) }
            }
            for t in tensors { try fill(t.role.rawValue, shape: t.shape, count: t.count, into: parameters, at: t.offset, required: true) }
            for t in statistics { try fill(t.name, shape: t.shape, count: t.count, into: state, at: t.offset, required: false) }
        }
    }
}
