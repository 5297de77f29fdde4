/// A dense float64 array of rank 0 to 4, row-major (C order), as NumPy holds it. Ranks 3 and 4
/// are image arrays (made by `reshape`): each row is then one sample's values in C order.
///
/// Rank is kept exactly: a vector of shape (n,) and a column of shape (n, 1) are different
/// values, because that difference is what the TF1 first-feature experiment is about
/// (labels (n,) against predictions (n, 1) broadcast to (n, n)). Rank 0 (a scalar) only
/// appears inside expressions; materialized inputs and targets are rank 1 or 2.
public struct DataArray: Sendable, Equatable {
    /// `[]` for a scalar, `[n]` for a vector, `[rows, columns]` for a matrix.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `values.count` is the product of `shape`.
    public var values: [Double]

    /// The largest rank: samples of rank 3, `(n, h, w, c)` or `(n, c, h, w)`.
    public static let maxRank = 4

    /// - Precondition: `values.count` is the product of `shape`, and the rank is at most `maxRank`.
    public init(shape: [Int], values: [Double]) {
        precondition(shape.count <= Self.maxRank, "DataArray holds rank 0 to \(Self.maxRank), got shape \(shape)")
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == values.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// A scalar (shape `[]`).
    public init(scalar: Double) {
        self.init(shape: [], values: [scalar])
    }

    /// A vector of shape (n,).
    public init(vector: [Double]) {
        self.init(shape: [vector.count], values: vector)
    }

    /// A column of shape (n, 1).
    public init(column: [Double]) {
        self.init(shape: [column.count, 1], values: column)
    }

    /// A matrix of shape (rows, columns) from row-major values.
    public init(rows: Int, columns: Int, values: [Double]) {
        self.init(shape: [rows, columns], values: values)
    }

    public var rank: Int { shape.count }
    public var count: Int { values.count }

    /// Number of samples: the first dimension (1 for a scalar).
    public var rows: Int { shape.first ?? 1 }

    /// Number of features per sample: the second dimension of a matrix, every value of a sample
    /// of an image array; a vector (n,) and a scalar count as one column.
    public var columns: Int { shape.count >= 2 ? shape.dropFirst().reduce(1, *) : 1 }

    /// The shape of one sample: `[columns]` for a vector or matrix, `(h, w, c)` or `(c, h, w)`
    /// for an image array.
    public var sampleShape: [Int] { shape.count > 2 ? Array(shape.dropFirst()) : [columns] }

    /// The element at `row`, `column` (column 0 for a vector).
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The same values with another shape of the same size (`reshape`).
    public func reshaped(_ newShape: [Int]) -> DataArray {
        DataArray(shape: newShape, values: values)
    }

    /// `a[indices]` along the first axis (NumPy fancy indexing by rows); the rank is kept.
    public func selectingRows<C: Collection>(_ indices: C) -> DataArray where C.Element == Int {
        let width = columns
        var out = [Double]()
        out.reserveCapacity(indices.count * width)
        values.withUnsafeBufferPointer { v in
            for r in indices {
                let start = r * width
                out.append(contentsOf: v[start ..< start + width])
            }
        }
        var newShape = shape
        newShape[0] = indices.count
        return DataArray(shape: newShape, values: out)
    }

    /// The shape as NumPy prints it: `()`, `(100,)`, `(100, 1)`.
    public var shapeDescription: String { Self.describe(shape) }

    /// A shape as NumPy prints it: `()`, `(100,)`, `(100, 1)`.
    public static func describe(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "()"
        case 1: return "(\(shape[0]),)"
        default: return "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
    }
}
