import Foundation
import NNSpecIR
import NNSpecLint
import NNSpecSyntax

/// A results file (`nnspec run`'s JSON) as `nnspec diff` compares it.
public struct Outcome: Sendable {
    public struct Point: Sendable, Equatable {
        /// `epoch` or `step`, and its number.
        public var unit: String
        public var index: Int
        public var loss: Double?
        public var metrics: [Named]

        /// "epoch 5", "step 1000": how a point is named where histories are compared.
        public var label: String { "\(unit) \(index)" }
    }

    public struct Named: Sendable, Equatable {
        public var name: String
        public var value: Double?
    }

    public struct Tensor: Sendable {
        public var layer: String
        /// `kernel` or `bias`.
        public var name: String
        /// A kernel's rows (fan_in) and columns (units); a bias is one row.
        public var rows: Int
        public var columns: Int
        public var values: [Double?]
    }

    /// Where it came from: the results file, or "run of SPEC".
    public var source: String
    public var spec: String
    public var history: [Point]
    public var finalLoss: Double?
    public var finalMetrics: [Named]
    public var evaluatedOn: String
    public var tensors: [Tensor]
    public var status: String
    public var stop: String
    public var epochs: Int
    public var steps: Int

    /// Reads the results JSON's canonical tree.
    public init(_ v: CanonicalValue, source: String) throws(OutcomeError) {
        self.source = source
        guard case .object(let top) = v else { throw OutcomeError("\(source): not a results file (expected a JSON object)") }
        func field(_ k: String) -> CanonicalValue? { top.first { $0.0 == k }?.1 }
        func entries(_ v: CanonicalValue?) -> [(String, CanonicalValue)] { if case .object(let e)? = v { return e } else { return [] } }
        guard field("history") != nil, field("final") != nil, field("parameters") != nil else {
            throw OutcomeError("\(source): not a results file (no history, final or parameters)")
        }
        spec = field("spec")?.text ?? ""
        status = field("status")?.text ?? ""
        stop = field("stop")?.text ?? ""
        epochs = field("epochs")?.int ?? 0
        steps = field("steps")?.int ?? 0
        var points: [Point] = []
        if case .list(let items)? = field("history") {
            for item in items {
                let e = entries(item)
                guard let (unit, index) = e.first, let i = index.int else { continue }
                points.append(Point(unit: unit, index: i, loss: e.first { $0.0 == "loss" }?.1.double,
                                    metrics: e.dropFirst().filter { $0.0 != "loss" }.map { Named(name: $0.0, value: $0.1.double) }))
            }
        }
        history = points
        let final = entries(field("final"))
        finalLoss = final.first { $0.0 == "loss" }?.1.double
        finalMetrics = entries(final.first { $0.0 == "metrics" }?.1).map { Named(name: $0.0, value: $0.1.double) }
        evaluatedOn = final.first { $0.0 == "evaluated_on" }?.1.text ?? ""
        var tensors: [Tensor] = []
        for (layer, p) in entries(field("parameters")) {
            for (name, t) in entries(p) {
                guard case .list(let items) = t else { continue }
                if items.allSatisfy(\.isScalar) {
                    tensors.append(Tensor(layer: layer, name: name, rows: 1, columns: items.count, values: items.map(\.double)))
                } else {
                    let rows = items.map { r -> [Double?] in if case .list(let xs) = r { return xs.map(\.double) } else { return [] } }
                    tensors.append(Tensor(layer: layer, name: name, rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0 }))
                }
            }
        }
        self.tensors = tensors
    }

    /// Reads a results file from disk.
    public static func read(_ path: String) throws(OutcomeError) -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else { throw OutcomeError("cannot read '\(path)'") }
        let parsed = YAMLParser.parse(bytes: [UInt8](data), file: path, aliasBudget: 0)
        guard let root = parsed.root, !parsed.hasErrors else {
            throw OutcomeError("'\(path)' is not valid JSON: \(parsed.diagnostics.first?.message ?? "no document")")
        }
        return try Outcome(CanonicalValue(root), source: path)
    }
}

public struct OutcomeError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension CanonicalValue {
    /// The JSON/YAML node as a canonical tree, keys in file order.
    init(_ node: Node) {
        switch node.content {
        case .scalar(_, let v):
            switch v {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .float(let d): self = .number(d)
            case .string(let s): self = .string(s)
            }
        case .sequence(let items): self = .list(items.map(CanonicalValue.init))
        case .mapping(let entries): self = .object(entries.map { ($0.name, CanonicalValue($0.value)) })
        }
    }

    /// A number; results files write NaN and infinities as the strings "nan", "inf", "-inf".
    var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    var text: String? { if case .string(let s) = self { return s } else { return nil } }
}

/// How the outcomes of A and B differ.
public struct OutcomeDiff: Sendable {
    /// One quantity side by side: final loss, each metric, status, stop, epochs, steps.
    public struct Row: Sendable {
        public var name: String
        public var a: String
        public var b: String
        public var differs: Bool
        /// A over B for numbers.
        public var factor: Double?
    }

    public enum Parameters: Sendable {
        case identical(count: Int)
        case largest(layer: String, tensor: String, index: String, a: Double?, b: Double?, difference: Double)
        case shapes(String)
    }

    public enum History: Sendable {
        case identical(points: Int)
        /// The first point both log where the loss (or else a logged metric, `what`) differs.
        case parts(at: String, what: String, a: Double?, b: Double?)
        /// Every point both log agrees, but they log different points.
        case agreeWhereBothLog(common: Int, a: String, b: String)
        /// Not one logged point in common.
        case noCommonPoints(a: String, b: String)
    }

