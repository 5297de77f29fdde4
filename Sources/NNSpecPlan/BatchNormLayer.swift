import NNSpecIR

/// Batch normalization over the last axis of a feature vector or the channel axis of an image:
/// γ and β (one per channel; absent without `scale` / `center`) and the running mean and
/// variance. The spec's momentum is resolved here, once, to `runningWeight`: every update is
/// `running ← runningWeight·running + (1 − runningWeight)·batch`, whichever convention wrote it.
public struct BatchNormLayer: LayerKind {
    public var spec: LayerSpec
    public var path: String
    public var format: DataFormat

    public init(_ spec: LayerSpec, path: String, format: DataFormat) {
        self.spec = spec
        self.path = path
        self.format = format
    }

    /// The layer as written (momentum in its form, ε, γ/β, the statistics' names).
    public var batchNorm: BatchNormSpec { spec.batchNorm! }
    /// The weight of the old running value in each update: Keras' `momentum`, PyTorch's
    /// `1 − momentum`.
    public var runningWeight: Double { batchNorm.momentumForm.runningWeight(momentum: batchNorm.momentum) }
    /// This layer's update as a momentum written in `form`: the spec's own number when it writes
    /// that form (no rounding through 1 − m), else the one `runningWeight` gives.
    public func momentum(in form: BatchNormMomentumForm) -> Double {
        batchNorm.momentumForm == form ? batchNorm.momentum : form.momentum(runningWeight: runningWeight)
    }
    public var epsilon: Double { batchNorm.epsilon }
    /// The running variance takes the batch's unbiased variance (× n/(n − 1), n the values per
    /// channel in the batch): PyTorch.
    public var unbiasedRunningVariance: Bool { batchNorm.runningVariance == .unbiased }

    /// The factor on the batch's biased variance where it enters the running variance, for `n`
    /// values per channel in the batch: PyTorch's unbiased n/(n − 1), Keras' biased 1 (and 1 for
    /// n < 2, which the plan refuses in the unbiased form). Generic so the runtime applies it in
    /// its own precision, n and n − 1 each rounded to `S` as the frameworks do.
    public func runningVarianceFactor<S: BinaryFloatingPoint>(valuesPerChannel n: Int) -> S {
        unbiasedRunningVariance && n > 1 ? S(n) / S(n - 1) : 1
    }

    /// The normalized axis' length: a vector's features, an image's channels.
    public func channels(input shape: [Int]) throws(PlanError) -> Int {
        switch shape.count {
        case 1: return shape[0]
        case 3: return format.hwc(shape).c
        default:
            throw PlanError(.shape, "layer '\(spec.name)' is batch_normalization and takes a vector or an image per sample, but receives samples of shape \(shape)", path: path)
        }
    }

    /// Values each sample gives every channel: an image's h·w positions, a vector's 1. A batch
    /// of b rows normalizes each channel over b·positions values.
    public func positions(input shape: [Int]) -> Int {
        guard shape.count == 3 else { return 1 }
        let (h, w, _) = format.hwc(shape)
        return h * w
    }

    /// Values a batch of `rows` rows gives each channel, rows·positions (nil on overflow).
    public func valuesPerChannel(rows: Int, input shape: [Int]) -> Int? {
        let (values, overflow) = rows.multipliedReportingOverflow(by: positions(input: shape))
        return overflow ? nil : values
    }

    public func outputShape(input shape: [Int]) throws(PlanError) -> [Int] {
        _ = try channels(input: shape)
        return shape
    }

    public func layerFans(input shape: [Int]) -> Fans {
        let c = (try? channels(input: shape)) ?? 0
        return Fans(c, c)
    }

    /// γ then β, each of the channels' length; neither takes the global (kernel) penalty.
    public func tensors(input shape: [Int]) throws(PlanError) -> [TensorDeclaration] {
        let c = try channels(input: shape), b = batchNorm
        var out: [TensorDeclaration] = []
        if b.scale {
            out.append(TensorDeclaration(role: .gamma, shape: [c], fans: Fans(c, c), initializer: b.gammaInitializer,
                                         regularizer: b.gammaRegularizer, takesGlobalPenalty: false))
        }
        if b.center {
            out.append(TensorDeclaration(role: .beta, shape: [c], fans: Fans(c, c), initializer: b.betaInitializer,
                                         regularizer: b.betaRegularizer, takesGlobalPenalty: false))
        }
        return out
    }

    /// PyTorch refuses a training batch with one value per channel ("Expected more than 1 value
    /// per channel when training"): its unbiased variance would divide by zero. Keras takes it
    /// (the variance is 0).
    func checkBatch(rows: Int, input shape: [Int]) throws(PlanError) {
        guard unbiasedRunningVariance, let values = valuesPerChannel(rows: rows, input: shape), values < 2 else { return }
        throw PlanError(.shape, "layer '\(spec.name)' normalizes with PyTorch's unbiased running variance but a batch of \(rows) row(s) gives it one value per channel; PyTorch refuses that (\"Expected more than 1 value per channel when training\"): train on batches of 2 rows or more (training.batch_size)", path: "training.batch_size", fallbackPath: path)
    }

    /// The running mean (zeros) and variance (ones), as both frameworks start them.
    public func statistics(input shape: [Int]) throws(PlanError) -> [StatisticDeclaration] {
        let c = try channels(input: shape), b = batchNorm
        return [StatisticDeclaration(role: .mean, name: b.meanName, shape: [c], initialValue: 0),
                StatisticDeclaration(role: .variance, name: b.varianceName, shape: [c], initialValue: 1)]
    }
}
