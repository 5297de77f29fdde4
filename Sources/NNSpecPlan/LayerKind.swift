import NNSpecIR

/// One parameter tensor a layer kind declares for a given input: what the plan turns into a
/// `TensorPlan` (offset, distribution, penalties).
public struct TensorDeclaration: Sendable {
    public var role: TensorRole
    public var shape: [Int]
    /// Fans as Keras' `compute_fans` reads the shape.
    public var fans: Fans
    public var initializer: Initializer
    public var regularizer: Regularizer?
    /// The global penalty (`regularization.alpha`) reaches this tensor: kernels, not biases.
    public var takesGlobalPenalty: Bool
}

/// What a kind of layer contributes to a plan: the shape of its output and its parameter
/// tensors, for the shape of one sample it receives (`[features]`, or e.g. `[h, w, c]` for an
/// image). The plan, and through it the runtime, lint, diff and export, ask the kind; nothing
/// else knows a layer's tensors.
public protocol LayerKind: Sendable {
    /// The layer as written (name, activation, initializers, regularizers).
    var spec: LayerSpec { get }
    /// The shape of one sample's output for an input sample of `shape`; throws, naming the
    /// shapes, when the layer cannot take that input.
    func outputShape(input shape: [Int]) throws(PlanError) -> [Int]
    /// The layer's parameter tensors on an input of `shape`, in the order they are laid out and
    /// drawn. Throws when a count overflows.
    func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration]
    /// The layer's own fans (fan_in, units), which per-layer initializers (scikit-learn's,
    /// PyTorch's) use for every tensor of the layer.
    func layerFans(input shape: [Int]) -> Fans
    /// The layer's non-trainable state (batch normalization's running statistics) on an input
    /// of `shape`, in layout order.
    func statistics(input shape: [Int]) throws(PlanError) -> [StatisticDeclaration]
}

extension LayerKind {
    public func statistics(input shape: [Int]) throws(PlanError) -> [StatisticDeclaration] { [] }
}

/// Checked `a × b` for element counts.
func product(_ dims: [Int], path: String) throws(PlanError) -> Int {
    var n = 1
    for d in dims {
        let (p, overflow) = n.multipliedReportingOverflow(by: d)
        guard !overflow, d >= 0 else {
            throw PlanError(.tooManyParameters, "a tensor of shape \(dims) has more values than can be counted", path: path)
        }
        n = p
    }
    return n
}

/// The tensors of a layer with a kernel and a bias (dense, conv2d): the kernel of `shape` with
/// `fans`, then the bias (absent with `use_bias: false`), whose fans are Keras' `compute_fans` of
/// a vector: its length, as fan-in and fan-out.
func weightTensors(_ spec: LayerSpec, kernel shape: [Int], fans: Fans) -> [TensorDeclaration] {
    var out = [TensorDeclaration(role: .kernel, shape: shape, fans: fans, initializer: spec.kernelInitializer,
                                 regularizer: spec.kernelRegularizer, takesGlobalPenalty: true)]
    if spec.useBias {
        let n = shape.last ?? 0
        out.append(TensorDeclaration(role: .bias, shape: [n], fans: Fans(n, n), initializer: spec.biasInitializer,
                                     regularizer: spec.biasRegularizer, takesGlobalPenalty: false))
    }
    return out
}
