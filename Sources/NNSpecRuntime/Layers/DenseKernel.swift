import NNSpecIR
import NNSpecNumerics

/// A dense layer's linear part, `z = x·W + b`, and its backward pass. The kernel is
/// `fanIn × fanOut` row-major at `kernel` in the parameter vector, the bias at `bias`.
struct DenseKernel<S: TrainingScalar> {
    let fanIn: Int
    let fanOut: Int
    /// Offsets in the parameter vector (and the gradient, which has the same layout).
    let kernel: Int
    let bias: Int?

    /// `z = x·W + b`, `a = f(z)`: the bias and the activation in one pass over `z`.
    @inline(__always)
    func forward(_ x: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>, into z: UnsafeMutablePointer<S>,
                 then activation: Activation, _ a: UnsafeMutablePointer<S>) {
        Products.ab(rows, fanOut, fanIn, x, p + kernel, z)
        activation.forward(addingBias: bias.map { p + $0 }, z: z, a, rows: rows, cols: fanOut)
    }

    /// From `δ = ∂L/∂z`: `xᵀ·δ` and `Σ_rows δ` into the gradient, and `δ·Wᵀ` (∂L/∂x) into
    /// `inputDelta` when the layer below needs it.
    @inline(__always)
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>,
                  gradient g: UnsafeMutablePointer<S>, inputDelta: UnsafeMutablePointer<S>?) {
        let n = fanOut
        Products.atb(fanIn, n, rows, x, delta, g + kernel)
        if let b = bias { BiasPasses.gradient(delta, rows: rows, cols: n, into: g + b) }
        if let d = inputDelta { Products.abt(rows, fanIn, n, delta, p + kernel, d) }
    }
}
