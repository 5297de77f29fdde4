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

    /// A dense layer takes one vector per sample (a Flatten goes before it for images).
    public func outputShape(input shape: [Int]) throws(PlanError) -> [Int] {
        guard shape.count == 1 else {
            throw PlanError(.shape, "layer '\(spec.name)' is dense and takes one vector per sample, but receives samples of shape \(shape)", path: path)
        }
        return [spec.units]
    }

    public func layerFans(input shape: [Int]) -> Fans { Fans(shape.last ?? 0, spec.units) }

    public func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration] {
        // The kernel's element count is overflow-checked where the plan lays the tensor out.
        let width = shape.last ?? 0
        return weightTensors(spec, kernel: [width, spec.units], fans: Fans(width, spec.units))
    }
}
