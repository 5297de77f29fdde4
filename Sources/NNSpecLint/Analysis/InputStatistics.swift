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
        for i in 0..<n {
            var r = 0.0
            for j in 0..<c {
                let v = values[i * c + j]
                guard v.isFinite else { bad += 1; continue }
                s[j] += v; sq[j] += v * v; ab[j] += Swift.abs(v)
                mn[j] = Swift.min(mn[j], v); mx[j] = Swift.max(mx[j], v)
                r += v
            }
            rowSum += r
            rowSumSq += r * r
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
