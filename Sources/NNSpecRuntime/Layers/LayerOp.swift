import NNSpecIR
import NNSpecPlan

/// What each layer kind computes: its linear (pre-activation) part and that part's backward
/// pass; `Network` applies the activation. Adding a kind is its kernel file and a case here.
/// An enum rather than a protocol existential so every call is statically dispatched and the
/// per-element loops specialize for the run's dtype.
enum LayerOp<S: TrainingScalar> {
    case dense(DenseKernel<S>)

    /// The kernel for a plan's layer.
    init(_ layer: LayerPlan, _ plan: ExperimentPlan) {
        switch layer.kind {
        case is DenseLayer:
            self = .dense(DenseKernel(fanIn: layer.inputWidth, fanOut: layer.outputWidth,
                                      kernel: plan.tensor(layer: layer.index, .kernel)!.offset,
                                      bias: plan.tensor(layer: layer.index, .bias)?.offset))
        default:
            preconditionFailure("no runtime kernel for layer kind \(type(of: layer.kind))")
        }
    }

    /// `z = op(x)`, then `a = f(z)`: the op applies the activation in the same pass over `z` as
    /// its own element-wise work where it has any (a dense layer's bias).
    @inline(__always)
    func forward(_ x: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>, into z: UnsafeMutablePointer<S>,
                 then activation: Activation, _ a: UnsafeMutablePointer<S>) {
        switch self {
        case .dense(let k): k.forward(x, rows: rows, p, into: z, then: activation, a)
        }
    }

    @inline(__always)
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>,
                  gradient g: UnsafeMutablePointer<S>, inputDelta: UnsafeMutablePointer<S>?) {
        switch self {
        case .dense(let k): k.backward(x, delta, rows: rows, p, gradient: g, inputDelta: inputDelta)
        }
    }
}
