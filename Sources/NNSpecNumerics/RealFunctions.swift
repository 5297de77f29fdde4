// The transcendental functions the kernels need, for Float and Double, taken
// from the platform C library (glibc on Linux), which is also what NumPy's
// float64 exp/log and SciPy's expit call on CPUs without AVX-512.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Float or Double, with libm's elementary functions as static members.
public protocol RealFunctions: BinaryFloatingPoint & SIMDScalar & Sendable & Codable {
    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
}

// File-scope shims: inside the extensions below, `exp(x)` would name the static member.
// (Internal + @inlinable: clients inline straight down to the C call.)
@inlinable func libmExp(_ x: Float) -> Float { expf(x) }
@inlinable func libmExpm1(_ x: Float) -> Float { expm1f(x) }
@inlinable func libmLog(_ x: Float) -> Float { logf(x) }
@inlinable func libmLog1p(_ x: Float) -> Float { log1pf(x) }
@inlinable func libmTanh(_ x: Float) -> Float { tanhf(x) }
@inlinable func libmExp(_ x: Double) -> Double { exp(x) }
@inlinable func libmExpm1(_ x: Double) -> Double { expm1(x) }
@inlinable func libmLog(_ x: Double) -> Double { log(x) }
@inlinable func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inlinable func libmTanh(_ x: Double) -> Double { tanh(x) }

extension Float: RealFunctions {
    @inlinable public static func exp(_ x: Float) -> Float { libmExp(x) }
    @inlinable public static func expm1(_ x: Float) -> Float { libmExpm1(x) }
    @inlinable public static func log(_ x: Float) -> Float { libmLog(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { libmLog1p(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { libmTanh(x) }
}

extension Double: RealFunctions {
    @inlinable public static func exp(_ x: Double) -> Double { libmExp(x) }
    @inlinable public static func expm1(_ x: Double) -> Double { libmExpm1(x) }
    @inlinable public static func log(_ x: Double) -> Double { libmLog(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { libmLog1p(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { libmTanh(x) }
}
