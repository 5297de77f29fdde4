import NNSpecIR

/// Dropout: the sample's shape unchanged, no parameters.
public struct DropoutLayer: LayerKind {
    public var spec: LayerSpec
    public var path: String
    /// The fraction of values dropped in training.
    public var rate: Double { spec.rate ?? 0 }

    public init(_ spec: LayerSpec, path: String) {
        self.spec = spec
        self.path = path
    }

    public func outputShape(input shape: [Int]) throws(PlanError) -> [Int] { shape }

    public func layerFans(input shape: [Int]) -> Fans { Fans(0, 0) }

    public func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration] { [] }
}
