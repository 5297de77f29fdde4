import NNSpecIR

/// Where a window (a convolution's kernel, a pooling region) lands on a feature map: the input's
/// and output's `(h, w, c)`, and per axis the window size, stride, dilation and the zeros before
/// the first pixel. Every output size and padding amount is derived here, once; the runtime's
/// kernels read them.
public struct SpatialGeometry: Sendable, Equatable {
    public var inH: Int, inW: Int, inC: Int
    public var outH: Int, outW: Int
    public var kH: Int, kW: Int
    public var strideH: Int, strideW: Int
    public var dilationH: Int, dilationW: Int
    /// Zeros above and left of the input (bottom/right padding follows from the output size).
    public var padTop: Int, padLeft: Int

    /// The geometry of `window` on an `(h, w, c)` input; throws, naming the shapes, when the
    /// window does not fit.
    public init(_ window: Window, h: Int, w: Int, c: Int, layer: String, path: String) throws(PlanError) {
        inH = h; inW = w; inC = c
        kH = window.size[0]; kW = window.size[1]
        strideH = window.strides[0]; strideW = window.strides[1]
        dilationH = window.dilation[0]; dilationW = window.dilation[1]
        let rows = try Self.axis(n: h, k: kH, s: strideH, d: dilationH, window.padding, vertical: true, layer: layer, path: path)
        let cols = try Self.axis(n: w, k: kW, s: strideW, d: dilationW, window.padding, vertical: false, layer: layer, path: path)
        outH = rows.out; padTop = rows.before
        outW = cols.out; padLeft = cols.before
    }

    /// One axis: output count and the padding before the first pixel.
    static func axis(n: Int, k: Int, s: Int, d: Int, _ padding: Padding, vertical: Bool,
                     layer: String, path: String) throws(PlanError) -> (out: Int, before: Int) {
        let span = d.multipliedReportingOverflow(by: k - 1)
        guard !span.overflow, span.partialValue < Int.max / 4, n < Int.max / 4 else {
            throw PlanError(.tooManyParameters, "layer '\(layer)': a window or input this large cannot be counted", path: path)
        }
        let extent = span.partialValue + 1
        var before = 0, after = 0
        switch padding {
        case .valid: break
        case .same:
            // TensorFlow: ceil(n/s) outputs; the odd pixel of padding goes after (bottom/right).
            let out = n / s + (n % s == 0 ? 0 : 1)
            let total = max((out - 1) * s + extent - n, 0)
            before = total / 2
            after = total - before
        case .explicit(let t, let b, let l, let r):
            (before, after) = vertical ? (t, b) : (l, r)
            guard before < Int.max / 4, after < Int.max / 4 else {
                throw PlanError(.tooManyParameters, "layer '\(layer)': padding this large cannot be counted", path: path)
            }
        }
        let padded = n + before + after
        guard padded >= extent else {
            let axisName = vertical ? "height" : "width"
            throw PlanError(.shape, "layer '\(layer)': its window spans \(extent) pixels but the input's \(axisName) is \(n)\(before + after > 0 ? " (\(padded) padded)" : "")", path: path)
        }
        return ((padded - extent) / s + 1, before)
    }

    /// Values per sample in and out.
    public var inputCount: Int { inH * inW * inC }
    /// Positions of the output map.
    public var positions: Int { outH * outW }
}

extension SpatialGeometry {
    /// The geometry of a convolution's or pooling layer's window on a sample of `shape`, read in
    /// `format`; throws, naming the shapes, for a sample that is not an image or a window that
    /// does not fit.
    init(_ layer: LayerSpec, format: DataFormat, input shape: [Int], path: String) throws(PlanError) {
        let (h, w, c) = try imageShape(shape, format, layer: layer, path: path)
        do {
            try self.init(layer.window!, h: h, w: w, c: c, layer: layer.name, path: path)
        } catch where error.kind == .shape {
            // A window that does not fit the sample read in this layout but fits it read in the
            // other: most likely images of the other layout (PyTorch's (1, 28, 28) under
            // channels_last). Say so, with both readings.
            let other: DataFormat = format == .channelsLast ? .channelsFirst : .channelsLast
            let o = other.hwc(shape)
            guard (try? Self(layer.window!, h: o.h, w: o.w, c: o.c, layer: layer.name, path: path)) != nil else { throw error }
            throw PlanError(.shape, "\(error.message): read \(format.rawValue), samples of shape \(shape) are \(h)×\(w) images with \(c) channels; read \(other.rawValue) they would be \(o.h)×\(o.w) with \(o.c) (set model.data_format: \(other.rawValue), or give the inputs in \(format.rawValue) order)", path: path)
        }
    }
}

/// The rank-3 sample a spatial layer needs, as `(h, w, c)`; throws, naming the shape, otherwise.
func imageShape(_ shape: [Int], _ format: DataFormat, layer: LayerSpec, path: String) throws(PlanError) -> (h: Int, w: Int, c: Int) {
    guard shape.count == 3 else {
        let order = format == .channelsLast ? "(height, width, channels)" : "(channels, height, width)"
        throw PlanError(.shape, "layer '\(layer.name)' is \(layer.type.type) and takes images \(order), \(format.rawValue), but receives samples of shape \(shape)\(shape.count == 1 ? "; give the image's shape in model.input_shape" : "")", path: path)
    }
    return format.hwc(shape)
}

extension SpatialGeometry {
    /// Zeros below and right of the input that a window reaches (0 when the last rows or
    /// columns are left unread).
    public var padBottom: Int { max(0, (outH - 1) * strideH + dilationH * (kH - 1) + 1 - inH - padTop) }
    public var padRight: Int { max(0, (outW - 1) * strideW + dilationW * (kW - 1) + 1 - inW - padLeft) }
    /// The padded pixels each side reaches, as a spec writes explicit padding: [top, bottom, left, right].
    public var paddingSides: [Int] { [padTop, padBottom, padLeft, padRight] }
    /// `paddingSides` as written in a spec.
    public var paddingText: String { "[\(paddingSides.map(String.init).joined(separator: ", "))]" }
}

extension LayerPlan {
    /// Where a convolution's or pooling layer's window lands on this layer's input (nil for
    /// other kinds).
    public var geometry: SpatialGeometry? {
        switch kind {
        case let k as Conv2DLayer: return try? k.geometry(input: inputShape)
        case let k as Pooling2DLayer: return try? k.geometry(input: inputShape)
        default: return nil
        }
    }
}
