/// A training forward pass: which step it is, so dropout draws that step's masks. Inference
/// passes (evaluation, prediction) have none and dropout is the identity.
struct TrainingPass {
    /// `training.seed`.
    let seed: UInt32
    /// Optimizer updates made before this pass.
    let step: Int
    /// Keep flags given from outside instead of the stream, by layer index (a framework's masks,
    /// replayed by the parity tests); nil for a layer draws from the stream.
    var givenMasks: [Int: [Bool]]? = nil
}

/// Inverted dropout: in training each value is kept with probability 1 − rate and scaled by
/// 1/(1 − rate), else zeroed. The mask is a pure function of (seed, layer, step, position in the
/// batch): value `i` of row `r` is kept when `DropoutMask.uniform(...)` ≥ rate. Nothing is drawn
/// from a shared generator, so masks do not depend on thread count or on evaluation passes, and
/// the repeated passes of a gradient check within one step see the same mask.
struct DropoutKernel<S: TrainingScalar> {
    let rate: Double
    let layer: Int
    let width: Int

    private var scale: S { S(1 / (1 - rate)) }

    func forward(_ x: UnsafePointer<S>, rows: Int, into z: UnsafeMutablePointer<S>, pass: TrainingPass?) {
        guard let pass, rate > 0 else { z.update(from: x, count: rows * width); return }
        let s = scale, given = pass.givenMasks?[layer]
        for i in 0 ..< rows * width {
            z[i] = given?[i] ?? DropoutMask.keeps(pass, layer: layer, index: i, rate: rate) ? x[i] * s : 0
        }
    }

    func backward(_ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?, pass: TrainingPass?) {
        guard let dx else { return }
        guard let pass, rate > 0 else { dx.update(from: delta, count: rows * width); return }
        let s = scale, given = pass.givenMasks?[layer]
        for i in 0 ..< rows * width {
            dx[i] = given?[i] ?? DropoutMask.keeps(pass, layer: layer, index: i, rate: rate) ? delta[i] * s : 0
        }
    }
}

/// The documented mask stream: SplitMix64's finalizer applied to the seed, the layer index, the
/// step and the value's index in the batch (`row · width + column`), chained; the top 53 bits
/// as a uniform double in [0, 1).
enum DropoutMask {
    @inline(__always)
    static func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    static func uniform(seed: UInt32, layer: Int, step: Int, index: Int) -> Double {
        let h = mix(mix(mix(UInt64(seed) ^ (UInt64(truncatingIfNeeded: layer) << 32)) ^ UInt64(truncatingIfNeeded: step))
                    ^ UInt64(truncatingIfNeeded: index))
        return Double(h >> 11) * 0x1p-53
    }

    @inline(__always)
    static func keeps(_ pass: TrainingPass, layer: Int, index: Int, rate: Double) -> Bool {
        uniform(seed: pass.seed, layer: layer, step: pass.step, index: index) >= rate
    }
}
