import NNSpecSyntax

/// How an image sample's axes are ordered: `(h, w, c)` (Keras, TF1) or `(c, h, w)` (PyTorch).
/// A model-level choice (`model.data_format`), defaulted by the convention; it decides how the
/// input sample shape is read and in which order Flatten lays out a feature map.
public enum DataFormat: String, Sendable, CaseIterable {
    case channelsLast = "channels_last"
    case channelsFirst = "channels_first"

    /// `(h, w, c)` of a rank-3 sample shape written in this format.
    public func hwc(_ shape: [Int]) -> (h: Int, w: Int, c: Int) {
        self == .channelsLast ? (shape[0], shape[1], shape[2]) : (shape[1], shape[2], shape[0])
    }

    /// A sample shape in this format from `(h, w, c)`.
    public func shape(h: Int, w: Int, c: Int) -> [Int] {
        self == .channelsLast ? [h, w, c] : [c, h, w]
    }
}

/// Zeros around a feature map before a window slides over it.
public enum Padding: Sendable, Equatable {
    /// None: windows lie inside the input.
    case valid
    /// TensorFlow's rule: `ceil(n / stride)` outputs; the total padding is split with the odd
    /// pixel at the bottom/right.
    case same
    /// PyTorch's `padding=p` (and per-side amounts): zeros on each side as written.
    case explicit(top: Int, bottom: Int, left: Int, right: Int)

    /// As a spec writes it: `valid`, `same`, `[top, bottom, left, right]`.
    public var text: String {
        switch self {
        case .valid: return "valid"
        case .same: return "same"
        case .explicit(let t, let b, let l, let r): return "[\(t), \(b), \(l), \(r)]"
        }
    }

    public var canonical: CanonicalValue {
        switch self {
        case .valid: return .string("valid")
        case .same: return .string("same")
        case .explicit(let t, let b, let l, let r): return .list([.int(t), .int(b), .int(l), .int(r)])
        }
    }
}

/// A window sliding over the two spatial axes: a convolution's kernel or a pooling region.
public struct Window: Sendable, Equatable {
    /// `(height, width)`.
    public var size: [Int]
    public var strides: [Int]
    public var dilation: [Int]
    public var padding: Padding
    /// Average pooling: padded zeros count in the divisor (PyTorch's `count_include_pad=True`),
    /// or only the input's pixels do (Keras).
    public var countIncludePad: Bool

    public init(size: [Int], strides: [Int], dilation: [Int] = [1, 1], padding: Padding, countIncludePad: Bool = false) {
        self.size = size
        self.strides = strides
        self.dilation = dilation
        self.padding = padding
        self.countIncludePad = countIncludePad
    }
}

/// Reading the keys spatial layers share.
extension SpecDecoder {
    /// `3` or `[3, 2]`: a pair of positive integers (height, width).
    func decodePair(_ node: Node, _ what: String) -> [Int]? {
        if node.scalarValue != nil { return ctx.int(node, what, min: 1).map { [$0, $0] } }
        guard let items = ctx.list(node, what) else { return nil }
        guard items.count == 2 else {
            ctx.error(.specRange, "\(what) is one integer or a pair [height, width], got \(items.count) values", at: node)
            return nil
        }
        let values = items.compactMap { ctx.int($0, what, min: 1) }
        return values.count == 2 ? values : nil
    }

    /// `valid`, `same`, `p`, `[ph, pw]` or `[top, bottom, left, right]`.
    func decodePadding(_ node: Node) -> Padding? {
        if case .string(let s)? = node.scalarValue {
            switch s {
            case "valid": return .valid
            case "same": return .same
            default:
                ctx.unknown(s, what: "padding", candidates: ["valid", "same"], at: node)
                return nil
            }
        }
        if node.scalarValue != nil {
            return ctx.int(node, "padding", min: 0).map { .explicit(top: $0, bottom: $0, left: $0, right: $0) }
        }
        guard let items = ctx.list(node, "padding") else { return nil }
        let v = items.compactMap { ctx.int($0, "padding", min: 0) }
        guard v.count == items.count else { return nil }
        switch v.count {
        case 2: return .explicit(top: v[0], bottom: v[0], left: v[1], right: v[1])
        case 4: return .explicit(top: v[0], bottom: v[1], left: v[2], right: v[3])
        default:
            ctx.error(.specRange, "padding is valid, same, an integer, [height, width] or [top, bottom, left, right], got \(v.count) values", at: node)
            return nil
        }
    }
}

extension MappingReader {
    /// Keys of the `layer` object that belong to other kinds are errors, not silently ignored.
    func rejectKeys(notIn kind: any LayerDeclaration.Type) {
        for e in entries where e.name != "name" && e.name != "type" && keys.contains(e.name) && !kind.keys.contains(e.name) {
            ctx.error(.specUnknownKey, "a \(kind.type) layer has no '\(e.name)'", at: e.key,
                      notes: [DiagnosticNote("its keys are: \(kind.keys.isEmpty ? "none besides name and type" : kind.keys.joined(separator: ", "))")])
        }
    }
}
