import NNSpecSyntax

/// An array-valued expression in a spec's `data:` section, evaluated by NNSpecData in the order
/// written (random generators draw from one NumPy `RandomState`, as the original scripts did).
public struct ArrayExpr: Sendable {
    public indirect enum Kind: Sendable {
        /// A literal number or nested list (`[[1, 1], [2, 2]]`); `shape` is the list's shape.
        case literal(values: [Double], shape: [Int])
        /// A name defined earlier under `data.arrays`.
        case ref(String)
        /// `RandomState.rand(*shape)` / `random_sample`.
        case rand(shape: [Int])
        case uniform(shape: [Int], low: Double, high: Double)
        case normal(shape: [Int], loc: Double, scale: Double)
        /// `RandomState.randint(low, high, size)`, high exclusive.
        case randint(shape: [Int], low: Int, high: Int)
        /// `np.linspace(start, stop, num)` as a column (num × 1).
        case linspace(start: Double, stop: Double, num: Int, endpoint: Bool)
        /// `np.arange(start, stop, step)` as a column.
        case arange(start: Double, stop: Double, step: Double)
        /// `np.repeat(values, times)` along the rows.
        case repeatRows(ArrayExpr, times: Int)
        /// Row-wise concatenation (`np.concatenate(axis=0)`); `axis: 1` stacks columns.
        case concat([ArrayExpr], axis: Int)
        /// `X[:, index]`; `keepdims` keeps it a column (n × 1) instead of a vector (n,).
        case column(ArrayExpr, index: Int, keepdims: Bool)
        /// `X[:, indices]`.
        case columns(ArrayExpr, indices: [Int])
        /// An elementwise function of one array.
        case apply(ElementFunction, ArrayExpr)
        /// An elementwise binary operation with NumPy broadcasting of scalars, rows and columns.
        case binary(BinaryOp, ArrayExpr, ArrayExpr)
        /// `reshape(shape)`; one entry may be -1.
        case reshape(ArrayExpr, shape: [Int])
        case csv(path: String, columns: [Int]?, header: Bool, delimiter: String)
        case npy(path: String)
        /// MNIST IDX images (n × rows·cols as float) or labels (n,), gzip or raw.
        case idx(path: String, limit: Int?)
    }

    public var kind: Kind
    public var location: SourceLocation?

    public init(_ kind: Kind, at location: SourceLocation?) {
        self.kind = kind
        self.location = location
    }
}

public enum ElementFunction: String, Sendable, CaseIterable {
    case sin, cos, exp, log, tanh, sigmoid, square, sqrt, abs, negative
}

public enum BinaryOp: String, Sendable, CaseIterable {
    case add, subtract, multiply, divide, greater, less
}

/// A named array definition under `data.arrays`.
public struct ArrayDefinition: Sendable {
    public var name: String
    public var expr: ArrayExpr
}

/// How the rows are divided into a training part and a held-out part.
public enum SplitSpec: Sendable {
    /// Everything trains; metrics are computed on the training data.
    case none
    /// scikit-learn's `train_test_split`: `RandomState(random_state).permutation(n)`, the first
    /// `ceil(test_size·n)` indices test, the next `n − n_test` train.
    case trainTestSplit(testSize: Double, randomState: UInt32, shuffle: Bool)
    /// The first `train` rows train, the rest (or the next `test`) are held out.
    case head(train: Int, test: Int?)
    /// A separate test set from other expressions (e.g. a second file).
    case separate(inputs: ArrayExpr, targets: ArrayExpr)
}

/// A preprocessing step, fitted on the training part and applied to both parts.
public struct PreprocessStep: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Multiply by a constant (e.g. 1/255 for pixels).
        case scale(Double)
        /// scikit-learn `StandardScaler`: population standard deviation (ddof = 0).
        case standardize
        /// scikit-learn `MinMaxScaler` to [low, high].
        case minmax(low: Double, high: Double)
        /// Integer class labels → one-hot rows with `classes` columns.
        case oneHot(classes: Int)
    }
    public enum Target: String, Sendable, CaseIterable { case inputs, targets }

    public var kind: Kind
    public var applyTo: Target
    public var location: SourceLocation?
}

public struct DataSpec: Sendable {
    /// Seed of the NumPy `RandomState` that the generators draw from, in the order written.
    public var seed: UInt32
    public var arrays: [ArrayDefinition]
    public var inputs: ArrayExpr
    public var targets: ArrayExpr
    public var split: SplitSpec
    public var preprocess: [PreprocessStep]
}
