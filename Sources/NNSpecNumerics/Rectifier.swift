// ReLU over a block of values, forward and backward, as loops compiled here (-Ounchecked, the
// host's widest vectors; see Package.swift) rather than in the runtime's baseline build: a
// convolution's activations are the largest element-wise passes of a CNN's step. Each value is
// one comparison and a select, so the bits are the plain loop's at any vector width.

public enum Rectifier {
    /// `a[i] = z[i] > 0 ? z[i] : 0` (NaN and −0 give +0). `a` may be `z`, but vectorizes only
    /// when it is not.
    public static func forward<S: BinaryFloatingPoint & SIMDScalar>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, count: Int) {
        if S.self == Float.self {
            forwardLoop(cast(z) as UnsafePointer<Float>, cast(a) as UnsafeMutablePointer<Float>, count)
        } else if S.self == Double.self {
            forwardLoop(cast(z) as UnsafePointer<Double>, cast(a) as UnsafeMutablePointer<Double>, count)
        } else {
            forwardLoop(z, a, count)
        }
    }

    /// `delta[i] = a[i] > 0 ? delta[i] : 0`: the gradient through ReLU, read from its output.
    public static func backward<S: BinaryFloatingPoint & SIMDScalar>(_ delta: UnsafeMutablePointer<S>, a: UnsafePointer<S>, count: Int) {
        if S.self == Float.self {
            backwardLoop(cast(delta) as UnsafeMutablePointer<Float>, cast(a) as UnsafePointer<Float>, count)
        } else if S.self == Double.self {
            backwardLoop(cast(delta) as UnsafeMutablePointer<Double>, cast(a) as UnsafePointer<Double>, count)
        } else {
            backwardLoop(delta, a, count)
        }
    }

    @inline(never)
    static func forwardLoop<S: BinaryFloatingPoint & SIMDScalar>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, _ n: Int) {
        for i in 0 ..< n { a[i] = z[i] > 0 ? z[i] : 0 }
    }

    @inline(never)
    static func backwardLoop<S: BinaryFloatingPoint & SIMDScalar>(_ delta: UnsafeMutablePointer<S>, _ a: UnsafePointer<S>, _ n: Int) {
        for i in 0 ..< n { delta[i] = a[i] > 0 ? delta[i] : 0 }
    }
}
