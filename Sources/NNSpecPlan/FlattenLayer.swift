import NNSpecIR

/// A sample's values as one vector in the data format's order; no parameters.
public struct FlattenLayer: LayerKind {
    public var spec: LayerSpec
    public var path: String
    public var format: DataFormat

    public init(_ spec: LayerSpec, path: String, format: DataFormat) {
        self.spec = spec
        self.path = path
        self.format = format
    }

    public func outputShape(input shape: [Int]) throws(PlanError) -> [Int] {
        [try product(shape, path: path)]
    }

    public func layerFans(input shape: [Int]) -> Fans { Fans(0, 0) }

    public func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration] { [] }
}
