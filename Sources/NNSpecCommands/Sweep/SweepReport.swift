import Foundation
import NNSpecIR

/// A sweep table as text, Markdown, CSV or JSON. Text and Markdown round numbers to 6
/// significant digits for reading; CSV and JSON carry them exactly (shortest round-trip).
public enum SweepReport {
    public enum Format: String, Sendable, CaseIterable { case text, markdown, csv, json }

    public static func render(_ t: SweepTable, format: Format) -> String {
        switch format {
        case .json: return CanonicalPrinter.json(json(t)) + "\n"
        case .text, .markdown, .csv:
            let sections = tables(t, exact: format == .csv)
            return sections.map { s in
                switch format {
                case .text: return (s.title.map { $0 + "\n" } ?? "") + aligned(s)
                case .markdown: return (s.title.map { "**\($0)**\n\n" } ?? "") + markdown(s)
                default: return csv(s)
                }
            }.joined(separator: "\n")
        }
    }

    /// One-line summary: `12 variants: 11 completed, 1 failed`.
    public static func summary(_ t: SweepTable) -> String {
        var byStatus: [(String, Int)] = []
        for r in t.rows {
            if let i = byStatus.firstIndex(where: { $0.0 == r.status }) { byStatus[i].1 += 1 } else { byStatus.append((r.status, 1)) }
        }
        let n = t.rows.count
        return "\(t.plan.spec): \(n) variant\(n == 1 ? "" : "s"): " + byStatus.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    struct Section {
        var title: String?
        var header: [String]
        var rows: [[String]]
    }

    static func tables(_ t: SweepTable, exact: Bool) -> [Section] {
        let num: (Double?) -> String = { v in v.map { exact ? NNSpecIR.Format.number($0) : short($0) } ?? "" }
        let quantities = t.quantities
        let keys = t.plan.axes.map(\.key)
        var variants = Section(title: nil, header: ["#"] + keys + ["status"] + quantities + ["note"], rows: [])
        for r in t.rows {
            variants.rows.append(["\(r.variant.index)"] + r.variant.values + [r.status] + quantities.map { num(r.value(of: $0)) } + [r.note ?? ""])
        }
        if !t.rows.contains(where: { $0.note != nil }) {
            variants.header.removeLast()
            for i in variants.rows.indices { variants.rows[i].removeLast() }
        }
        var sections = [variants]
        let groups = t.groups
        guard !groups.isEmpty else { return sections }
        let seeds = Set(t.seedAxes)
        let groupKeys = keys.enumerated().filter { !seeds.contains($0.offset) }.map(\.element)
        let seedNames = t.seedAxes.map { keys[$0] }.joined(separator: ", ")
        var stats = Section(title: "over \(seedNames), per group of the other values:",
                            header: groupKeys + ["quantity", "n", "mean", "std", "min", "max"], rows: [])
        for g in groups {
            for q in quantities {
                guard let s = SweepTable.Stats(g.rows.compactMap { $0.value(of: q) }) else { continue }
                stats.rows.append(g.values + [q, "\(s.n)/\(g.rows.count)", num(s.mean), num(s.std), num(s.min), num(s.max)])
            }
            for c in t.counts {
                stats.rows.append(g.values + ["count \(c)", "\(c.count(g.rows))/\(g.rows.count)", "", "", "", ""])
            }
        }
        sections.append(stats)
        return sections
    }

    /// 6 significant digits, the form `%g` prints.
    static func short(_ v: Double) -> String {
        guard v.isFinite else { return NNSpecIR.Format.number(v) }
        return String(format: "%.6g", v)
    }

    static func aligned(_ s: Section) -> String {
        let all = [s.header] + s.rows
        let widths = s.header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    static func markdown(_ s: Section) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([line(s.header), "|" + String(repeating: "---|", count: s.header.count)] + s.rows.map(line)).joined(separator: "\n") + "\n"
    }

    static func csv(_ s: Section) -> String {
        func field(_ x: String) -> String {
            x.contains(where: { ",\"\n".contains($0) }) ? "\"" + x.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : x
        }
        return ([s.header] + s.rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func json(_ t: SweepTable) -> CanonicalValue {
        func num(_ v: Double?) -> CanonicalValue { v.map { .number($0) } ?? .null }
        let quantities = t.quantities
        let variants: [CanonicalValue] = t.rows.map { r in
            var e: [(String, CanonicalValue)] = [
                ("index", .int(r.variant.index)), ("name", .string(r.variant.name)),
                ("values", .object(zip(t.plan.axes, r.variant.values).map { ($0.key, .string($1)) })),
                ("status", .string(r.status)), ("loss", num(r.finalLoss)),
                ("metrics", .object(r.metrics.map { ($0.name, num($0.value)) })),
            ]
            if let n = r.note { e.append(("note", .string(n))) }
            return .object(e)
        }
        var top: [(String, CanonicalValue)] = [
            ("spec", .string(t.plan.spec)), ("mode", .string(t.plan.mode.rawValue)), ("variants", .list(variants)),
        ]
        let groups = t.groups
        if !groups.isEmpty {
            let seeds = Set(t.seedAxes)
            let groupKeys = t.plan.axes.enumerated().filter { !seeds.contains($0.offset) }.map(\.element.key)
            top.append(("groups", .list(groups.map { g in
                var e: [(String, CanonicalValue)] = [
                    ("values", .object(zip(groupKeys, g.values).map { ($0, .string($1)) })),
                    ("n", .int(g.rows.count)),
                ]
                e.append(("stats", .object(quantities.compactMap { q in
                    SweepTable.Stats(g.rows.compactMap { $0.value(of: q) }).map { s in
                        (q, .object([("n", .int(s.n)), ("mean", .number(s.mean)), ("std", .number(s.std)),
                                     ("min", .number(s.min)), ("max", .number(s.max))]))
                    }
                })))
                if !t.counts.isEmpty {
                    e.append(("counts", .object(t.counts.map { ($0.description, .int($0.count(g.rows))) })))
                }
                return .object(e)
            })))
        }
        return .object(top)
    }
}
