import NNSpecData
import NNSpecIR

/// Inputs and targets converted to the run's dtype, laid out as the loss reads them:
/// `rows × k` targets (sparse labels one-hot), or `rows × 1` broadcast targets.
final class DataSet<S: TrainingScalar> {
    let rows: Int
    let features: Int
    let outputs: Int
    let x: Buffer<S>
    let y: Buffer<S>
    /// TF1: rank-1 targets against a single output broadcast to (n, n).
    let broadcast: Bool

    init(inputs: DataArray, targets: DataArray, loss: LossSpec, outputs k: Int, part: String) throws(RunError) {
        // Image inputs (rank 3 or 4) are rows of their samples' values in C order.
        guard inputs.rank >= 1, targets.rank == 2 || targets.rank == 1 else {
            throw RunError("\(part) inputs must be rank 1 to \(DataArray.maxRank) and targets rank 1 or 2 (inputs \(inputs.shape), targets \(targets.shape))")
        }
        guard inputs.rows == targets.rows else {
            throw RunError("\(part) inputs have \(inputs.rows) rows but the targets \(targets.rows)")
        }
        rows = inputs.rows
        features = inputs.columns
        outputs = k
        x = Buffer(converting: inputs.values)
        let sparse = loss.kind == .sparseCategoricalCrossentropy
        broadcast = loss.broadcastTargets && targets.rank == 1 && k == 1
        if sparse {
            guard targets.columns == 1 else {
                throw RunError("sparse_categorical_crossentropy takes class indices of shape (n,) or (n, 1); \(part) targets are \(targets.shape)")
            }
            var onehot = [S](repeating: 0, count: rows * k)
            for (r, v) in targets.values.enumerated() {
                guard v == v.rounded(), v >= 0, v < Double(k) else {
                    throw RunError("\(part) target \(r) is \(v); sparse labels must be integers in 0..<\(k)")
                }
                onehot[r * k + Int(v)] = 1
            }
            y = Buffer(onehot)
        } else {
            guard targets.columns == k else {
                throw RunError("\(part) targets have \(targets.columns) column(s) but the output layer has \(k) unit(s)")
            }
            y = Buffer(converting: targets.values)
        }
    }
}
