extension Network {
    /// Sets every parameter from `given` (a run's reported parameters, or a framework's initial
    /// weights), converted to the network's dtype; throws when a layer's shape differs.
    /// Layers without parameters (pooling, flatten, dropout) take none; a convolution's kernel is
    /// given as its `(kh·kw·c_in) × filters` matrix.
    func load(_ given: [DenseParameters]) throws(RunError) {
        let layers = self.layers.filter { $0.kernel != nil }
        guard given.count == layers.count else {
            throw RunError("\(given.count) layers of parameters given for a model of \(layers.count)")
        }
        for (layer, p) in zip(layers, given) {
            guard let kernel = layer.kernel, p.fanIn == layer.kernelRows, p.fanOut == layer.kernelColumns,
                  p.kernel.count == layer.kernelCount, (p.bias?.count ?? 0) == (layer.bias == nil ? 0 : layer.kernelColumns) else {
                throw RunError("the parameters of layer '\(layer.name)' do not have its shape \(layer.kernelRows) × \(layer.kernelColumns)")
            }
            for (i, v) in p.kernel.enumerated() { parameters[kernel + i] = S(v) }
            if let b = layer.bias, let values = p.bias {
                for (i, v) in values.enumerated() { parameters[b + i] = S(v) }
            }
        }
    }
}
