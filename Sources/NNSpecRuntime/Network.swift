import NNSpecIR
import NNSpecNumerics
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
        /// Offset of the kernel in `parameters`, nil for a layer without parameters.
        let kernel: Int?
        /// The kernel as a matrix: `fanIn × fanOut` for a dense layer, `(kh·kw·c_in) × filters`
        /// for a convolution.
        let kernelRows: Int
        let kernelColumns: Int
        /// Offset of the bias in `parameters`, nil without bias.
        let bias: Int?
        /// What the layer computes before its activation.
        let op: LayerOp<S>

        var kernelCount: Int { kernelRows * kernelColumns }
    }

    let layers: [Layer]
    /// The plan the network was built from: where each tensor and statistic lives.
    let plan: ExperimentPlan
    let parameters: Buffer<S>
    /// Non-trainable state (batch normalization's running statistics) at the plan's offsets,
    /// from their initial values; training passes update it.
    let state: Buffer<S>
    let gradient: Buffer<S>
    /// Rows the activation buffers hold: the largest batch.
    let capacity: Int
    /// Per layer, `capacity × fanOut`: pre-activations `z`, activations `a`, and `∂L/∂z`. A hidden
    /// layer without an activation (pooling, flatten, dropout, …) has one buffer for both, so
    /// `a = z` is no copy; the output layer keeps both for the loss.
    let z: [Buffer<S>]
    let a: [Buffer<S>]
    let deltas: [Buffer<S>]
    /// Channels-first image inputs, `(h, w, c)`, and their transpose for the current batch.
    private let inputImage: (h: Int, w: Int, c: Int)?
    private let transposedInput: Buffer<S>?

    /// The input as the first layer reads it: `x`, or its images transposed to `(h, w, c)`.
    private func entry(_ x: UnsafePointer<S>, rows: Int) -> UnsafePointer<S> {
        guard let (h, w, c) = inputImage, let t = transposedInput else { return x }
        ImageLayout.chwToHWC(x, t.pointer, samples: rows, h: h, w: w, c: c)
        return t.constPointer
    }

    /// The plan's layers with their tensors at the plan's offsets.
    init(_ plan: ExperimentPlan, capacity: Int) {
        let state = Buffer<S>(count: plan.stateCount)
        for t in plan.statistics { (state.pointer + t.offset).update(repeating: S(t.initialValue), count: t.count) }
        self.state = state
        self.plan = plan
        let layers = plan.layers.map { l in
            let kernel = plan.tensor(layer: l.index, .kernel)
            let bias = plan.tensor(layer: l.index, .bias)?.offset
            let columns = kernel?.shape.last ?? 0
            return Layer(name: l.name, fanIn: l.inputWidth, fanOut: l.outputWidth, activation: l.activation, kernel: kernel?.offset,
                         kernelRows: columns == 0 ? 0 : (kernel?.count ?? 0) / columns, kernelColumns: columns, bias: bias,
                         op: LayerOp(l, plan, state: state))
        }
        self.layers = layers
        // Feature maps are (h, w, c) in the runtime: channels-first images are transposed on entry.
        let first = plan.layers[0]
        if Self.transposesInput(plan) {
            let (h, w, c) = DataFormat.channelsFirst.hwc(first.inputShape)
            inputImage = (h, w, c)
            transposedInput = Buffer(count: capacity * first.inputWidth)
        } else {
            inputImage = nil
            transposedInput = nil
        }
        self.capacity = capacity
        parameters = Buffer(count: plan.parameterCount)
        gradient = Buffer(count: plan.parameterCount)
        let a = layers.map { Buffer<S>(count: capacity * $0.fanOut) }
        let keepsZ = Self.keepsZ(plan)
        z = layers.indices.map { keepsZ[$0] ? Buffer(count: capacity * layers[$0].fanOut) : a[$0] }
        self.a = a
        deltas = layers.map { Buffer(count: capacity * $0.fanOut) }
    }

    /// Per layer, whether its `z` needs a buffer of its own beside `a`. (An activation applied in
    /// place would need none either, but ReLU's loop vectorizes only from one buffer to another.)
    private static func keepsZ(_ plan: ExperimentPlan) -> [Bool] {
        plan.layers.map { $0.index == plan.layers.count - 1 || $0.activation != .linear }
    }

    /// Values the activation buffers hold per row (`z`, `a`, `∂L/∂z`), the input's transpose
    /// included: what one more row of capacity costs.
    static func valuesPerRow(_ plan: ExperimentPlan) -> Int {
        let keepsZ = keepsZ(plan)
        let layers = plan.layers.reduce(0) { $0 + $1.outputWidth * (keepsZ[$1.index] ? 3 : 2) }
        return layers + (transposesInput(plan) ? plan.layers[0].inputWidth : 0)
    }

    /// Whether the input is channels-first images, transposed to `(h, w, c)` on entry.
    private static func transposesInput(_ plan: ExperimentPlan) -> Bool {
        plan.layers[0].inputShape.count == 3 && plan.spec.model.dataFormat == .channelsFirst
    }

    var parameterCount: Int { parameters.count }
    var outputs: Int { layers.last!.fanOut }
    /// The output layer's pre-activations and activations for the rows of the last forward pass.
    var outputZ: UnsafePointer<S> { z.last!.constPointer }
    var outputA: UnsafePointer<S> { a.last!.constPointer }

    /// `z = op(x)`, `a = f(z)` (in one pass where the op can fuse them) layer by layer for `rows ≤ capacity` rows of `x`; a training
    /// `pass` (dropout's masks) or inference (nil).
    func forward(_ x: UnsafePointer<S>, rows: Int, pass: TrainingPass? = nil) {
        let p = parameters.constPointer
        var input = entry(x, rows: rows)
        for (l, layer) in layers.enumerated() {
            let zl = z[l].pointer
            layer.op.forward(input, rows: rows, p, into: zl, pass: pass, then: layer.activation, a[l].pointer, width: layer.fanOut)
            input = a[l].constPointer
        }
    }

    /// The gradient of the data term: from `deltas.last` (`∂L/∂z` of the output layer, set by the
    /// loss) back through every layer's op and the activation below it.
    func backward(_ x: UnsafePointer<S>, rows: Int, pass: TrainingPass?) {
        let p = parameters.constPointer, g = gradient.pointer
        let x = inputImage == nil ? x : transposedInput!.constPointer
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            let input = l == 0 ? x : a[l - 1].constPointer
            let below: UnsafeMutablePointer<S>? = l > 0 ? deltas[l - 1].pointer : nil
            layer.op.backward(input, deltas[l].constPointer, rows: rows, p, gradient: g, inputDelta: below, pass: pass)
            if let d = below {
                let under = layers[l - 1]
                under.activation.backward(d, z: z[l - 1].constPointer, a: a[l - 1].constPointer, rows: rows, cols: under.fanOut)
            }
        }
    }

    /// The parameters and state of every layer that has any, in the reported form: each tensor
    /// under its role's name, each running statistic under its convention's name, with the
    /// plan's shapes.
    func reportedParameters() -> [LayerParameters] {
        plan.layers.compactMap { l in
            let tensors = l.tensors.map { plan.tensors[$0] }.map { t in
                ReportedTensor(name: t.role.rawValue, shape: t.shape, values: (0 ..< t.count).map { Double(parameters[t.offset + $0]) })
            }
            let statistics = l.statistics.map { plan.statistics[$0] }.map { t in
                ReportedTensor(name: t.name, shape: t.shape, values: (0 ..< t.count).map { Double(state[t.offset + $0]) })
            }
            return tensors.isEmpty && statistics.isEmpty ? nil : LayerParameters(name: l.name, tensors: tensors + statistics)
        }
    }

    /// The layer and tensor holding parameter `index`.
    func locate(_ index: Int) -> (layer: Layer, tensor: String) {
        guard let t = plan.tensors.first(where: { index >= $0.offset && index < $0.offset + $0.count }) else {
            preconditionFailure("parameter index \(index) out of range")
        }
        return (layers[t.layer], t.role.rawValue)
    }
}
