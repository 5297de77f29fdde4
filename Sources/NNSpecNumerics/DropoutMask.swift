// Inverted dropout's mask stream and its application, as loops compiled here (-Ounchecked, the
// host's widest vectors; see Package.swift) rather than in the runtime's baseline build: every
// value of a dropout layer hashes its index, forward and backward, each step.

/// The documented mask stream: SplitMix64's finalizer applied to the seed, the layer index, the
/// step and the value's index in the batch (`row · width + column`), chained; the top 53 bits
/// as a uniform double in [0, 1). Value `i` is kept when its uniform is ≥ the rate.
public enum DropoutMask {
    @inline(__always)
    static func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// What a (seed, layer, step) contributes to every index's hash.
    @inline(__always)
    static func prefix(seed: UInt32, layer: Int, step: Int) -> UInt64 {
        mix(mix(UInt64(seed) ^ (UInt64(truncatingIfNeeded: layer) << 32)) ^ UInt64(truncatingIfNeeded: step))
    }

    /// Value `index`'s uniform draw in [0, 1): the stream's definition.
    public static func uniform(seed: UInt32, layer: Int, step: Int, index: Int) -> Double {
        Double(mix(prefix(seed: seed, layer: layer, step: step) ^ UInt64(truncatingIfNeeded: index)) >> 11) * 0x1p-53
    }

    /// Whether value `index` is kept at `rate`.
    public static func keeps(seed: UInt32, layer: Int, step: Int, index: Int, rate: Double) -> Bool {
        uniform(seed: seed, layer: layer, step: step, index: index) >= rate
    }

    /// `y[i] = keeps(i) ? x[i] · scale : 0` for indices `0 ..< count`: the forward pass on the
    /// layer's input and, with the same mask, the backward pass on its δ. `x` and `y` may be the
    /// same buffer.
    public static func apply<S: BinaryFloatingPoint & SIMDScalar>(seed: UInt32, layer: Int, step: Int, rate: Double, scale: S,
                                                                   _ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>,
                                                                   count: Int) {
        let p = prefix(seed: seed, layer: layer, step: step), t = threshold(rate)
        if S.self == Float.self {
            applyLoop(p, t, unsafeBitCast(scale, to: Float.self), cast(x) as UnsafePointer<Float>, cast(y) as UnsafeMutablePointer<Float>, count)
        } else if S.self == Double.self {
            applyLoop(p, t, unsafeBitCast(scale, to: Double.self), cast(x) as UnsafePointer<Double>, cast(y) as UnsafeMutablePointer<Double>, count)
        } else {
            applyLoop(p, t, scale, x, y, count)
        }
    }

    /// The uniform is `k · 2⁻⁵³` with `k` the hash's top 53 bits, exactly, so `uniform ≥ rate`
    /// is `k ≥ rate · 2⁵³` (an exact scaling), which for an integer `k` is `k ≥ ⌈rate · 2⁵³⌉`:
    /// one integer comparison per value, no conversion. Rates outside [0, 1] clamp to the
    /// comparison's own outcome: at most 0 always kept, above 1 − 2⁻⁵³ (or NaN) never.
    static func threshold(_ rate: Double) -> UInt64 {
        let scaled = (rate * 0x1p53).rounded(.up)
        if scaled.isNaN || scaled >= 0x1p53 { return 1 << 53 }
        return scaled > 0 ? UInt64(scaled) : 0
    }

    @inline(never)
    static func applyLoop<S: BinaryFloatingPoint>(_ prefix: UInt64, _ threshold: UInt64, _ scale: S,
                                                  _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, _ count: Int) {
        for i in 0 ..< count {
            let k = mix(prefix ^ UInt64(truncatingIfNeeded: i)) >> 11
            y[i] = k >= threshold ? x[i] * scale : 0
        }
    }
}
