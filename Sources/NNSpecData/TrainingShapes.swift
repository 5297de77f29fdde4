/// The training data's shapes as `ShapeCheck` infers them, without generating the data: the
/// rows of the split's training part, and the inputs and targets after preprocessing (one_hot
/// widens them to one column per class).
public struct TrainingShapes: Sendable, Equatable {
    public var trainingRows: Int
    /// All rows of the inputs (before the split), one_hot applied.
    public var inputs: ArrayInfo
    /// All rows of the targets (before the split), one_hot applied.
    public var targets: ArrayInfo
    /// `(h, w)` when each input row is a flattened h × w image as its IDX file declares it
    /// (`DataSpec.inputImageGrid`).
    public var imageGrid: [Int]?

    public init(trainingRows: Int, inputs: ArrayInfo, targets: ArrayInfo, imageGrid: [Int]?) {
        self.trainingRows = trainingRows
        self.inputs = inputs
        self.targets = targets
        self.imageGrid = imageGrid
    }
}
