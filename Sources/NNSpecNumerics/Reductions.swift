// Sums in a fixed, documented order. The order of a reduction is a function of
// the length alone (never of threads or alignment), so results are reproducible
// bit for bit. Every term is added with a separately rounded add (and squares
// are rounded before they are added: no fused multiply–add).

/// The order in which a reduction adds its terms.
public enum SummationOrder: Sendable, Hashable {
    /// `s = 0; s = s + x[0]; s = s + x[1]; …` — left to right.
    case ascending
    /// NumPy's `pairwise_sum` (what `np.sum` / `x.sum(axis=…)` does along a
    /// contiguous axis): result `0 + pw(x)`, where for n < 8 `pw` adds left to
    /// right from 0; for n ≤ 128 it keeps 8 strided partial sums r[0…7]
    /// (r[j] = x[j] + x[j+8] + …, left to right), combines them as
    /// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and then adds the tail past the last
    /// multiple of 8 left to right; above 128 it splits at n2 = n/2 rounded down
    /// to a multiple of 8 and adds pw(left) + pw(right).
    /// (NumPy may hand a very long reduction to this in 8192-element buffers;
    /// that chunking is not modelled: it only matters past 8192 terms.)
    case numpyPairwise
}

public enum Reductions {
    /// Σ transform(x[i]) in `order`.
    @inlinable
    public static func sum<S: BinaryFloatingPoint>(
        _ x: UnsafeBufferPointer<S>, order: SummationOrder = .ascending,
        _ transform: (S) -> S
    ) -> S {
        guard let base = x.baseAddress else { return 0 }
        switch order {
        case .ascending:
            var s: S = 0
            for i in 0 ..< x.count { s = s + transform(base[i]) }
            return s
        case .numpyPairwise:
            return 0 + pairwise(base, x.count, transform)
        }
    }

    /// Σ x[i] in `order`.
    @inlinable
    public static func sum<S: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<S>,
                                                   order: SummationOrder = .ascending) -> S {
        sum(x, order: order) { $0 }
    }

    /// Σ x[i]·x[i] in `order` (each square rounded, then added).
    @inlinable
    public static func sumOfSquares<S: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<S>,
                                                            order: SummationOrder = .ascending) -> S {
        sum(x, order: order) { $0 * $0 }
    }

    /// Σ |x[i]| in `order`.
    @inlinable
    public static func sumOfAbs<S: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<S>,
                                                        order: SummationOrder = .ascending) -> S {
        sum(x, order: order) { $0.magnitude }
    }

    /// Σ x[i]·y[i], ascending (products rounded, then added). Counts must match.
    @inlinable
    public static func dot<S: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<S>, _ y: UnsafeBufferPointer<S>) -> S {
        numericsRequire(x.count == y.count, "Reductions.dot: \(x.count) vs \(y.count) elements")
        var s: S = 0
        for i in 0 ..< x.count { s = s + x[i] * y[i] }
        return s
    }

    /// The largest element (NaN if any element is NaN, like `np.max`); nil when empty.
    @inlinable
    public static func max<S: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<S>) -> S? {
        guard var m = x.first else { return nil }
        for v in x {
            if v.isNaN { return v }
            if v > m { m = v }
        }
        return m
    }

    /// NumPy's `pairwise_sum` recursion (see `SummationOrder.numpyPairwise`).
    @inlinable
    static func pairwise<S: BinaryFloatingPoint>(_ a: UnsafePointer<S>, _ n: Int, _ t: (S) -> S) -> S {
        if n < 8 {
            var res: S = 0
            for i in 0 ..< n { res = res + t(a[i]) }
            return res
        } else if n <= 128 {
            var r0 = t(a[0]), r1 = t(a[1]), r2 = t(a[2]), r3 = t(a[3])
            var r4 = t(a[4]), r5 = t(a[5]), r6 = t(a[6]), r7 = t(a[7])
            var i = 8
            while i < n - (n % 8) {
                r0 = r0 + t(a[i + 0]); r1 = r1 + t(a[i + 1])
                r2 = r2 + t(a[i + 2]); r3 = r3 + t(a[i + 3])
                r4 = r4 + t(a[i + 4]); r5 = r5 + t(a[i + 5])
                r6 = r6 + t(a[i + 6]); r7 = r7 + t(a[i + 7])
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                res = res + t(a[i])
                i += 1
            }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, n2, t) + pairwise(a + n2, n - n2, t)
        }
    }
}

