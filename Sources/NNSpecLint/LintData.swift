import NNSpecIR

/// One array of a spec's training data, row-major. `values` is nil when only the shape is known
/// (the data source could not evaluate the expression); rules that need numbers then stay silent.
public struct LintArray: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Double]?

    public init(shape: [Int], values: [Double]?) {
        self.shape = shape
        self.values = values
    }

    /// Rows (samples): the first dimension; a scalar counts as one row.
    public var rows: Int { shape.first ?? 1 }
    /// Columns per row: 1 for a vector `(n,)`.
    public var columns: Int { shape.count >= 2 ? shape.dropFirst().reduce(1, *) : 1 }

    /// Column `j` of a matrix (or the vector itself).
    public func column(_ j: Int) -> [Double]? {
        guard let v = values else { return nil }
        let c = columns
        return stride(from: j, to: v.count, by: c).map { v[$0] }
    }
}

/// The training part of a spec's data after split and preprocessing: what the model is fed.
public struct LintData: Sendable, Equatable {
    public var inputs: LintArray
    public var targets: LintArray

    public init(inputs: LintArray, targets: LintArray) {
        self.inputs = inputs
        self.targets = targets
    }

    public var samples: Int { inputs.rows }
}

/// Why a spec's data could not be produced for lint.
public struct LintDataUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Produces the training data a spec describes. Lint asks once per spec and run (the result is
/// cached in `LintContext`), so an implementation need not cache.
public protocol LintDataSource: Sendable {
    func trainingData(for spec: Spec) -> Result<LintData, LintDataUnavailable>
}
