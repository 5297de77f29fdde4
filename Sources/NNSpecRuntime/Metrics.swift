import NNSpecIR

/// Held-out metrics on the model's outputs (what the frameworks' metrics see: probabilities, or
/// logits when the loss takes logits). All in float64; nil where the metric is undefined.
enum Metrics {
    /// - `p`, `y`: `rows × k` outputs and targets (sparse labels one-hot).
    static func value<S: TrainingScalar>(_ metric: Metric, p: UnsafePointer<S>, y: UnsafePointer<S>,
                                         rows: Int, k: Int, loss: Double) -> Double? {
        guard rows > 0 else { return nil }
        switch metric {
        case .loss:
            return loss
        case .accuracy:
            // One output: Keras' binary accuracy (p > 0.5); several: argmax agreement.
            if k == 1 { return binaryAccuracy(p: p, y: y, count: rows) }
            var hits = 0
            for r in 0 ..< rows where argmax(p + r * k, k) == argmax(y + r * k, k) { hits += 1 }
            return Double(hits) / Double(rows)
        case .binaryAccuracy:
            return binaryAccuracy(p: p, y: y, count: rows * k)
        case .r2:
            return (0 ..< k).map { r2(p: p, y: y, rows: rows, k: k, column: $0) }.reduce(0, +) / Double(k)
        case .auc:
            var sum = 0.0
            for j in 0 ..< k {
                guard let a = auc(p: p, y: y, rows: rows, k: k, column: j) else { return nil }
                sum += a
            }
            return sum / Double(k)
        }
    }

    /// Keras `binary_accuracy`: the share of outputs with `(p > 0.5) == y`.
    private static func binaryAccuracy<S: TrainingScalar>(p: UnsafePointer<S>, y: UnsafePointer<S>, count: Int) -> Double {
        var hits = 0
        for i in 0 ..< count where (p[i] > 0.5 ? 1 : 0) == y[i] { hits += 1 }
        return Double(hits) / Double(count)
    }

    /// The first index of the largest value (NumPy's argmax).
    private static func argmax<S: TrainingScalar>(_ v: UnsafePointer<S>, _ k: Int) -> Int {
        var best = 0
        for j in 1 ..< k where v[j] > v[best] { best = j }
        return best
    }

    /// scikit-learn `r2_score` for one output: `1 − SS_res/SS_tot`; a constant target scores 1
    /// when predicted exactly and 0 otherwise (`force_finite`).
    private static func r2<S: TrainingScalar>(p: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int, k: Int, column j: Int) -> Double {
        var mean = 0.0
        for r in 0 ..< rows { mean += Double(y[r * k + j]) }
        mean /= Double(rows)
        var res = 0.0, tot = 0.0
        for r in 0 ..< rows {
            let t = Double(y[r * k + j])
            res += (t - Double(p[r * k + j])) * (t - Double(p[r * k + j]))
            tot += (t - mean) * (t - mean)
        }
        if tot == 0 { return res == 0 ? 1 : 0 }
        return 1 - res / tot
    }

    /// ROC AUC of one output against its 0/1 targets: the Mann–Whitney statistic with tied
    /// scores counting one half, which is the area under scikit-learn's `roc_curve` (it merges
    /// tied thresholds into one diagonal step). nil when only one class is present.
    static func auc<S: TrainingScalar>(p: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int, k: Int, column j: Int) -> Double? {
        let order = (0 ..< rows).sorted { p[$0 * k + j] < p[$1 * k + j] }
        var positives = 0.0, rankSum = 0.0
        var i = 0
        while i < rows {
            var end = i
            while end + 1 < rows && p[order[end + 1] * k + j] == p[order[i] * k + j] { end += 1 }
            let averageRank = Double(i + end) / 2 + 1
            for t in i ... end where y[order[t] * k + j] > 0.5 {
                positives += 1
                rankSum += averageRank
            }
            i = end + 1
        }
        let negatives = Double(rows) - positives
        guard positives > 0, negatives > 0 else { return nil }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }
}
