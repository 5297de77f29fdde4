import NNSpecIR

/// Max or average pooling over each channel: no parameters, the channel count kept.
public struct Pooling2DLayer: LayerKind {
    public var spec: LayerSpec
    public var path: String
    public var format: DataFormat
    /// false: the maximum of each window; true: its mean.
    public var averages: Bool

    public init(_ spec: LayerSpec, path: String, format: DataFormat, averages: Bool) {
        self.spec = spec
        self.path = path
        self.format = format
        self.averages = averages
    }

    public func geometry(input shape: [Int]) throws(PlanError) -> SpatialGeometry {
        try SpatialGeometry(spec, format: format, input: shape, path: path)
    }

    public func outputShape(input shape: [Int]) throws(PlanError) -> [Int] {
        let g = try geometry(input: shape)
        return format.shape(h: g.outH, w: g.outW, c: g.inC)
    }

    public func layerFans(input shape: [Int]) -> Fans { Fans(0, 0) }

    public func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration] { [] }
}
