import NNSpecIR
import NNSpecPlan

/// A stack of dense layers. All parameters live in one flat vector — per layer the kernel, then
/// the bias — so the optimizers and L-BFGS update a single vector; the gradient has the same
/// layout. The activations and deltas of the current batch are kept for the backward pass.
final class Network<S: TrainingScalar> {
    struct Layer {
        let name: String
        let fanIn: Int
        let fanOut: Int
        let activation: Activation
        /// Offset of the kernel in `parameters`.
        let kernel: Int
        /// Offset of the bias in `parameters`, nil without bias.
        let bias: Int?
        /// What the layer computes before its activation.
        let op: LayerOp<S>

        var kernelCount: Int { fanIn * fanOut }
    }

    let layers: [Layer]
    let parameters: Buffer<S>
    let gradient: Buffer<S>
    /// Rows the activation buffers hold: the largest batch.
    let capacity: Int
    /// Per layer, `capacity × fanOut`: pre-activations `z`, activations `a`, and `∂L/∂z`.
    let z: [Buffer<S>]
    let a: [Buffer<S>]
    let deltas: [Buffer<S>]

    /// The plan's layers with their tensors at the plan's offsets.
    init(_ plan: ExperimentPlan, capacity: Int) {
        layers = plan.layers.map { l in
            let kernel = plan.tensor(layer: l.index, .kernel)!.offset
            let bias = plan.tensor(layer: l.index, .bias)?.offset
            return Layer(name: l.name, fanIn: l.inputWidth, fanOut: l.outputWidth, activation: l.activation, kernel: kernel, bias: bias,
                         op: LayerOp(l, plan))
        }
        self.capacity = capacity
        parameters = Buffer(count: plan.parameterCount)
        gradient = Buffer(count: plan.parameterCount)
        z = layers.map { Buffer(count: capacity * $0.fanOut) }
        a = layers.map { Buffer(count: capacity * $0.fanOut) }
        deltas = layers.map { Buffer(count: capacity * $0.fanOut) }
    }

    var parameterCount: Int { parameters.count }
    var outputs: Int { layers.last!.fanOut }
    /// The output layer's pre-activations and activations for the rows of the last forward pass.
    var outputZ: UnsafePointer<S> { z.last!.constPointer }
    var outputA: UnsafePointer<S> { a.last!.constPointer }

    /// `z = op(x)`, `a = f(z)` (in one pass where the op can fuse them) layer by layer for `rows ≤ capacity` rows of `x`.
    func forward(_ x: UnsafePointer<S>, rows: Int) {
        let p = parameters.constPointer
        var input = x
        for (l, layer) in layers.enumerated() {
            let zl = z[l].pointer
            layer.op.forward(input, rows: rows, p, into: zl, then: layer.activation, a[l].pointer)
            input = a[l].constPointer
        }
    }

    /// The gradient of the data term: from `deltas.last` (`∂L/∂z` of the output layer, set by the
    /// loss) back through every layer's op and the activation below it.
    func backward(_ x: UnsafePointer<S>, rows: Int) {
        let p = parameters.constPointer, g = gradient.pointer
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let input = l == 0 ? x : a[l - 1].constPointer
            let below: UnsafeMutablePointer<S>? = l > 0 ? deltas[l - 1].pointer : nil
            layer.op.backward(input, deltas[l].constPointer, rows: rows, p, gradient: g, inputDelta: below)
            if let d = below {
                let under = layers[l - 1]
                under.activation.backward(d, z: z[l - 1].constPointer, a: a[l - 1].constPointer, rows: rows, cols: under.fanOut)
            }
        }
    }

    /// The parameters of every layer, in the reported form.
    func denseParameters() -> [DenseParameters] {
        layers.map { l in
            let k = (0 ..< l.kernelCount).map { Double(parameters[l.kernel + $0]) }
            let b = l.bias.map { off in (0 ..< l.fanOut).map { Double(parameters[off + $0]) } }
            return DenseParameters(name: l.name, fanIn: l.fanIn, fanOut: l.fanOut, kernel: k, bias: b)
        }
    }

    /// The layer and tensor holding parameter `index`.
    func locate(_ index: Int) -> (layer: Layer, tensor: String) {
        for l in layers {
            if index >= l.kernel && index < l.kernel + l.kernelCount { return (l, "kernel") }
            if let b = l.bias, index >= b && index < b + l.fanOut { return (l, "bias") }
        }
        preconditionFailure("parameter index \(index) out of range")
    }
}
