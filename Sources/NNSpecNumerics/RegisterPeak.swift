// The ceiling the GEMM kernels are measured against: this core's multiply-then-add throughput
// with operands in registers only, in this build's instruction set (benchmarks report GFLOP/s as
// a share of it).

import Dispatch

public enum RegisterPeak {
    /// GFLOP/s (2 flops per multiply–add pair) of one core running 12 independent chains of
    /// `x = x + x·c` on the GEMM's panel type, best of 20 samples of a few ms: separately rounded
    /// multiplies and adds, as the kernels do them, and no memory traffic.
    public static func gflopsPerCore<T: BinaryFloatingPoint & SIMDScalar>(_: T.Type) -> Double {
        if T.self == Float.self { return measure(Float.self) }
        if T.self == Double.self { return measure(Double.self) }
        return 0
    }

    @inline(never)
    static func measure<T: GEMMScalar>(_: T.Type) -> Double {
        typealias V = T.Panel
        let c = V(repeating: opaqueScalar(T(1e-9)))
        var x0 = V(repeating: 1), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0
        var x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0
        let iterations = 1_000_000
        var best = UInt64.max
        for _ in 0 ..< 20 {
            let t = DispatchTime.now().uptimeNanoseconds
            for _ in 0 ..< iterations {
                x0 = x0 + x0 * c; x1 = x1 + x1 * c; x2 = x2 + x2 * c; x3 = x3 + x3 * c
                x4 = x4 + x4 * c; x5 = x5 + x5 * c; x6 = x6 + x6 * c; x7 = x7 + x7 * c
                x8 = x8 + x8 * c; x9 = x9 + x9 * c; x10 = x10 + x10 * c; x11 = x11 + x11 * c
            }
            best = min(best, DispatchTime.now().uptimeNanoseconds - t)
        }
        let sum = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11
        sink = sink &+ (sum[0] > 0 ? 1 : 0)
        return Double(iterations) * 12 * Double(V.scalarCount) * 2 / Double(best)
    }

    nonisolated(unsafe) static var sink = 0
    @inline(never) static func opaqueScalar<T>(_ x: T) -> T { sink &+= 1; return x }
}
