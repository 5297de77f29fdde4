// Where the first NaN or ±∞ of a buffer is, found with one vector pass.
//
// The trainer asks this of every parameter after every step, so it must cost a streaming read:
// the pass adds x·0 into vector accumulators (±0 for a finite x, NaN for NaN or ±∞; sums of ±0
// stay finite, a NaN stays NaN) and only when that says "some" does a scalar scan find which.

public enum FiniteScan {
    /// The index of the first element of `x[0 ..< n]` that is NaN or infinite, or nil.
    public static func firstNonFinite<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, count n: Int) -> Int? {
        let any: Bool
        if S.self == Float.self {
            any = anyNonFinite(SIMD16<Float>.self, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), n)
        } else if S.self == Double.self {
            any = anyNonFinite(SIMD8<Double>.self, UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), n)
        } else {
            any = anyNonFinite(SIMD8<S>.self, x, n)
        }
        guard any else { return nil }
        return (0 ..< n).first { !x[$0].isFinite }
    }

    @inline(__always)
    private static func anyNonFinite<V: SIMD>(_: V.Type, _ x: UnsafePointer<V.Scalar>, _ n: Int) -> Bool
    where V.Scalar: BinaryFloatingPoint {
        var acc = V.zero
        var i = 0
        while i + V.scalarCount <= n {
            acc = acc + UnsafeRawPointer(x + i).loadUnaligned(as: V.self) * 0
            i += V.scalarCount
        }
        var tail = V.Scalar.zero
        while i < n {
            tail = tail + x[i] * 0
            i += 1
        }
        return !(acc.sum() + tail).isFinite
    }
}
