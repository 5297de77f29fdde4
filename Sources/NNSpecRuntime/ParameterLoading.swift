extension Network {
    /// Sets every parameter from `given` (a run's reported parameters, or a framework's initial
    /// weights), converted to the network's dtype; throws when a layer's shape differs.
    func load(_ given: [DenseParameters]) throws(RunError) {
        guard given.count == layers.count else {
            throw RunError("\(given.count) layers of parameters given for a model of \(layers.count)")
        }
        for (layer, p) in zip(layers, given) {
            guard p.fanIn == layer.fanIn, p.fanOut == layer.fanOut, p.kernel.count == layer.kernelCount,
                  (p.bias?.count ?? 0) == (layer.bias == nil ? 0 : layer.fanOut) else {
                throw RunError("the parameters of layer '\(layer.name)' do not have its shape \(layer.fanIn) × \(layer.fanOut)")
            }
            for (i, v) in p.kernel.enumerated() { parameters[layer.kernel + i] = S(v) }
            if let b = layer.bias, let values = p.bias {
                for (i, v) in values.enumerated() { parameters[b + i] = S(v) }
            }
        }
    }
}
