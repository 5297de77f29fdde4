// Element-wise kernels: bias add, axpy, scaling, maps with inlined closures,
// activations and a row-wise softmax.
//
// Every element is computed independently with the formula given, one rounding
// per operation (`a * x + y` is a rounded multiply and a rounded add, never an
// FMA), so results do not depend on vector width, alignment or threads.
//
// Everything here is @inlinable: a client's release build specializes it for
// Float/Double and inlines the closures, so e.g. `m.apply(Elementwise.relu)`
// becomes a vectorized loop.

public enum Elementwise {
    // MARK: Scalar activations

    /// Logistic sigmoid `1 / (1 + exp(-x))` — SciPy's `expit` formula (what
    /// scikit-learn's MLP uses), with libm's exp. No overflow trouble: for very
    /// negative x, exp(-x) = inf and the result is 0.
    @inlinable @inline(__always)
    public static func sigmoid<S: RealFunctions>(_ x: S) -> S {
        1 / (1 + S.exp(-x))
    }

    /// Hyperbolic tangent (libm).
    @inlinable @inline(__always)
    public static func tanh<S: RealFunctions>(_ x: S) -> S {
        S.tanh(x)
    }

    /// `max(x, 0)` exactly as NumPy's `np.maximum(x, 0)` (scikit-learn's relu):
    /// positive x unchanged, NaN propagated, everything else (negatives, -0) is +0.
    @inlinable @inline(__always)
    public static func relu<S: BinaryFloatingPoint>(_ x: S) -> S {
        // One compare and a select (vectorizes): `x <= 0` is false for NaN.
        x <= 0 ? 0 : x
    }

    /// Softplus `log(1 + exp(x))`, computed stably as `max(x, 0) + log1p(exp(-|x|))`.
    @inlinable @inline(__always)
    public static func softplus<S: RealFunctions>(_ x: S) -> S {
        relu(x) + S.log1p(S.exp(-x.magnitude))
    }

    /// Identity (linear activation).
    @inlinable @inline(__always)
    public static func identity<S>(_ x: S) -> S { x }

    // MARK: Buffers

    /// `y[i] = y[i] + a * x[i]`.
    @inlinable
    public static func axpy<S: BinaryFloatingPoint>(_ a: S, _ x: UnsafeBufferPointer<S>,
                                                    _ y: UnsafeMutableBufferPointer<S>) {
        numericsRequire(x.count == y.count, "axpy: \(x.count) vs \(y.count) elements")
        guard let xb = x.baseAddress, let yb = y.baseAddress else { return }
        for i in 0 ..< x.count { yb[i] = yb[i] + a * xb[i] }
    }

    /// `x[i] = a * x[i]`.
    @inlinable
    public static func scale<S: BinaryFloatingPoint>(_ x: UnsafeMutableBufferPointer<S>, by a: S) {
        guard let xb = x.baseAddress else { return }
        for i in 0 ..< x.count { xb[i] = a * xb[i] }
    }

    /// `x[i] = f(x[i])`.
    ///
    /// Works in 8-element vector chunks (load, f lane by lane, store): the store is
    /// then unconditional, so a select-like f (relu) vectorizes instead of becoming
    /// a branch per element around a conditional store.
    @inlinable
    public static func apply<S: SIMDScalar>(_ x: UnsafeMutableBufferPointer<S>, _ f: (S) -> S) {
        guard let xb = x.baseAddress else { return }
        let n = x.count
        var i = 0
        while i + 8 <= n {
            var v = UnsafeRawPointer(xb + i).loadUnaligned(as: SIMD8<S>.self)
            for l in 0 ..< 8 { v[l] = f(v[l]) }
            UnsafeMutableRawPointer(xb + i).storeBytes(of: v, as: SIMD8<S>.self)
            i += 8
        }
        while i < n {
            xb[i] = f(xb[i])
            i += 1
        }
    }

    /// `out[i] = f(x[i])` (counts must match; out may be uninitialized memory of a trivial type).
    @inlinable
    public static func map<S>(_ x: UnsafeBufferPointer<S>, into out: UnsafeMutableBufferPointer<S>, _ f: (S) -> S) {
        numericsRequire(x.count == out.count, "map: \(x.count) vs \(out.count) elements")
        guard let xb = x.baseAddress, let ob = out.baseAddress else { return }
        for i in 0 ..< x.count { (ob + i).initialize(to: f(xb[i])) }
    }

    /// `x[i] = f(x[i], y[i])` (8-element chunks, as `apply(_:_:)`).
    @inlinable
    public static func apply<S: SIMDScalar>(_ x: UnsafeMutableBufferPointer<S>, _ y: UnsafeBufferPointer<S>,
                                            _ f: (S, S) -> S) {
        numericsRequire(x.count == y.count, "apply: \(x.count) vs \(y.count) elements")
        guard let xb = x.baseAddress, let yb = y.baseAddress else { return }
        let n = x.count
        var i = 0
        while i + 8 <= n {
            var v = UnsafeRawPointer(xb + i).loadUnaligned(as: SIMD8<S>.self)
            let w = UnsafeRawPointer(yb + i).loadUnaligned(as: SIMD8<S>.self)
            for l in 0 ..< 8 { v[l] = f(v[l], w[l]) }
            UnsafeMutableRawPointer(xb + i).storeBytes(of: v, as: SIMD8<S>.self)
            i += 8
        }
        while i < n {
            xb[i] = f(xb[i], yb[i])
            i += 1
        }
    }

