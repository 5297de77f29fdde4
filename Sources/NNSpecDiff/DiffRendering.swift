import NNSpecIR
import NNSpecLint
import NNSpecSyntax

/// Renders a semantic diff and an outcome comparison at the edge, as text or JSON.
public enum DiffRendering {
    // MARK: text

    public static func text(_ d: SemanticDiff, _ a: Spec, _ b: Spec, outcomes: OutcomeDiff?) -> String {
        var s = "A: \(a.file) (convention \(a.convention.rawValue))\nB: \(b.file) (convention \(b.convention.rawValue))\n\n"
        s += body(d)
        if let o = outcomes { s += "\n" + text(o) }
        return s
    }

    /// The differences by group, then a summary line.
    public static func body(_ d: SemanticDiff) -> String {
        var s = ""
        for group in SemanticDiff.Group.allCases {
            let lines = d.lines.filter { $0.group == group }
            guard !lines.isEmpty else { continue }
            s += "\(group.rawValue)\n"
            for l in lines {
                s += "  \(l.text)\n"
                if let n = l.note { s += "      \(n)\n" }
                if let f = l.fix { s += "      to match B: \(f)\n" }
                if (l.group == .data || l.uninterpreted) && !l.leaves.isEmpty && !(l.uninterpreted && l.leaves.count == 1) {
                    s += "      written: " + l.leaves.map { "\($0.path) \($0.change)" }.joined(separator: "; ") + "\n"
                }
            }
        }
        if d.isEmpty {
            s += "no semantic differences\n"
        } else {
            let groups = SemanticDiff.Group.allCases.filter { g in d.lines.contains { $0.group == g } }.map(\.rawValue)
            s += "\n\(Num.count(d.lines.count, "semantic difference")) (\(groups.joined(separator: ", ")))\n"
        }
        if !d.sameMeaning.isEmpty {
            s += "written differently, same meaning: " + d.sameMeaning.map(\.path).joined(separator: ", ") + "\n"
        }
        return s
    }

    public static func text(_ o: OutcomeDiff) -> String {
        var s = "outcomes (A: \(o.a), B: \(o.b))\n"
        func value(_ v: OutcomeDiff.Value?) -> String { v?.text ?? "—" }
        let width = (o.rows.map(\.name.count).max() ?? 0) + 2
        let widthA = (o.rows.map { value($0.a).count }.max() ?? 0) + 2
        let widthB = (o.rows.map { value($0.b).count }.max() ?? 0) + 2
        func pad(_ x: String, _ w: Int) -> String { x.padding(toLength: max(w, x.count), withPad: " ", startingAt: 0) }
        for r in o.rows { s += "  " + pad(r.name, width) + pad(value(r.a), widthA) + pad(value(r.b), widthB) + mark(r) + "\n" }
        for line in outcomeSentences(o) { s += "  \(line)\n" }
        switch o.verdict {
        case .identical: s += "outcomes identical\n"
        case .withinRounding:
            s += "outcomes equal within rounding (≤ \(Num.g(Rounding.ulps)) ulps of \(o.rounding.dtype.rawValue))\n"
        case .differ: s += "outcomes differ\n"
        }
        return s
    }

    /// How a row of A and B compares: "same", "×2", "equal within rounding (rel. diff 1.1e-16)",
    /// "not recorded in B".
    public static func mark(_ r: OutcomeDiff.Row) -> String {
        switch r.comparison {
        case .same: return "same"
        case .withinRounding(let rel): return "equal within rounding (rel. diff \(Num.g(rel)))"
        case .differs: return r.factor.map { SemanticDiff.factorText($0) } ?? "differs"
        case .notRecorded(let side): return "not recorded in \(side.rawValue.uppercased())"
        }
    }

    /// The parameter and history comparisons of `o`, a sentence each.
    public static func outcomeSentences(_ o: OutcomeDiff) -> [String] {
        var lines: [String] = []
        func num(_ v: Double?) -> String { v.map(NNSpecIR.Format.number) ?? "n/a" }
        switch o.parameters {
        case .identical(let n): lines.append("parameters: all \(n) identical")
        case .withinRounding(let n, let rel): lines.append("parameters: all \(n) equal within rounding (largest rel. diff \(Num.g(rel)))")
        case .shapes(let what): lines.append("parameters: different shapes: \(what)")
        case .largest(let layer, let tensor, let index, let x, let y, let d):
            lines.append("largest parameter difference: \(Num.g(d)) at \(layer) \(tensor)\(index) (A \(num(x)), B \(num(y)))")
        }
        switch o.history {
        case .identical(let n): lines.append("histories: identical (\(Num.count(n, "point")))")
        case .withinRounding(let n, let rel):
            lines.append("histories: equal within rounding (\(Num.count(n, "point")), largest rel. diff \(Num.g(rel)))")
        case .parts(let at, let what, let x, let y): lines.append("histories part at \(at): \(what) \(num(x)) vs \(num(y))")
        case .agreeWhereBothLog(let n, let x, let y):
            lines.append("histories: agree at the \(Num.count(n, "point")) both log (A logs \(x), B \(y))")
        case .noCommonPoints(let x, let y): lines.append("histories: no logged point in common (A logs \(x), B \(y))")
        }
        return lines
    }

    // MARK: JSON

