import Foundation
import NNSpecDiff
import NNSpecIR
import NNSpecResults
import NNSpecSyntax

/// The outcome of a sweep: one row per variant, and for variants that differ only in seed
/// axes (keys ending in `seed`), each group's mean, std, min and max and the counts asked for.
/// Built from the sweep directory alone, so `nnspec sweep` and `nnspec sweep collect DIR` (and
/// the local and Slurm backends) give the same table.
public struct SweepTable: Sendable {
    public struct Row: Sendable {
        public var variant: SweepVariant
        /// The results' status (`completed`, `diverged`, …), or `failed`, `invalid`, `pending`,
        /// `stale` (results made from a different effective spec).
        public var status: String
        public var finalLoss: Double?
        /// Final metrics other than the loss, in the results' order.
        public var metrics: [ResultsFile.Named]
        /// Why it failed, is invalid or diverged.
        public var note: String?

        public var ok: Bool { !["failed", "invalid", "pending", "stale"].contains(status) }

        func value(of quantity: String) -> Double? {
            quantity == "loss" ? finalLoss : metrics.first { $0.name == quantity }?.value ?? nil
        }
    }

    /// A group of variants equal in every non-seed axis.
    public struct Group: Sendable {
        public var values: [String]
        public var rows: [Row]
    }

    public struct Stats: Sendable, Equatable {
        public var n: Int
        public var mean: Double
        /// Population standard deviation (NumPy's default, ddof = 0).
        public var std: Double
        public var min: Double
        public var max: Double

        /// nil for no values. Sums run in variant order, so the numbers never depend on which
        /// worker finished first.
        init?(_ xs: [Double]) {
            guard !xs.isEmpty else { return nil }
            n = xs.count
            min = xs.min()!
            max = xs.max()!
            // Equal values have their value as mean and no spread, not a rounding residue.
            guard min < max else {
                mean = min
                std = 0
                return
            }
            mean = xs.reduce(0, +) / Double(n)
            let m = mean
            std = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)).squareRoot()
        }
    }

    public var plan: SweepPlan
    public var rows: [Row]
    public var counts: [SweepCount]

    /// Final loss then every metric any variant reports, in first-seen order.
    public var quantities: [String] {
        var names = ["loss"]
        for r in rows { for m in r.metrics where !names.contains(m.name) { names.append(m.name) } }
        return names
    }

    /// Axes whose key's last segment is `seed`.
    public var seedAxes: [Int] {
        plan.axes.indices.filter { plan.axes[$0].key.split(separator: ".").last == "seed" }
    }

    /// Groups of two or more variants that differ only in seed axes; none without a seed axis.
    public var groups: [Group] {
        let seeds = Set(seedAxes)
        guard !seeds.isEmpty else { return [] }
        var order: [[String]] = []
        var members: [[String]: [Row]] = [:]
        for r in rows {
            let key = r.variant.values.enumerated().filter { !seeds.contains($0.offset) }.map(\.element)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(r)
        }
        return order.compactMap { k in members[k]!.count > 1 ? Group(values: k, rows: members[k]!) : nil }
    }

    /// Reads every variant's state from `dir`.
    public static func collect(_ plan: SweepPlan, from dir: SweepDirectory, counts: [SweepCount] = []) -> SweepTable {
        SweepTable(plan: plan, rows: plan.variants.map { row($0, dir) }, counts: counts)
    }

    static func row(_ v: SweepVariant, _ dir: SweepDirectory) -> Row {
        var row = Row(variant: v, status: "pending", finalLoss: nil, metrics: [], note: nil)
        if let why = v.invalid {
            row.status = "invalid"
            row.note = why
            return row
        }
        guard let f = dir.finished(v) else { return row }
        guard f.exit == 0 else {
            row.status = "failed"
            row.note = firstError(inLog: dir.log(v)) ?? "exit status \(f.exit)"
            return row
        }
        guard f.spec == v.effectiveSpec else {
            row.status = "stale"
            row.note = "results made from a different effective spec; run the sweep again"
            return row
        }
        do {
            let o = try ResultsFile.read(dir.results(v))
            row.status = o.status.rawValue
            row.finalLoss = o.finalLoss
            row.metrics = o.finalMetrics.filter { $0.name != "loss" }
            if o.status == .diverged { row.note = o.divergence?.message }
        } catch {
            row.status = "failed"
            row.note = error.message
        }
        return row
    }

    /// The first `error:` line of a run's log, else its last line.
    static func firstError(inLog path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { String($0) }
        return lines.first { $0.contains("error:") } ?? lines.last
    }
}
