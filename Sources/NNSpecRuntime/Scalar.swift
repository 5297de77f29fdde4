#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The element type a network trains in: `Float` for `dtype: float32`, `Double` for `float64`.
/// Everything the trainer computes per element stays in this type, as the framework's tensors
/// would; only long reductions for reported losses and metrics are summed in `Double`.
public protocol TrainingScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, CustomStringConvertible {
    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The smallest `ε` with `1 + ε ≠ 1` (NumPy's `finfo(dtype).eps`).
    static var machineEpsilon: Self { get }
    /// The name `dtype` uses for this type.
    static var dtypeName: String { get }
}

extension Float: TrainingScalar {
    @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) public static func expm1(_ x: Float) -> Float { expm1f(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) public static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) public static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    public static var machineEpsilon: Float { .ulpOfOne }
    public static var dtypeName: String { "float32" }
}

// The C library's double functions under names the extension below does not shadow.
@inline(__always) private func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func cExpm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func cTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

extension Double: TrainingScalar {
    @inline(__always) public static func exp(_ x: Double) -> Double { cExp(x) }
    @inline(__always) public static func expm1(_ x: Double) -> Double { cExpm1(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { cLog(x) }
    @inline(__always) public static func log1p(_ x: Double) -> Double { cLog1p(x) }
    @inline(__always) public static func tanh(_ x: Double) -> Double { cTanh(x) }
    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
    public static var machineEpsilon: Double { .ulpOfOne }
    public static var dtypeName: String { "float64" }
}
