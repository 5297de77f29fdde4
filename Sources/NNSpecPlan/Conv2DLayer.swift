import NNSpecIR

/// A 2-D convolution: `filters` kernels of `(kh, kw, c_in)` slide over the input. The kernel
/// tensor is `(kh, kw, c_in, filters)` — row-major, that is the `(kh·kw·c_in) × filters` matrix
/// the im2col product uses — and the bias `filters`. Fans are Keras' receptive-field fans:
/// fan_in = c_in·kh·kw, fan_out = filters·kh·kw; the layer's own fans (PyTorch's U(±1/√fan_in))
/// are (c_in·kh·kw, filters).
public struct Conv2DLayer: LayerKind {
    public var spec: LayerSpec
    public var path: String
    public var format: DataFormat

    public init(_ spec: LayerSpec, path: String, format: DataFormat) {
        self.spec = spec
        self.path = path
        self.format = format
    }

    public func geometry(input shape: [Int]) throws(PlanError) -> SpatialGeometry {
        try SpatialGeometry(spec, format: format, input: shape, path: path)
    }

    public func outputShape(input shape: [Int]) throws(PlanError) -> [Int] {
        let g = try geometry(input: shape)
        return format.shape(h: g.outH, w: g.outW, c: spec.units)
    }

    public func layerFans(input shape: [Int]) -> Fans {
        let w = spec.window!
        return Fans((shape.count == 3 ? format.hwc(shape).c : 0) * w.size[0] * w.size[1], spec.units)
    }

    public func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration] {
        let g = try geometry(input: shape)
        let kernelShape = [g.kH, g.kW, g.inC, spec.units]
        let receptive = try product([g.kH, g.kW], path: "\(path).kernel_size")
        let fanIn = try product([receptive, g.inC], path: "\(path).kernel_size")
        let fanOut = try product([receptive, spec.units], path: "\(path).filters")
        return weightTensors(spec, kernel: kernelShape, fans: Fans(fanIn, fanOut))
    }
}