    /// `y[i] = y[i] + a * x[i]` on arrays (e.g. a bias update).
    @inlinable
    public static func axpy<S: BinaryFloatingPoint>(_ a: S, _ x: [S], _ y: inout [S]) {
        x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { axpy(a, px, $0) } }
    }

    /// `x[i] = a * x[i]` on an array.
    @inlinable
    public static func scale<S: BinaryFloatingPoint>(_ x: inout [S], by a: S) {
        x.withUnsafeMutableBufferPointer { scale($0, by: a) }
    }
}

// MARK: - Matrices

extension Matrix {
    /// `self[i, j] = self[i, j] + v[j]` for every row — adding a bias after X·W
    /// (the same rounding as NumPy's `out += b` and a Dense layer's bias add).
    @inlinable
    public mutating func addRowVector(_ v: [Scalar]) {
        numericsRequire(v.count == cols, "addRowVector: \(v.count) values for \(cols) columns")
        let r = rows, c = cols
        guard r > 0 && c > 0 else { return }
        v.withUnsafeBufferPointer { pv in
            withUnsafeMutableBufferPointer { x in
                let vb = pv.baseAddress!, xb = x.baseAddress!
                for i in 0 ..< r {
                    let row = xb + i * c
                    for j in 0 ..< c { row[j] = row[j] + vb[j] }
                }
            }
        }
    }

    /// `self[i, j] = f(self[i, j])`.
    @inlinable
    public mutating func apply(_ f: (Scalar) -> Scalar) {
        withUnsafeMutableBufferPointer { Elementwise.apply($0, f) }
    }

    /// A new matrix of `f(self[i, j])` (one pass, no copy of self first).
    @inlinable
    public func map(_ f: (Scalar) -> Scalar) -> Matrix {
        Matrix(rows: rows, cols: cols) { out in
            withUnsafeBufferPointer { Elementwise.map($0, into: out, f) }
        }
    }

    /// `self[i, j] = f(self[i, j], other[i, j])` (shapes must match).
    @inlinable
    public mutating func apply(_ other: Matrix, _ f: (Scalar, Scalar) -> Scalar) {
        numericsRequire(rows == other.rows && cols == other.cols,
                        "apply: \(rows)×\(cols) vs \(other.rows)×\(other.cols)")
        other.withUnsafeBufferPointer { y in withUnsafeMutableBufferPointer { Elementwise.apply($0, y, f) } }
    }

    /// A new matrix of `f(self[i, j], other[i, j])`.
    @inlinable
    public func zipMap(_ other: Matrix, _ f: (Scalar, Scalar) -> Scalar) -> Matrix {
        var out = self
        out.apply(other, f)
        return out
    }

    /// `self = self + a * x` element-wise (e.g. an SGD step `W.axpy(-lr, grad)`).
    @inlinable
    public mutating func axpy(_ a: Scalar, _ x: Matrix) {
        numericsRequire(rows == x.rows && cols == x.cols,
                        "axpy: \(rows)×\(cols) vs \(x.rows)×\(x.cols)")
        x.withUnsafeBufferPointer { px in withUnsafeMutableBufferPointer { Elementwise.axpy(a, px, $0) } }
    }

    /// `self = a * self` element-wise.
    @inlinable
    public mutating func scale(by a: Scalar) {
        withUnsafeMutableBufferPointer { Elementwise.scale($0, by: a) }
    }

    /// Element-wise sum.
    @inlinable
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, +) }
    /// Element-wise difference.
    @inlinable
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipMap(rhs, -) }
    /// Every element times `a`.
    @inlinable
    public static func * (a: Scalar, m: Matrix) -> Matrix {
        var out = m
        out.scale(by: a)
        return out
    }
}

extension Matrix where Scalar: RealFunctions {
    /// Row-wise softmax in place, NumPy/scikit-learn style:
    /// `t = x - max(row); e = exp(t); x = e / Σ e` — a division per element, the
    /// sum taken in `order` (`.numpyPairwise` is what `X.sum(axis=1)` does there).
    /// Subtracting the row max keeps exp from overflowing.
    @inlinable
    public mutating func softmaxRows(order: SummationOrder = .ascending) {
        let r = rows, c = cols
        guard r > 0 && c > 0 else { return }
        withUnsafeMutableBufferPointer { x in
            let xb = x.baseAddress!
            for i in 0 ..< r {
                let row = xb + i * c
                let m = Reductions.max(UnsafeBufferPointer(start: row, count: c))!
                for j in 0 ..< c { row[j] = Scalar.exp(row[j] - m) }
                let s = Reductions.sum(UnsafeBufferPointer(start: row, count: c), order: order)
                for j in 0 ..< c { row[j] = row[j] / s }
            }
        }
    }
}
