import NNSpecIR

/// Which rows each step trains on, counted once: the batch size resolved against the training
/// rows, the steps of an epoch and of the run, and the last batch of an epoch.
public struct BatchPlan: Sendable, Equatable {
    /// Rows per step; L-BFGS always takes the whole training set.
    public var size: Int
    /// ⌈n/b⌉: an epoch is this many steps, in either batch order.
    public var stepsPerEpoch: Int
    /// Every step of the run (`epochs × stepsPerEpoch`, or `steps`).
    public var totalSteps: Int
    /// Rows of an epoch's last batch (`n − (stepsPerEpoch − 1)·b`; = `size` when b divides n).
    public var lastBatchRows: Int
    public var order: BatchOrder
    /// Rows are reshuffled each epoch (only an epoch walk shuffles).
    public var shuffles: Bool
    public var shuffleForm: ShuffleForm
    public var trainingRows: Int

    /// Every batch has the same number of rows.
    public var batchesAllEqual: Bool { lastBatchRows == size }

    init(_ spec: Spec, rows n: Int) throws(PlanError) {
        let t = spec.training
        guard n > 0 else { throw PlanError(.noTrainingRows, "the training data has no rows", path: "data") }
        size = spec.optimizer.kind == .lbfgs ? n : t.batchSize.resolve(samples: n)
        stepsPerEpoch = (n + size - 1) / size
        switch t.length {
        case .epochs(let e):
            let (total, overflow) = e.multipliedReportingOverflow(by: stepsPerEpoch)
            guard !overflow else {
                throw PlanError(.tooManySteps, "\(e) epochs × \(stepsPerEpoch) steps overflows a count", path: "training.epochs")
            }
            totalSteps = total
        case .steps(let s):
            totalSteps = s
        }
        lastBatchRows = n - (stepsPerEpoch - 1) * size
        order = t.batchOrder
        shuffles = t.shuffle && t.batchOrder == .epoch
        shuffleForm = t.shuffleForm
        trainingRows = n
    }
}
