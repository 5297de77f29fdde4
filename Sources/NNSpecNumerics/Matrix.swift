// A dense, row-major matrix of Float or Double with value semantics.
//
// Storage is a plain `[Scalar]` of `rows * cols` elements, element (i, j) at
// index `i * cols + j`; copy-on-write comes from Array. Zero-sized matrices
// (rows == 0 or cols == 0) are valid everywhere.
//
// Note: this module is built with -Ounchecked, where `precondition` is not
// checked, so shape checks that guard memory safety use `numericsRequire`,
// which always traps.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Traps with `message` when `condition` is false, in every build mode
/// (unlike `precondition`, which -Ounchecked removes).
@inlinable @inline(__always)
public func numericsRequire(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if _slowPath(!condition()) {
        fatalError(message(), file: file, line: line)
    }
}

@frozen
public struct Matrix<Scalar: BinaryFloatingPoint & SIMDScalar & Sendable>: Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// Row-major elements (read-only view; mutate through subscripts,
    /// `withUnsafeMutableBufferPointer` or `setData`).
    @usableFromInline var storage: [Scalar]

    /// Row-major elements, `rows * cols` of them.
    @inlinable public var data: [Scalar] { storage }

    /// A `rows × cols` matrix with every element `value`.
    @inlinable
    public init(rows: Int, cols: Int, repeating value: Scalar = 0) {
        numericsRequire(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = Array(repeating: value, count: rows * cols)
    }

    /// A `rows × cols` matrix over row-major `data` (`data.count == rows * cols`).
    @inlinable
    public init(rows: Int, cols: Int, data: [Scalar]) {
        numericsRequire(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        numericsRequire(data.count == rows * cols,
                        "Matrix: \(data.count) elements for shape \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = data
    }

    /// A matrix from nested rows, all of equal length (convenient in tests).
    @inlinable
    public init(_ nested: [[Scalar]]) {
        let r = nested.count
        let c = nested.first?.count ?? 0
        var flat: [Scalar] = []
        flat.reserveCapacity(r * c)
        for row in nested {
            numericsRequire(row.count == c, "Matrix: ragged rows")
            flat.append(contentsOf: row)
        }
        self.init(rows: r, cols: c, data: flat)
    }

    /// A `rows × cols` matrix whose storage is filled by `initializer`, which must
    /// initialize all `rows * cols` elements (row-major).
    @inlinable
    public init(rows: Int, cols: Int,
                unsafeUninitializedCapacity initializer: (UnsafeMutableBufferPointer<Scalar>) throws -> Void) rethrows {
        numericsRequire(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        let n = rows * cols
        self.storage = try Array(unsafeUninitializedCapacity: n) { buf, count in
            try initializer(buf)
            count = n
        }
    }

    /// `rows * cols`.
    @inlinable public var count: Int { data.count }
    /// True when the matrix has no elements.
    @inlinable public var isEmpty: Bool { data.isEmpty }
    /// `(rows, cols)`.
    @inlinable public var shape: (rows: Int, cols: Int) { (rows, cols) }

    /// Element (i, j). Indices are not checked in optimized builds.
    @inlinable
    public subscript(i: Int, j: Int) -> Scalar {
        get { data[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    /// Row `i` as a slice of the storage (indices `i*cols ..< (i+1)*cols`).
    @inlinable
    public func row(_ i: Int) -> ArraySlice<Scalar> {
        data[(i * cols) ..< ((i + 1) * cols)]
    }

    /// Column `j` copied out.
    @inlinable
    public func column(_ j: Int) -> [Scalar] {
        numericsRequire(j >= 0 && j < cols, "Matrix.column: \(j) out of 0..<\(cols)")
        return (0 ..< rows).map { data[$0 * cols + j] }
    }

    /// Read access to the row-major storage.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try data.withUnsafeBufferPointer(body)
    }

    /// Write access to the row-major storage (the shape cannot change).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Replaces the storage, keeping the shape (`newData.count == count`).
    @inlinable
    public mutating func setData(_ newData: [Scalar]) {
        numericsRequire(newData.count == data.count,
                        "Matrix.setData: \(newData.count) elements for shape \(rows)×\(cols)")
        storage = newData
    }

    /// Same elements, new shape (`rows * cols` unchanged).
    @inlinable
    public func reshaped(rows newRows: Int, cols newCols: Int) -> Matrix {
        Matrix(rows: newRows, cols: newCols, data: data)
    }

    /// Bitwise equality of shape and every element's bit pattern (so NaN payloads
    /// and the sign of zero count). This is what determinism tests compare.
    public func isBitwiseIdentical(to other: Matrix) -> Bool {
        guard rows == other.rows, cols == other.cols else { return false }
        return data.withUnsafeBytes { a in
            other.data.withUnsafeBytes { b in
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }
}

extension Matrix: Equatable {
    /// Numeric equality: same shape and IEEE `==` per element (-0 == +0, and NaN ≠ NaN,
    /// except that Array's `==` reports a matrix equal to an unmodified copy of itself).
    /// Use `isBitwiseIdentical(to:)` for determinism checks.
    @inlinable
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rows == rhs.rows && lhs.cols == rhs.cols && lhs.data == rhs.data
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        var s = "Matrix<\(Scalar.self)> \(rows)×\(cols)"
        let shownRows = min(rows, 8), shownCols = min(cols, 8)
        for i in 0 ..< shownRows {
            s += "\n  ["
            s += (0 ..< shownCols).map { "\(self[i, $0])" }.joined(separator: ", ")
            s += cols > shownCols ? ", …]" : "]"
        }
        if rows > shownRows { s += "\n  …" }
        return s
    }
}

// MARK: - Slicing, gathering, transposition

extension Matrix {
    /// Rows `range` copied into a new `range.count × cols` matrix.
    @inlinable
    public func rows(_ range: Range<Int>) -> Matrix {
        numericsRequire(range.lowerBound >= 0 && range.upperBound <= rows,
                        "Matrix.rows: \(range) out of 0..<\(rows)")
        return Matrix(rows: range.count, cols: cols,
                      data: Array(data[(range.lowerBound * cols) ..< (range.upperBound * cols)]))
    }

    /// The rows named by `idx`, in that order (repeats allowed): row r of the
    /// result is row `idx[idx.startIndex + r]` of `self`. This is how a
    /// minibatch is drawn from a shuffled permutation.
    @inlinable
    public func gatherRows(_ idx: ArraySlice<Int>) -> Matrix {
        let c = cols, nRows = rows
        for i in idx {
            numericsRequire(i >= 0 && i < nRows, "Matrix.gatherRows: row \(i) out of 0..<\(nRows)")
        }
        return Matrix(rows: idx.count, cols: c) { out in
            guard c > 0 else { return }
            data.withUnsafeBufferPointer { src in
                let s = src.baseAddress!
                var o = out.baseAddress!
                for i in idx {
                    o.initialize(from: s + i * c, count: c)
                    o += c
                }
            }
        }
    }

    /// `gatherRows` over a whole array.
    @inlinable
    public func gatherRows(_ idx: [Int]) -> Matrix {
        gatherRows(idx[...])
    }

    /// The transpose, a new `cols × rows` matrix (cache-blocked copy).
    @inlinable
    public func transposed() -> Matrix {
        let r = rows, c = cols
        return Matrix(rows: c, cols: r) { out in
            guard r > 0 && c > 0 else { return }
            data.withUnsafeBufferPointer { src in
                let s = src.baseAddress!, d = out.baseAddress!
                let tile = 32
                var i0 = 0
                while i0 < r {
                    let i1 = Swift.min(i0 + tile, r)
                    var j0 = 0
                    while j0 < c {
                        let j1 = Swift.min(j0 + tile, c)
                        for i in i0 ..< i1 {
                            for j in j0 ..< j1 {
                                (d + j * r + i).initialize(to: s[i * c + j])
                            }
                        }
                        j0 = j1
                    }
                    i0 = i1
                }
            }
        }
    }
}

// MARK: - Precision conversion

extension Matrix {
    /// Element-wise conversion from another precision. Double → Float rounds to
    /// nearest, ties to even (as NumPy's `astype(np.float32)`); Float → Double is exact.
    @inlinable
    public init<Other>(_ other: Matrix<Other>) {
        self.init(rows: other.rows, cols: other.cols) { out in
            other.withUnsafeBufferPointer { src in
                for i in 0 ..< src.count {
                    (out.baseAddress! + i).initialize(to: Scalar(src[i]))
                }
            }
        }
    }

    /// `Matrix<T>(self)`.
    @inlinable
    public func converted<T>(to _: T.Type = T.self) -> Matrix<T> {
        Matrix<T>(self)
    }
}
