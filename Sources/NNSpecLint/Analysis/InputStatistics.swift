/// Per-feature statistics of the training inputs, computed once per spec.
public struct InputStatistics: Sendable {
    public var rows: Int
    public var columns: Int
    public var mean: [Double]
    /// Root mean square: how far a feature sits from zero, whether by spread or by offset.
    public var rms: [Double]
    public var minimum: [Double]
    public var maximum: [Double]
    /// Mean of |x_j|: with |p − y| ≤ 1 this bounds a probabilistic loss's gradient on a weight.
    public var meanAbs: [Double]
    /// E[Σ_j x_j] and Var[Σ_j x_j] over samples, for the mean-field estimates.
    public var sumMean: Double
    public var sumVariance: Double
    /// Number of NaN or infinite entries.
    public var nonFinite: Int

    public init(values: [Double], columns: Int) {
        let c = max(columns, 1)
        let n = values.count / c
        rows = n
        self.columns = c
        var s = [Double](repeating: 0, count: c), sq = s, ab = s
        var mn = [Double](repeating: .infinity, count: c), mx = [Double](repeating: -.infinity, count: c)
        var rowSum = 0.0, rowSumSq = 0.0, bad = 0
        // One pass over what may be millions of values (MNIST): raw pointers keep a debug build
        // fast. Per column: sum, sum of squares, sum of |x|, min, max.
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: 5 * c)
        defer { acc.deallocate() }
        for j in 0..<c {
            acc[5 * j] = 0; acc[5 * j + 1] = 0; acc[5 * j + 2] = 0
            acc[5 * j + 3] = .infinity; acc[5 * j + 4] = -.infinity
        }
        values.withUnsafeBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            for _ in 0..<n {
                var r = 0.0
                var a = acc
                for _ in 0..<c {
                    let x = p.pointee
                    p += 1
                    if x.isFinite {
                        a.pointee += x
                        (a + 1).pointee += x * x
                        (a + 2).pointee += x < 0 ? -x : x
                        if x < (a + 3).pointee { (a + 3).pointee = x }
                        if x > (a + 4).pointee { (a + 4).pointee = x }
                        r += x
                    } else {
                        bad += 1
                    }
                    a += 5
                }
                rowSum += r
                rowSumSq += r * r
            }
        }
        for j in 0..<c {
            s[j] = acc[5 * j]; sq[j] = acc[5 * j + 1]; ab[j] = acc[5 * j + 2]
            mn[j] = acc[5 * j + 3]; mx[j] = acc[5 * j + 4]
        }
        let dn = Double(max(n, 1))
        mean = s.map { $0 / dn }
        rms = sq.map { ($0 / dn).squareRoot() }
        meanAbs = ab.map { $0 / dn }
        minimum = mn
        maximum = mx
        sumMean = rowSum / dn
        sumVariance = Swift.max(0, rowSumSq / dn - sumMean * sumMean)
        nonFinite = bad
    }

    /// Σ_j E[x_j²].
    public var sumSquares: Double { rms.reduce(0) { $0 + $1 * $1 } }
}
