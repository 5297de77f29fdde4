import NNSpecNumerics

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
        mask(pass, x, into: z, count: rows * width)
    }

    func backward(_ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?, pass: TrainingPass?) {
        guard let dx else { return }
        guard let pass, rate > 0 else { dx.update(from: delta, count: rows * width); return }
        mask(pass, delta, into: dx, count: rows * width)
    }

    /// `y = x · scale` where the pass's mask keeps a value, else 0: the given flags, or the
    /// numerics' stream (`DropoutMask`).
    private func mask(_ pass: TrainingPass, _ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count: Int) {
        let s = scale
        guard let given = pass.givenMasks?[layer] else {
            DropoutMask.apply(seed: pass.seed, layer: layer, step: pass.step, rate: rate, scale: s, x, into: y, count: count)
            return
        }
        for i in 0 ..< count { y[i] = given[i] ? x[i] * s : 0 }
    }
}
