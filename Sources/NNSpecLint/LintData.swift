import NNSpecData
import NNSpecIR

/// The training part of a spec's data after split and preprocessing: what the model is fed.
public struct LintData: Sendable, Equatable {
    public var inputs: DataArray
    public var targets: DataArray

    public init(inputs: DataArray, targets: DataArray) {
        self.inputs = inputs
        self.targets = targets
    }

    public var samples: Int { inputs.rows }
}

/// Produces the training data a spec describes. Lint asks once per spec and run (the result is
/// cached in `LintContext`), so an implementation need not cache.
public protocol LintDataSource: Sendable {
    func trainingData(for spec: Spec) -> Result<LintData, DataError>
}

/// The data module's materialization: the arrays `nnspec run` trains on.
public struct DataLoaderSource: LintDataSource {
    public init() {}

    public func trainingData(for spec: Spec) -> Result<LintData, DataError> {
        DataLoader.materialize(spec).map { LintData(inputs: $0.trainInputs, targets: $0.trainTargets) }
    }
}