// MARK: - Arrays

extension Reductions {
    @inlinable
    public static func sum<S: BinaryFloatingPoint>(_ x: [S], order: SummationOrder = .ascending) -> S {
        x.withUnsafeBufferPointer { sum($0, order: order) }
    }

    @inlinable
    public static func sumOfSquares<S: BinaryFloatingPoint>(_ x: [S], order: SummationOrder = .ascending) -> S {
        x.withUnsafeBufferPointer { sumOfSquares($0, order: order) }
    }

    @inlinable
    public static func sumOfAbs<S: BinaryFloatingPoint>(_ x: [S], order: SummationOrder = .ascending) -> S {
        x.withUnsafeBufferPointer { sumOfAbs($0, order: order) }
    }

    @inlinable
    public static func max<S: BinaryFloatingPoint>(_ x: [S]) -> S? {
        x.withUnsafeBufferPointer { max($0) }
    }

    @inlinable
    public static func dot<S: BinaryFloatingPoint>(_ x: [S], _ y: [S]) -> S {
        x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in dot(px, py) } }
    }
}

// MARK: - Matrices

extension Matrix {
    /// Σ of all elements, row-major, in `order`.
    @inlinable
    public func sum(order: SummationOrder = .ascending) -> Scalar {
        withUnsafeBufferPointer { Reductions.sum($0, order: order) }
    }

    /// Σ x² over all elements, row-major, in `order` (e.g. an L2 penalty).
    @inlinable
    public func sumOfSquares(order: SummationOrder = .ascending) -> Scalar {
        withUnsafeBufferPointer { Reductions.sumOfSquares($0, order: order) }
    }

    /// Σ |x| over all elements, row-major, in `order` (e.g. an L1 penalty).
    @inlinable
    public func sumOfAbs(order: SummationOrder = .ascending) -> Scalar {
        withUnsafeBufferPointer { Reductions.sumOfAbs($0, order: order) }
    }

    /// Column sums: `out[j] = ((0 + x[0,j]) + x[1,j]) + …`, rows ascending — the
    /// bias gradient, and exactly NumPy's `x.sum(axis=0)` on a C-ordered array.
    /// Vectorized across columns; the per-column order is unaffected.
    @inlinable
    public func columnSums() -> [Scalar] {
        let r = rows, c = cols
        var out = [Scalar](repeating: 0, count: c)
        guard r > 0 && c > 0 else { return out }
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                let ob = o.baseAddress!, xb = x.baseAddress!
                for i in 0 ..< r {
                    let row = xb + i * c
                    for j in 0 ..< c { ob[j] = ob[j] + row[j] }
                }
            }
        }
        return out
    }

    /// Column means: `columnSums()[j] / rows` (a division, as `np.mean(x, axis=0)`).
    @inlinable
    public func columnMeans() -> [Scalar] {
        let n = Scalar(rows)
        return columnSums().map { $0 / n }
    }

    /// Row sums, each in `order` (`.numpyPairwise` is `x.sum(axis=1)`).
    @inlinable
    public func rowSums(order: SummationOrder = .ascending) -> [Scalar] {
        let c = cols
        return withUnsafeBufferPointer { x in
            (0 ..< rows).map { i in
                Reductions.sum(UnsafeBufferPointer(rebasing: x[(i * c) ..< ((i + 1) * c)]), order: order)
            }
        }
    }

    /// Per-row maximum (NaN if the row has one; -infinity for an empty row).
    @inlinable
    public func rowMaxima() -> [Scalar] {
        let c = cols
        return withUnsafeBufferPointer { x in
            (0 ..< rows).map { i in
                Reductions.max(UnsafeBufferPointer(rebasing: x[(i * c) ..< ((i + 1) * c)])) ?? -.infinity
            }
        }
    }
}