    public var a: String
    public var b: String
    public var rows: [Row]
    public var parameters: Parameters
    public var history: History

    public var isIdentical: Bool {
        guard rows.allSatisfy({ !$0.differs }), case .identical = parameters, case .identical = history else { return false }
        return true
    }

    public init(_ x: Outcome, _ y: Outcome) {
        a = x.source
        b = y.source
        func num(_ v: Double?) -> String { v.map(Format.number) ?? "n/a" }
        func same(_ u: Double?, _ v: Double?) -> Bool {
            switch (u, v) {
            case (nil, nil): return true
            case let (u?, v?): return u == v || (u.isNaN && v.isNaN)
            default: return false
            }
        }
        func ratio(_ u: Double?, _ v: Double?) -> Double? {
            guard let u, let v, u.isFinite, v.isFinite, u != 0, v != 0, (u > 0) == (v > 0), !same(u, v) else { return nil }
            return u / v
        }
        var rows = [Row(name: "final loss", a: num(x.finalLoss), b: num(y.finalLoss), differs: !same(x.finalLoss, y.finalLoss),
                        factor: ratio(x.finalLoss, y.finalLoss))]
        var names = x.finalMetrics.map(\.name)
        for m in y.finalMetrics where !names.contains(m.name) { names.append(m.name) }
        for n in names {
            let u = x.finalMetrics.first { $0.name == n }, v = y.finalMetrics.first { $0.name == n }
            let label = "\(n) (\(x.evaluatedOn == y.evaluatedOn ? x.evaluatedOn : "\(x.evaluatedOn)/\(y.evaluatedOn)"))"
            rows.append(Row(name: label, a: u.map { num($0.value) } ?? "—", b: v.map { num($0.value) } ?? "—",
                            differs: u == nil || v == nil || !same(u?.value, v?.value), factor: ratio(u?.value, v?.value)))
        }
        for (name, u, w) in [("status", x.status, y.status), ("stop", x.stop, y.stop), ("epochs", "\(x.epochs)", "\(y.epochs)"),
                             ("steps", "\(x.steps)", "\(y.steps)")] {
            rows.append(Row(name: name, a: u, b: w, differs: u != w))
        }
        self.rows = rows
        parameters = Self.compareParameters(x.tensors, y.tensors)
        history = Self.compareHistory(x.history, y.history, same: same)
    }

    private static func compareParameters(_ x: [Outcome.Tensor], _ y: [Outcome.Tensor]) -> Parameters {
        func shape(_ t: Outcome.Tensor) -> String { t.name == "bias" ? "\(t.columns)" : "\(t.rows) × \(t.columns)" }
        guard x.count == y.count else { return .shapes("\(x.count) tensors vs \(y.count)") }
        var worst: (Double, Int, Int)? = nil
        var count = 0
        for (k, (s, t)) in zip(x, y).enumerated() {
            guard s.name == t.name, s.rows == t.rows, s.columns == t.columns else {
                return .shapes("'\(s.layer)' \(s.name) \(shape(s)) vs '\(t.layer)' \(t.name) \(shape(t))")
            }
            count += s.values.count
            for i in s.values.indices {
                let u = s.values[i], v = t.values[i]
                let d: Double
                switch (u, v) {
                case let (u?, v?): d = u == v || (u.isNaN && v.isNaN) ? 0 : (u.isNaN || v.isNaN ? .infinity : Swift.abs(u - v))
                case (nil, nil): d = 0
                default: d = .infinity
                }
                if d > 0 && (worst == nil || d > worst!.0 || (d.isNaN && !worst!.0.isNaN)) { worst = (d, k, i) }
            }
        }
        guard let (d, k, i) = worst else { return .identical(count: count) }
        let s = x[k], t = y[k]
        let index = s.name == "bias" ? "[\(i)]" : "[\(i / max(s.columns, 1))][\(i % max(s.columns, 1))]"
        let layer = s.layer == t.layer ? "'\(s.layer)'" : "'\(s.layer)'/'\(t.layer)'"
        return .largest(layer: layer, tensor: s.name, index: index, a: s.values[i], b: t.values[i], difference: d)
    }

    private static func compareHistory(_ x: [Outcome.Point], _ y: [Outcome.Point], same: (Double?, Double?) -> Bool) -> History {
        func label(_ p: Outcome.Point) -> String { p.label }
        func span(_ ps: [Outcome.Point]) -> String {
            guard let f = ps.first, let l = ps.last else { return "nothing" }
            return ps.count == 1 ? label(f) : "\(label(f))…\(l.index) (\(ps.count) points)"
        }
        var inY: [String: Outcome.Point] = [:]
        for q in y { inY[label(q)] = q }
        var common = 0
        for p in x {
            guard let q = inY[label(p)] else { continue }
            common += 1
            if !same(p.loss, q.loss) { return .parts(at: label(p), what: "loss", a: p.loss, b: q.loss) }
            for n in (p.metrics + q.metrics).map(\.name) {
                let u = p.metrics.first { $0.name == n }?.value, v = q.metrics.first { $0.name == n }?.value
                if !same(u, v) { return .parts(at: label(p), what: n, a: u, b: v) }
            }
        }
        if common == 0 && !(x.isEmpty && y.isEmpty) { return .noCommonPoints(a: span(x), b: span(y)) }
        if common == x.count && common == y.count { return .identical(points: common) }
        return .agreeWhereBothLog(common: common, a: span(x), b: span(y))
    }
}
