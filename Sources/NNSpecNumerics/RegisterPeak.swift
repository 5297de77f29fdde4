// The ceiling the GEMM kernels are measured against. Without fused multiply–adds, a core's peak
// is its clock times the multiplies and adds its vector pipes start per cycle. The clock is
// measured here; the pipes are an assumption named below, stated wherever a share of peak is.

import Dispatch

public enum RegisterPeak {
    /// Latency of a floating-point add on the CPU this project measures on (AMD Zen 4: 3 cycles).
    public static let assumedAddLatencyCycles = 3.0
    /// Flops per cycle per core without FMA on Zen 4: two 256-bit multiply pipes and two 256-bit
    /// add pipes (512-bit operations take two of their slots), i.e. 2·8 + 2·8 float32 operations,
    /// half that in float64.
    public static let assumedFlopsPerCycleFloat = 32.0
    public static let assumedFlopsPerCycleDouble = 16.0

    /// The core clock in GHz: a single dependent chain of float64 adds (`x = x + c`, which no
    /// compiler may reorder) runs one add per `assumedAddLatencyCycles`; best of 20 samples of ~3 ms,
    /// so a sample the scheduler interrupted does not count.
    public static func clockGHz() -> Double {
        let c = opaque(1e-9)
        var x = 1.0
        let iterations = 3_000_000
        var best = UInt64.max
        for _ in 0 ..< 20 {
            let t = DispatchTime.now().uptimeNanoseconds
            for _ in 0 ..< iterations { x = x + c }
            best = min(best, DispatchTime.now().uptimeNanoseconds - t)
        }
        sink &+= x > 0 ? 1 : 0
        return Double(iterations) * assumedAddLatencyCycles / Double(best)
    }

    nonisolated(unsafe) static var sink = 0
    @inline(never) static func opaque(_ x: Double) -> Double { sink &+= 1; return x }
}
