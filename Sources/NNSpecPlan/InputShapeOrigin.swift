/// Where the shape of one sample that the first layer reads comes from.
public enum InputShapeOrigin: Sendable, Equatable {
    /// `model.inputs`: rows of that many features.
    case inputs
    /// `model.input_shape`.
    case written
    /// The data's own samples: rows of a matrix, or an image array's (`reshape` to rank 4).
    case data
    /// Rows of an IDX image file read as its header's h × w, one channel, in the model's data
    /// format, because the first layer takes images.
    case idxHeader
}