    public static func json(_ d: SemanticDiff, _ a: Spec, _ b: Spec, outcomes: OutcomeDiff?) -> String {
        func side(_ s: Spec) -> CanonicalValue {
            .object([("file", .string(s.file)), ("name", .string(s.name)), ("convention", .string(s.convention.rawValue))])
        }
        func leaf(_ l: SemanticDiff.Leaf) -> CanonicalValue {
            var e: [(String, CanonicalValue)] = [("path", .string(l.path))]
            if let x = l.a { e.append(("a", x)) }
            if let y = l.b { e.append(("b", y)) }
            return .object(e)
        }
        func opt(_ s: String?) -> CanonicalValue { s.map { .string($0) } ?? .null }
        func subject(_ s: SemanticDiff.Subject) -> CanonicalValue {
            .object([
                ("quantity", .string(s.quantity)),
                ("layers", .list(s.layers.map { .object([("index", .int($0.index)), ("a", .string($0.a)), ("b", .string($0.b))]) })),
                ("tensor", s.tensor.map { .string($0.rawValue) } ?? .null),
                ("paths", .list(s.paths.map { .string($0) })),
                ("text", .string(s.text)),
            ])
        }
        let lines: [CanonicalValue] = d.lines.map { l in
            .object([
                ("group", .string(l.group.rawValue)), ("subject", subject(l.about)),
                ("a", l.before.canonical), ("b", l.after.canonical), ("factor", l.factor.map { .number($0) } ?? .null),
                ("note", opt(l.note)), ("fix", opt(l.fix)), ("interpreted", .bool(!l.uninterpreted)),
                ("text", .string(l.text)), ("leaves", .list(l.leaves.map(leaf))),
            ])
        }
        var top: [(String, CanonicalValue)] = [
            ("a", side(a)), ("b", side(b)),
            ("semantically_equal", .bool(d.isEmpty)),
            ("differences", .list(lines)),
            ("same_meaning", .list(d.sameMeaning.map(leaf))),
        ]
        if let o = outcomes { top.append(("outcomes", json(o))) }
        return CanonicalPrinter.json(.object(top)) + "\n"
    }

    public static func json(_ o: OutcomeDiff) -> CanonicalValue {
        func num(_ v: Double?) -> CanonicalValue { v.map { .number($0) } ?? .null }
        func value(_ v: OutcomeDiff.Value?) -> CanonicalValue {
            switch v {
            case .number(let x)?: return .number(x)
            case .count(let n)?: return .int(n)
            case .word(let w)?: return .string(w)
            case nil: return .null
            }
        }
        let rows: [CanonicalValue] = o.rows.map { r in
            let comparison: String, relative: Double?
            switch r.comparison {
            case .same: (comparison, relative) = ("same", nil)
            case .withinRounding(let rel): (comparison, relative) = ("within_rounding", rel)
            case .differs: (comparison, relative) = ("differs", nil)
            case .notRecorded(let side): (comparison, relative) = ("not_recorded_in_\(side.rawValue)", nil)
            }
            return .object([("name", .string(r.name)), ("a", value(r.a)), ("b", value(r.b)), ("comparison", .string(comparison)),
                            ("differs", .bool(r.differs)), ("relative_difference", num(relative)), ("factor", num(r.factor))])
        }
        let parameters: CanonicalValue
        switch o.parameters {
        case .identical(let n): parameters = .object([("identical", .bool(true)), ("count", .int(n))])
        case .withinRounding(let n, let rel):
            parameters = .object([("identical", .bool(false)), ("within_rounding", .bool(true)), ("count", .int(n)),
                                  ("largest_relative_difference", .number(rel))])
        case .shapes(let what): parameters = .object([("identical", .bool(false)), ("shapes", .string(what))])
        case .largest(let layer, let tensor, let index, let x, let y, let d):
            parameters = .object([("identical", .bool(false)), ("layer", .string(layer)), ("tensor", .string(tensor)),
                                  ("index", .string(index)), ("a", num(x)), ("b", num(y)), ("difference", num(d))])
        }
        let history: CanonicalValue
        switch o.history {
        case .identical(let n): history = .object([("identical", .bool(true)), ("points", .int(n))])
        case .withinRounding(let n, let rel):
            history = .object([("identical", .bool(false)), ("within_rounding", .bool(true)), ("points", .int(n)),
                               ("largest_relative_difference", .number(rel))])
        case .parts(let at, let what, let x, let y):
            history = .object([("identical", .bool(false)), ("first_difference", .string(at)), ("quantity", .string(what)),
                               ("a", num(x)), ("b", num(y))])
        case .agreeWhereBothLog(let n, let x, let y):
            history = .object([("identical", .bool(false)), ("common_points_agree", .int(n)), ("a_logs", .string(x)), ("b_logs", .string(y))])
        case .noCommonPoints(let x, let y):
            history = .object([("identical", .bool(false)), ("common_points", .int(0)), ("a_logs", .string(x)), ("b_logs", .string(y))])
        }
        return .object([("a", .string(o.a)), ("b", .string(o.b)), ("identical", .bool(o.isIdentical)),
                        ("verdict", .string(o.verdict.rawValue)),
                        ("rounding", .object([("dtype", .string(o.rounding.dtype.rawValue)), ("ulps", .number(Rounding.ulps))])),
                        ("final", .list(rows)), ("parameters", parameters), ("history", history)])
    }
}
