import NNSpecIR
import NNSpecResults

/// How the outcomes of A and B differ, compared knowing each file's dtype (see `Rounding`):
/// numbers are identical, equal within rounding, or different; a quantity one file does not
/// record (an exported script records no metrics) is "not recorded", not a difference.
public struct OutcomeDiff: Sendable {
    /// A quantity as one results file records it.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case count(Int)
        case word(String)

        public var text: String {
            switch self {
            case .number(let x): return Format.number(x)
            case .count(let n): return "\(n)"
            case .word(let w): return w
            }
        }
    }

    public enum Side: String, Sendable { case a, b }

    /// How one quantity of A compares with B's.
    public enum Comparison: Sendable, Equatable {
        case same
        case withinRounding(relative: Double)
        case differs
        /// The quantity is missing from `side`'s file.
        case notRecorded(in: Side)

        public var differs: Bool { self == .differs }
    }

    /// One quantity side by side: final loss, each metric, status, stop, epochs, steps.
    public struct Row: Sendable {
        public var name: String
        /// nil: not recorded in that file.
        public var a: Value?
        public var b: Value?
        public var comparison: Comparison
        /// A over B, for numbers that differ beyond rounding.
        public var factor: Double?

        public var differs: Bool { comparison.differs }
    }

    public enum Parameters: Sendable {
        case identical(count: Int)
        /// Every value equal within rounding; the largest relative difference.
        case withinRounding(count: Int, largestRelative: Double)
        /// The largest absolute difference among values that differ beyond rounding.
        case largest(layer: String, tensor: String, index: String, a: Double?, b: Double?, difference: Double)
        case shapes(String)
    }

    public enum History: Sendable {
        case identical(points: Int)
        /// Every point equal within rounding; the largest relative difference.
        case withinRounding(points: Int, largestRelative: Double)
        /// The first point both log where the loss (or else a metric both record, `what`)
        /// differs beyond rounding.
        case parts(at: String, what: String, a: Double?, b: Double?)
        /// Every point both log agrees (within rounding), but they log different points.
        case agreeWhereBothLog(common: Int, a: String, b: String)
        /// Not one logged point in common.
        case noCommonPoints(a: String, b: String)
    }

    /// Identical, equal within rounding, or different, over everything both files record.
    public enum Verdict: String, Sendable {
        case identical
        case withinRounding = "within_rounding"
        case differ
    }

    public var a: String
    public var b: String
    public var rounding: Rounding
    public var rows: [Row]
    public var parameters: Parameters
    public var history: History

    public var verdict: Verdict {
        var rounded = false
        for r in rows {
            switch r.comparison {
            case .differs: return .differ
            case .withinRounding: rounded = true
            case .same, .notRecorded: break
            }
        }
        switch parameters {
        case .identical: break
        case .withinRounding: rounded = true
        case .largest, .shapes: return .differ
        }
        switch history {
        case .identical: break
        case .withinRounding: rounded = true
        case .parts, .agreeWhereBothLog, .noCommonPoints: return .differ
        }
        return rounded ? .withinRounding : .identical
    }

    public var isIdentical: Bool { verdict == .identical }
    /// Identical or equal within rounding.
    public var agrees: Bool { verdict != .differ }

    /// Compares results files `x` (named `a` in the report) and `y` (`b`).
    public init(_ x: ResultsFile, _ y: ResultsFile, a: String, b: String) {
        self.a = a
        self.b = b
        let rounding = Rounding(x.dtype, y.dtype)
        self.rounding = rounding

        func row(_ name: String, _ u: Value?, _ v: Value?) -> Row {
            guard let u else { return Row(name: name, a: nil, b: v, comparison: .notRecorded(in: .a)) }
            guard let v else { return Row(name: name, a: u, b: nil, comparison: .notRecorded(in: .b)) }
            guard case .number(let p) = u, case .number(let q) = v else {
                return Row(name: name, a: u, b: v, comparison: u == v ? .same : .differs)
            }
            switch rounding.compare(p, q) {
            case .identical: return Row(name: name, a: u, b: v, comparison: .same)
            case .withinRounding(let r): return Row(name: name, a: u, b: v, comparison: .withinRounding(relative: r))
            case .differs:
                let ratio = p.isFinite && q.isFinite && p != 0 && q != 0 && (p > 0) == (q > 0) ? p / q : nil
                return Row(name: name, a: u, b: v, comparison: .differs, factor: ratio)
            }
        }
        // A metric written as null is a non-finite value nnspec recorded; keep it as NaN.
        func number(_ v: Double?) -> Value? { v.map(Value.number) }
        var rows = [row("final loss", number(x.finalLoss), number(y.finalLoss))]
        var names = x.finalMetrics.map(\.name)
        for m in y.finalMetrics where !names.contains(m.name) { names.append(m.name) }
        for n in names {
            let u = x.finalMetrics.first { $0.name == n }, v = y.finalMetrics.first { $0.name == n }
            let label = "\(n) (\(x.evaluatedOn == y.evaluatedOn ? x.evaluatedOn : "\(x.evaluatedOn)/\(y.evaluatedOn)"))"
            rows.append(row(label, u.map { .number($0.value ?? .nan) }, v.map { .number($0.value ?? .nan) }))
        }
        rows.append(row("status", .word(x.status.rawValue), .word(y.status.rawValue)))
        rows.append(row("stop", .word(x.stop.rawValue), .word(y.stop.rawValue)))
        rows.append(row("epochs", .count(x.epochs), .count(y.epochs)))
        rows.append(row("steps", .count(x.steps), .count(y.steps)))
        // The training monitors' findings, when both runs were monitored (`diff --run`) or the
        // files hold them (`run --diagnose`): `id 'layer' from step S`, or none.
        if x.diagnoses != nil || y.diagnoses != nil {
            func list(_ ds: [Diagnosis]?) -> Value? {
                ds.map { ds in .word(ds.isEmpty ? "none" : ds.map { d in
                    d.id + (d.layer.map { " '\($0)'" } ?? "") + " from step \(d.step)"
                }.joined(separator: ", ")) }
            }
            rows.append(row("diagnoses", list(x.diagnoses), list(y.diagnoses)))
        }
        self.rows = rows
        parameters = Self.compareParameters(x.parameters, y.parameters, rounding)
        history = Self.compareHistory(x.history, y.history, rounding)
    }

    private static func compareParameters(_ x: [LayerParameters], _ y: [LayerParameters], _ rounding: Rounding) -> Parameters {
        func shape(_ t: ReportedTensor) -> String { t.shape.map(String.init).joined(separator: " × ") }
        // Every tensor of each layer, as the file lists them (kernel then bias; γ, β and the
        // running statistics, whose names differ between conventions but not their meaning).
        func tensors(_ ps: [LayerParameters]) -> [(layer: String, tensor: ReportedTensor)] {
            ps.flatMap { p in p.tensors.map { (p.name, $0) } }
        }
        let tx = tensors(x), ty = tensors(y)
        guard tx.count == ty.count else { return .shapes("\(tx.count) tensors vs \(ty.count)") }
        var worst: (Double, Int, Int)? = nil
        var largestRelative = 0.0
        var count = 0
        for (k, (s, t)) in zip(tx, ty).enumerated() {
            guard s.tensor.shape == t.tensor.shape, s.tensor.values.count == t.tensor.values.count else {
                return .shapes("'\(s.layer)' \(s.tensor.name) \(shape(s.tensor)) vs '\(t.layer)' \(t.tensor.name) \(shape(t.tensor))")
            }
            count += s.tensor.values.count
            for i in s.tensor.values.indices {
                let u = s.tensor.values[i], v = t.tensor.values[i]
                switch rounding.compare(u, v) {
                case .identical: break
                case .withinRounding(let r): largestRelative = max(largestRelative, r)
                case .differs:
                    let d = u.isNaN || v.isNaN ? Double.infinity : Swift.abs(u - v)
                    if worst == nil || d > worst!.0 { worst = (d, k, i) }
                }
            }
        }
        guard let (d, k, i) = worst else {
            return largestRelative > 0 ? .withinRounding(count: count, largestRelative: largestRelative) : .identical(count: count)
        }
        let s = tx[k], t = ty[k]
        // The flat index as one subscript per axis: `[3][0]` in a matrix.
        var rest = i, index = ""
        for (axis, n) in s.tensor.shape.enumerated().reversed() {
            let q = axis == 0 ? rest : rest % max(n, 1)
            index = "[\(q)]" + index
            rest /= max(n, 1)
        }
        let layer = s.layer == t.layer ? "'\(s.layer)'" : "'\(s.layer)'/'\(t.layer)'"
        let tensor = s.tensor.name == t.tensor.name ? s.tensor.name : "\(s.tensor.name)/\(t.tensor.name)"
        return .largest(layer: layer, tensor: tensor, index: index, a: s.tensor.values[i], b: t.tensor.values[i], difference: d)
    }

    private static func compareHistory(_ x: [ResultsFile.HistoryEntry], _ y: [ResultsFile.HistoryEntry], _ rounding: Rounding) -> History {
        func label(_ p: ResultsFile.HistoryEntry) -> String { p.label }
        func span(_ ps: [ResultsFile.HistoryEntry]) -> String {
            guard let f = ps.first, let l = ps.last else { return "nothing" }
            return ps.count == 1 ? label(f) : "\(label(f))…\(l.index) (\(ps.count) points)"
        }
        var inY: [String: ResultsFile.HistoryEntry] = [:]
        for q in y { inY[label(q)] = q }
        var common = 0
        var largestRelative = 0.0
        func differs(_ u: Double, _ v: Double) -> Bool {
            switch rounding.compare(u, v) {
            case .identical: return false
            case .withinRounding(let r):
                largestRelative = max(largestRelative, r)
                return false
            case .differs: return true
            }
        }
        for p in x {
            guard let q = inY[label(p)] else { continue }
            common += 1
            if differs(p.loss, q.loss) { return .parts(at: label(p), what: "loss", a: p.loss, b: q.loss) }
            // A metric only one side records is not recorded, not a difference.
            for m in p.metrics {
                guard let n = q.metrics.first(where: { $0.name == m.name }) else { continue }
                if differs(m.value ?? .nan, n.value ?? .nan) { return .parts(at: label(p), what: m.name, a: m.value, b: n.value) }
            }
        }
        if common == 0 && !(x.isEmpty && y.isEmpty) { return .noCommonPoints(a: span(x), b: span(y)) }
        if common == x.count && common == y.count {
            return largestRelative > 0 ? .withinRounding(points: common, largestRelative: largestRelative) : .identical(points: common)
        }
        return .agreeWhereBothLog(common: common, a: span(x), b: span(y))
    }
}
