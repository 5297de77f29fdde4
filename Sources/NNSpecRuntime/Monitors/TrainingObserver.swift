/// The state after one training step, as the trainer shows it to an observer. The network's
/// buffers hold, for the step's batch, the activations of the forward pass (before the update)
/// and the gradient the update used (data term plus penalties; under L-BFGS, those of the last
/// evaluation, which may be a line-search trial); they are only valid during the call.
struct StepState<S: TrainingScalar> {
    /// Steps done, counted from 1, and the epoch the step belongs to (from 1).
    let step: Int
    let epoch: Int
    /// The batch loss before the update (data term plus penalties), as the run logs it.
    let loss: Double
    /// Rows in the batch: the leading rows of the network's activation buffers.
    let rows: Int
    let network: Network<S>
}

/// The one interface through which anything watches a run. The trainer calls it at four named
/// points and never reads anything back but the diagnoses at the end, so an observer cannot
/// change a result: it may read the trainer's state and run forward passes (which only
/// overwrite the activation buffers the next step recomputes), never touch parameters,
/// gradients, the optimizer or the random state.
protocol TrainingObserver<Scalar>: AnyObject {
    associatedtype Scalar: TrainingScalar
    /// Before the first step, with the initial parameters in place.
    func trainingBegan(_ trainer: Trainer<Scalar>)
    /// After each step whose loss was finite (a non-finite one ends the run as diverged).
    func stepEnded(_ state: StepState<Scalar>)
    /// After each epoch: `loss` is the epoch's mean batch loss weighted by rows (an L-BFGS
    /// iteration counts as an epoch, with the loss at the iterate).
    func epochEnded(epoch: Int, step: Int, loss: Double)
    /// After the result is built; returns what the observer found.
    func trainingEnded(_ result: RunResult) -> [Diagnosis]
}
