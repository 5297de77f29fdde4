import NNSpecIR
import NNSpecPlan

/// What each layer kind computes: its linear (pre-activation) part and that part's backward
/// pass; `Network` applies the activation. Adding a kind is its kernel file and a case here.
/// An enum rather than a protocol existential so every call is statically dispatched and the
/// per-element loops specialize for the run's dtype.
enum LayerOp<S: TrainingScalar> {
    case dense(DenseKernel<S>)
    case conv2d(Conv2DKernel<S>)
    case pooling2d(Pooling2DKernel<S>)
    case flatten(FlattenKernel<S>)
    case dropout(DropoutKernel<S>)
    case batchNorm(BatchNormKernel<S>)

    /// The kernel for a plan's layer; `state` is the network's running statistics.
    init(_ layer: LayerPlan, _ plan: ExperimentPlan, state: Buffer<S>) {
        switch layer.kind {
        case is DenseLayer:
            self = .dense(DenseKernel(fanIn: layer.inputWidth, fanOut: layer.outputWidth,
                                      kernel: plan.tensor(layer: layer.index, .kernel)!.offset,
                                      bias: plan.tensor(layer: layer.index, .bias)?.offset))
        case is Conv2DLayer:
            // The plan has checked the geometry while lowering.
            self = .conv2d(Conv2DKernel(layer.geometry!, filters: layer.spec.units,
                                        kernel: plan.tensor(layer: layer.index, .kernel)!.offset,
                                        bias: plan.tensor(layer: layer.index, .bias)?.offset))
        case let pool as Pooling2DLayer:
            self = .pooling2d(Pooling2DKernel(g: layer.geometry!, averages: pool.averages,
                                              countIncludePad: layer.spec.window!.countIncludePad))
        case let flatten as FlattenLayer:
            // A vector passes through; an image is (h, w, c) in the runtime.
            let image = layer.inputShape.count == 3
            let (h, w, c) = image ? flatten.format.hwc(layer.inputShape) : (1, 1, layer.inputWidth)
            self = .flatten(FlattenKernel(h: h, w: w, c: c, channelsFirst: image && flatten.format == .channelsFirst))
        case let dropout as DropoutLayer:
            self = .dropout(DropoutKernel(rate: dropout.rate, layer: layer.index, width: layer.inputWidth))
        case let bn as BatchNormLayer:
            // The runtime holds images (h, w, c): channels are the last axis either way.
            let channels = (try? bn.channels(input: layer.inputShape)) ?? layer.inputWidth
            self = .batchNorm(BatchNormKernel(bn, channels: channels, positions: bn.positions(input: layer.inputShape),
                                              gamma: plan.tensor(layer: layer.index, .gamma)?.offset,
                                              beta: plan.tensor(layer: layer.index, .beta)?.offset, state: state,
                                              runningMean: plan.statistic(layer: layer.index, .mean)!.offset,
                                              runningVariance: plan.statistic(layer: layer.index, .variance)!.offset))
        default:
            preconditionFailure("no runtime kernel for layer kind \(type(of: layer.kind))")
        }
    }

    /// `z = op(x)`, then `a = f(z)`: the op applies the activation in the same pass over `z` as
    /// its own element-wise work where it has any (a dense or convolution layer's bias).
    @inline(__always)
    func forward(_ x: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>, into z: UnsafeMutablePointer<S>, pass: TrainingPass?,
                 then activation: Activation, _ a: UnsafeMutablePointer<S>, width: Int) {
        switch self {
        case .dense(let k):
            k.forward(x, rows: rows, p, into: z, then: activation, a)
            return
        case .conv2d(let k):
            k.forward(x, rows: rows, p, into: z, then: activation, a)
            return
        case .pooling2d(let k): k.forward(x, rows: rows, into: z)
        case .flatten(let k): k.forward(x, rows: rows, into: z)
        case .dropout(let k): k.forward(x, rows: rows, into: z, pass: pass)
        case .batchNorm(let k): k.forward(x, rows: rows, p, into: z, training: pass != nil)
        }
        activation.forward(UnsafePointer(z), a, rows: rows, cols: width)
    }

    @inline(__always)
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>,
                  gradient g: UnsafeMutablePointer<S>, inputDelta: UnsafeMutablePointer<S>?, pass: TrainingPass?) {
        switch self {
        case .dense(let k): k.backward(x, delta, rows: rows, p, gradient: g, inputDelta: inputDelta)
        case .conv2d(let k): k.backward(x, delta, rows: rows, p, gradient: g, inputDelta: inputDelta)
        case .pooling2d(let k): k.backward(x, delta, rows: rows, inputDelta: inputDelta)
        case .flatten(let k): k.backward(delta, rows: rows, inputDelta: inputDelta)
        case .dropout(let k): k.backward(delta, rows: rows, inputDelta: inputDelta, pass: pass)
        case .batchNorm(let k): k.backward(x, delta, rows: rows, p, gradient: g, inputDelta: inputDelta)
        }
    }
}
