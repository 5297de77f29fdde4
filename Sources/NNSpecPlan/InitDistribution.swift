import Foundation
import NNSpecIR

/// A tensor's fan-in and fan-out as an initializer reads them.
public struct Fans: Sendable, Equatable {
    public var fanIn: Int
    public var fanOut: Int
    public init(_ fanIn: Int, _ fanOut: Int) {
        self.fanIn = fanIn
        self.fanOut = fanOut
    }
}

/// The distribution an initializer draws from for a given layer shape.
public enum InitDistribution: Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    case normal(mean: Double, stddev: Double)
    /// Normal cut at two standard deviations of the underlying normal.
    case truncatedNormal(mean: Double, stddev: Double)
    case file(String)

    /// Keras' truncated-normal variance scaling divides the stddev by this, the stddev of a unit
    /// normal truncated to ±2, so the truncated draws have the intended variance.
    public static let truncationStd = 0.87962566103423978

    /// The distribution `i` draws a tensor from. `fans` are the tensor's own fans as Keras'
    /// `compute_fans` reads its shape (a kernel's two dimensions; a vector's length, twice);
    /// `layerFans` are the layer's (fan_in, units), which scikit-learn's and PyTorch's
    /// initializers use for the bias as well as the kernel.
    public init(_ i: Initializer, fans: Fans, layerFans: Fans) {
        let fi = Double(fans.fanIn), fo = Double(fans.fanOut)
        let lfi = Double(layerFans.fanIn), lfo = Double(layerFans.fanOut)
        switch i {
        case .zeros: self = .constant(0)
        case .ones: self = .constant(1)
        case .constant(let c): self = .constant(c)
        case .uniform(let lo, let hi): self = .uniform(low: lo, high: hi)
        case .normal(let m, let s): self = .normal(mean: m, stddev: s)
        case .truncatedNormal(let m, let s): self = .truncatedNormal(mean: m, stddev: s)
        case .glorotUniform: self = .symmetric((6 / (fi + fo)).squareRoot())
        case .glorotNormal: self = .truncatedNormal(mean: 0, stddev: (2 / (fi + fo)).squareRoot() / Self.truncationStd)
        case .heUniform: self = .symmetric((6 / fi).squareRoot())
        case .heNormal: self = .truncatedNormal(mean: 0, stddev: (2 / fi).squareRoot() / Self.truncationStd)
        case .lecunUniform: self = .symmetric((3 / fi).squareRoot())
        case .lecunNormal: self = .truncatedNormal(mean: 0, stddev: (1 / fi).squareRoot() / Self.truncationStd)
        case .sklearn(let f): self = .symmetric((f / (lfi + lfo)).squareRoot())
        case .torchLinear: self = .symmetric(1 / lfi.squareRoot())
        case .file(let p): self = .file(p)
        }
    }

    static func symmetric(_ b: Double) -> InitDistribution { .uniform(low: -b, high: b) }

    public var mean: Double {
        switch self {
        case .constant(let c): return c
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .normal(let m, _), .truncatedNormal(let m, _): return m
        case .file: return 0
        }
    }

    public var variance: Double {
        switch self {
        case .constant, .file: return 0
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .normal(_, let s): return s * s
        case .truncatedNormal(_, let s): return s * s * Self.truncationStd * Self.truncationStd
        }
    }

    public var isConstant: Bool { if case .constant = self { return true } else { return false } }

    /// "U(±0.739)", "N(0, 0.05)", "0".
    public var text: String {
        switch self {
        case .constant(let c): return "constant \(Num.g(c))"
        case .uniform(let lo, let hi):
            return lo == -hi ? "U(±\(Num.g(hi)))" : "U(\(Num.g(lo)), \(Num.g(hi)))"
        case .normal(let m, let s): return "N(\(Num.g(m)), \(Num.g(s)))"
        case .truncatedNormal(let m, let s): return "truncated N(\(Num.g(m)), \(Num.g(s)))"
        case .file(let p): return "values from \(p)"
        }
    }

    /// The half-width of a symmetric uniform, the stddev of a normal: the scale to compare.
    public var scale: Double? {
        switch self {
        case .uniform(let lo, let hi): return (hi - lo) / 2
        case .normal(_, let s), .truncatedNormal(_, let s): return s
        case .constant(let c): return Swift.abs(c)
        case .file: return nil
        }
    }

    public func approximatelyEqual(_ o: InitDistribution) -> Bool {
        switch (self, o) {
        case let (.constant(a), .constant(b)): return Num.same(a, b)
        case let (.uniform(a, b), .uniform(c, d)): return Num.same(a, c) && Num.same(b, d)
        case let (.normal(a, b), .normal(c, d)), let (.truncatedNormal(a, b), .truncatedNormal(c, d)):
            return Num.same(a, c) && Num.same(b, d)
        case let (.file(a), .file(b)): return a == b
        default: return false
        }
    }
}

extension Initializer {
    /// The formula behind a named initializer, for notes.
    public var formula: String {
        switch self {
        case .glorotUniform: return "glorot_uniform: U(±√(6/(fan_in+fan_out)))"
        case .glorotNormal: return "glorot_normal: truncated normal, variance 2/(fan_in+fan_out)"
        case .heUniform: return "he_uniform: U(±√(6/fan_in))"
        case .heNormal: return "he_normal: truncated normal, variance 2/fan_in"
        case .lecunUniform: return "lecun_uniform: U(±√(3/fan_in))"
        case .lecunNormal: return "lecun_normal: truncated normal, variance 1/fan_in"
        case .sklearn(let f): return "sklearn: U(±√(\(Num.exact(f))/(fan_in+fan_out)))"
        case .torchLinear: return "torch_linear: U(±1/√fan_in)"
        case .zeros: return "zeros"
        case .ones: return "ones"
        case .constant(let c): return "constant \(Num.exact(c))"
        case .uniform(let lo, let hi): return "uniform [\(Num.exact(lo)), \(Num.exact(hi))]"
        case .normal(let m, let s): return "normal mean \(Num.exact(m)), stddev \(Num.exact(s))"
        case .truncatedNormal(let m, let s): return "truncated_normal mean \(Num.exact(m)), stddev \(Num.exact(s))"
        case .file(let p): return "file \(p)"
        }
    }

    /// The initializer as it is written in a spec, for fix-its.
    public var yaml: String {
        func text(_ v: CanonicalValue) -> String {
            if case .number(let d) = v { return Num.exact(d) }
            return v.scalarText
        }
        switch canonical {
        case .string(let s): return s
        case .object(let entries):
            guard let (name, args) = entries.first, case .object(let kv) = args else { return "\(canonical)" }
            if kv.count == 1, ["sklearn", "constant", "file"].contains(name) {
                return "{\(name): \(text(kv[0].1))}"
            }
            return "{\(name): {" + kv.map { "\($0.0): \(text($0.1))" }.joined(separator: ", ") + "}}"
        default: return "\(canonical)"
        }
    }
}
