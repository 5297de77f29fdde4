/// The training loss over the run as the loss monitors read it: the epoch means (an epoch's
/// batches in one number, so minibatch noise averages out; with full batches, every step), or
/// the losses of the steps it was given when the run has fewer than four epochs.
struct LossCurve {
    private(set) var epochs: [(epoch: Int, step: Int, loss: Double)] = []
    private(set) var steps: [(epoch: Int, step: Int, loss: Double)] = []

    mutating func add(_ s: StepSample) { steps.append((s.epoch, s.step, s.loss)) }
    mutating func add(_ e: EpochSample) { epochs.append((e.epoch, e.step, e.loss)) }

    var points: [(epoch: Int, step: Int, loss: Double)] { epochs.count >= 4 ? epochs : steps }
}
