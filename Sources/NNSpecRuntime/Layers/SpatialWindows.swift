import NNSpecNumerics
import NNSpecPlan

extension SpatialGeometry {
    /// The geometry as the numerics' window loops (im2col, col2im, pooling) read it.
    var windows: WindowGeometry {
        WindowGeometry(inH: inH, inW: inW, channels: inC, outH: outH, outW: outW, kH: kH, kW: kW, strideH: strideH,
                       strideW: strideW, dilationH: dilationH, dilationW: dilationW, padTop: padTop, padLeft: padLeft)
    }
}
