#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NNSpecNumerics

/// The element type a network trains in: `Float` for `dtype: float32`, `Double` for `float64`.
/// Everything the trainer computes per element stays in this type, as the framework's tensors
/// would; only long reductions for reported losses and metrics are summed in `Double`.
/// The elementary functions are NNSpecNumerics' libm bindings; `pow` is added for Adam's `βᵗ`.
public protocol TrainingScalar: RealFunctions, CustomStringConvertible {
    static func pow(_ x: Self, _ y: Self) -> Self
}

// The C library's pow under a name the extensions below do not shadow.
@inline(__always) private func libmPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
@inline(__always) private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

extension Float: TrainingScalar {
    @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { libmPow(x, y) }
}

extension Double: TrainingScalar {
    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
}
