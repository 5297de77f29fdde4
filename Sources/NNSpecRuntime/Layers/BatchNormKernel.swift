import NNSpecNumerics
import NNSpecPlan

/// Batch normalization over `channels` values at each of `positions` places per sample (a dense
/// layer's features: one position; a feature map `(h, w, c)`: h·w positions), so the batch's
/// values of channel `c` are `x[q·channels + c]` for q over rows × positions.
///
/// A training pass normalizes with the batch's mean and biased variance, `z = x·α + (β − μ·α)`
/// with `α = γ/√(σ² + ε)` (both frameworks' CPU form), and updates the running statistics in the
/// same pass, as the frameworks' training-mode forward does: `running ← w·running + (1 − w)·batch`
/// with `w` the plan's `runningWeight`, the variance taken × n/(n − 1) when the convention's is
/// unbiased. An inference pass uses the running statistics. Every sum runs over q in order, one
/// thread: the same bits at any thread count. The passes over every value run in NNSpecNumerics
/// (`BatchNormPasses`); the per-channel steps between them stay here.
final class BatchNormKernel<S: TrainingScalar> {
    let channels: Int
    let positions: Int
    /// Offsets of γ and β in the parameter vector (nil: 1 and 0, not trained).
    let gamma: Int?
    let beta: Int?
    /// The network's state vector and the running mean's and variance's offsets in it.
    let state: Buffer<S>
    let runningMean: Int
    let runningVariance: Int
    let epsilon: S
    let runningWeight: S
    let batchWeight: S
    /// The plan's layer, for the running variance's factor at a batch's size.
    let layer: BatchNormLayer
    /// The last training pass's batch mean and 1/√(σ² + ε), per channel, for the backward pass.
    private let mean: Buffer<S>
    private let inverseStd: Buffer<S>
    /// The running statistics in the same form, for inference passes (which leave the training
    /// pass's values to its backward pass).
    private let runningMeanScratch: Buffer<S>
    private let runningInverseStd: Buffer<S>
    /// Per-channel sums of the backward pass.
    private let sumDelta: Buffer<S>
    private let sumDeltaXHat: Buffer<S>

    init(_ layer: BatchNormLayer, channels: Int, positions: Int, gamma: Int?, beta: Int?,
         state: Buffer<S>, runningMean: Int, runningVariance: Int) {
        self.channels = channels
        self.positions = positions
        self.gamma = gamma
        self.beta = beta
        self.state = state
        self.runningMean = runningMean
        self.runningVariance = runningVariance
        epsilon = S(layer.epsilon)
        runningWeight = S(layer.runningWeight)
        batchWeight = S(1 - layer.runningWeight)
        self.layer = layer
        mean = Buffer(count: channels)
        inverseStd = Buffer(count: channels)
        runningMeanScratch = Buffer(count: channels)
        runningInverseStd = Buffer(count: channels)
        sumDelta = Buffer(count: channels)
        sumDeltaXHat = Buffer(count: channels)
    }

    /// `z = x·α + (β − μ·α)` per channel, with the batch's statistics in training (updating the
    /// running ones) and the running statistics at inference.
    func forward(_ x: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>, into z: UnsafeMutablePointer<S>, training: Bool) {
        let c = channels, n = rows * positions
        let mu = mean.pointer, inv = inverseStd.pointer, s = state.pointer
        if training {
            BatchNormPasses.channelSums(x, rows: n, channels: c, into: mu)
            let count = S(n)
            for j in 0 ..< c { mu[j] = mu[j] / count }
            // The biased variance, in a second pass about the mean.
            BatchNormPasses.squaredDeviationSums(x, mean: UnsafePointer(mu), rows: n, channels: c, into: inv)
            let correction: S = layer.runningVarianceFactor(valuesPerChannel: n)
            for j in 0 ..< c {
                let variance = inv[j] / count
                s[runningMean + j] = runningWeight * s[runningMean + j] + batchWeight * mu[j]
                s[runningVariance + j] = runningWeight * s[runningVariance + j] + batchWeight * (variance * correction)
                inv[j] = 1 / (variance + epsilon).squareRoot()
            }
            transform(x, n: n, p, mean: UnsafePointer(mu), inverseStd: UnsafePointer(inv), into: z)
        } else {
            let rm = runningMeanScratch.pointer, rinv = runningInverseStd.pointer
            for j in 0 ..< c {
                rm[j] = s[runningMean + j]
                rinv[j] = 1 / (s[runningVariance + j] + epsilon).squareRoot()
            }
            transform(x, n: n, p, mean: UnsafePointer(rm), inverseStd: UnsafePointer(rinv), into: z)
        }
    }

    /// `z = x·α + (β − μ·α)`, `α = γ·inv`.
    private func transform(_ x: UnsafePointer<S>, n: Int, _ p: UnsafePointer<S>, mean mu: UnsafePointer<S>,
                           inverseStd inv: UnsafePointer<S>, into z: UnsafeMutablePointer<S>) {
        let c = channels
        // α and the shift, per channel, in the backward sums' scratch space (the backward pass
        // starts them afresh).
        let alpha = sumDelta.pointer, shift = sumDeltaXHat.pointer
        for j in 0 ..< c {
            let g: S = gamma.map { p[$0 + j] } ?? 1, b: S = beta.map { p[$0 + j] } ?? 0
            alpha[j] = g * inv[j]
            shift[j] = b - mu[j] * alpha[j]
        }
        BatchNormPasses.scaleShift(x, alpha: UnsafePointer(alpha), shift: UnsafePointer(shift), rows: n, channels: c, into: z)
    }

    /// From `δ = ∂L/∂z` of a training pass, with x̂ = (x − μ)·inv: `∂L/∂β = Σδ`, `∂L/∂γ = Σδ·x̂`,
    /// and `∂L/∂x = γ·inv·(δ − Σδ/n − x̂·Σδx̂/n)` (the batch statistics depend on x).
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, _ p: UnsafePointer<S>,
                  gradient g: UnsafeMutablePointer<S>, inputDelta dx: UnsafeMutablePointer<S>?) {
        let c = channels, n = rows * positions
        let mu = mean.constPointer, inv = inverseStd.constPointer
        let sd = sumDelta.pointer, sdx = sumDeltaXHat.pointer
        BatchNormPasses.gradientSums(x, delta: delta, mean: mu, inverseStd: inv, rows: n, channels: c,
                                     sumDelta: sd, sumDeltaXHat: sdx)
        if let b = beta { (g + b).update(from: sd, count: c) }
        if let gm = gamma { (g + gm).update(from: sdx, count: c) }
        guard let dx else { return }
        BatchNormPasses.inputGradient(x, delta: delta, mean: mu, inverseStd: inv, gamma: gamma.map { p + $0 },
                                      sumDelta: UnsafePointer(sd), sumDeltaXHat: UnsafePointer(sdx), count: S(n),
                                      rows: n, channels: c, into: dx)
    }
}
