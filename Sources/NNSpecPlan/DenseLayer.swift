import NNSpecIR

/// A fully connected layer: `z = x·W + b`, `a = f(z)`. The kernel is `fan_in × units`, the
/// bias `units` (absent with `use_bias: false`).
public struct DenseLayer: LayerKind {
    public var spec: LayerSpec
    public var path: String

    public init(_ spec: LayerSpec, path: String) {
        self.spec = spec
        self.path = path
    }

    public func outputWidth(input width: Int) -> Int { spec.units }

    public func layerFans(input width: Int) -> Fans { Fans(width, spec.units) }

    public func tensors(input width: Int) throws(PlanError) -> [TensorDeclaration] {
        _ = try product([width, spec.units], path: "\(path).units")
        var out = [TensorDeclaration(role: .kernel, shape: [width, spec.units], fans: Fans(width, spec.units),
                                     initializer: spec.kernelInitializer, regularizer: spec.kernelRegularizer,
                                     takesGlobalPenalty: true)]
        if spec.useBias {
            // Keras' compute_fans of a vector: its length, as fan-in and fan-out.
            out.append(TensorDeclaration(role: .bias, shape: [spec.units], fans: Fans(spec.units, spec.units),
                                         initializer: spec.biasInitializer, regularizer: spec.biasRegularizer,
                                         takesGlobalPenalty: false))
        }
        return out
    }
}
