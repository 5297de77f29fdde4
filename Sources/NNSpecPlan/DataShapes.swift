import NNSpecData
import NNSpecIR

/// The shapes of the training data a plan is lowered against: rows of the training part, the
/// width of an input row, and the targets' shape after preprocessing. Inferred from the data
/// expressions and file headers (nothing is generated), or measured on materialized data; the
/// plan derives every count (batch size, steps, fans) from these numbers alone.
public struct DataShapes: Sendable, Equatable {
    public var trainingRows: Int
    /// Values per input row.
    public var features: Int
    /// The shape of one image sample for an image array (`reshape(x, [-1, 28, 28, 1])`:
    /// `[28, 28, 1]`); nil for rows of a matrix.
    public var imageShape: [Int]?
    /// The shape of one input sample: `[features]` for rows of a matrix, else the image's shape.
    public var sampleShape: [Int] { imageShape ?? [features] }
    /// Rank 1 `(n,)` or rank 2 `(n, k)`.
    public var targetShape: [Int]
    /// `(h, w)` when each input row is a flattened h × w image as its IDX file declares it
    /// (`DataSpec.inputImageGrid`); a model whose first layer takes images reads the rows so.
    public var imageGrid: [Int]?

    public init(trainingRows: Int, features: Int, targetShape: [Int], sampleShape: [Int]? = nil, imageGrid: [Int]? = nil) {
        self.trainingRows = trainingRows
        self.features = features
        self.targetShape = targetShape
        imageShape = (sampleShape?.count ?? 1) > 1 ? sampleShape : nil
        self.imageGrid = imageGrid
    }

    /// The shapes of what `DataLoader.materialize` would produce, as `ShapeCheck` infers them
    /// (the split's training part, one_hot's widening of inputs or targets).
    public static func infer(_ spec: Spec) throws(DataError) -> DataShapes {
        switch ShapeCheck.trainingShapes(spec) {
        case .success(let shapes): return DataShapes(shapes)
        case .failure(let error): throw error
        }
    }

    /// The shapes `ShapeCheck` found, the targets' rows those of the training part (as in
    /// materialized data).
    public init(_ s: TrainingShapes) {
        self.init(trainingRows: s.trainingRows, features: s.inputs.columns, targetShape: [s.trainingRows] + s.targets.shape.dropFirst(),
                  sampleShape: s.inputs.sampleShape, imageGrid: s.imageGrid)
    }

    /// The shapes of materialized data.
    public init(_ data: MaterializedData) {
        self.init(trainingRows: data.trainInputs.rows, features: data.trainInputs.columns, targetShape: data.trainTargets.shape,
                  sampleShape: data.trainInputs.sampleShape, imageGrid: data.inputImageGrid)
    }
}
