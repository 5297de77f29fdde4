import Foundation
import NNSpecData
import NNSpecIR
import NNSpecLint
import NNSpecPlan

/// What differs in meaning between two elaborated specs A and B.
///
/// Built in two passes over the canonical forms (`Spec.canonical`): the leaves that differ as
/// written, then the aspects of training that the semantics layer (NNSpecLint's Semantics and
/// the plan's PlanComparison) can explain — each aspect compares effective numbers (penalty gradient per
/// tensor, loss gradient factor, init bounds, batches per epoch, …) and claims the leaves it
/// speaks for. A changed leaf that an aspect claims but finds no effect of is "written
/// differently, same meaning"; a changed leaf no aspect claims is reported as written.
public struct SemanticDiff: Sendable {
    /// The part of the experiment a difference belongs to, in report order.
    public enum Group: String, CaseIterable, Sendable {
        case data, model, loss, optimizer, loop, other
    }

    /// One canonical leaf as written in A and in B (nil: absent on that side).
    public struct Leaf: Sendable, Equatable {
        public var path: String
        public var a: CanonicalValue?
        public var b: CanonicalValue?

        /// "0.25 → 0.3", "(absent) → {l2: …}".
        public var change: String {
            "\(a.map(\.scalarText) ?? "(absent)") → \(b.map(\.scalarText) ?? "(absent)")"
        }
    }

    /// A layer a difference is about: its index (from 0) and its names in A and in B.
    public struct LayerRef: Sendable, Equatable {
        public var index: Int
        public var a: String
        public var b: String
    }

    /// What a difference is about: a quantity, possibly on some layers' tensors.
    public struct Subject: Sendable, Equatable {
        /// A stable name of the quantity, for programs: `learning_rate`, `penalty`,
        /// `initial_distribution`, `data_term_gradient`, ….
        public var quantity: String
        /// The words before the layers, for people: "L2 on the kernels of", "learning rate".
        public var label: String
        /// The layers the quantity is on (empty: the experiment as a whole).
        public var layers: [LayerRef] = []
        /// The tensor of those layers, for per-tensor quantities.
        public var tensor: TensorRole? = nil
        /// The spec paths the quantity is read from.
        public var paths: [String] = []

        /// "L2 on the kernels of layers 1–2 ('hidden', 'output')", "learning rate".
        public var text: String {
            guard !layers.isEmpty else { return label }
            return (label.isEmpty ? "" : label + " ") + Self.layersText(layers)
        }

        /// "layer 1 ('hidden')", "layers 1–2 ('hidden', 'output')": counted from 1, A's names
        /// (A's/B's where they differ).
        static func layersText(_ layers: [LayerRef]) -> String {
            let indices = layers.map(\.index)
            var runs: [String] = []
            var i = 0
            while i < indices.count {
                var j = i
                while j + 1 < indices.count && indices[j + 1] == indices[j] + 1 { j += 1 }
                runs.append(j == i ? "\(indices[i] + 1)" : "\(indices[i] + 1)–\(indices[j] + 1)")
                i = j + 1
            }
            let names = layers.map { $0.a == $0.b ? "'\($0.a)'" : "'\($0.a)'/'\($0.b)'" }
            return "\(layers.count == 1 ? "layer" : "layers") \(runs.joined(separator: ", ")) (\(names.joined(separator: ", ")))"
        }
    }

    /// One difference in meaning: what it is about, A's and B's values, and A over B where one
    /// number carries the difference. Rendered at the edge: `text` is "subject: a vs b: ×factor".
    public struct Line: Sendable {
        public var group: Group
        public var about: Subject
        /// A's value.
        public var before: DiffValue
        /// B's value.
        public var after: DiffValue
        /// A's effective number over B's, where one number carries the difference.
        public var factor: Double?
        /// What the difference does, when it is not evident from the numbers.
        public var note: String?
        /// How A would be written to match B (lint's fix-it for the same comparison).
        public var fix: String?
        /// The changed leaves this difference stems from (possibly none: a batch size can change
        /// a penalty that nobody rewrote).
        public var leaves: [Leaf]
        /// True for a leaf no aspect interprets: reported as written.
        public var uninterpreted = false

        public var subject: String { about.text }
        public var a: String { before.text }
        public var b: String { after.text }

        /// "subject: a vs b: ×2".
        public var text: String {
            "\(subject): \(a) vs \(b)" + (factor.map { ": \(SemanticDiff.factorText($0))" } ?? "")
        }
    }

    public var lines: [Line]
    /// Leaves written differently whose difference has no effect on training (labels such as
    /// `name`, presets such as `convention`, and values the aspects found equivalent).
    public var sameMeaning: [Leaf]

    public var isEmpty: Bool { lines.isEmpty }

    /// "×2", "×0.005 (1/200)".
    public static func factorText(_ r: Double) -> String {
        guard r.isFinite, r > 0 else { return "×\(Num.g(r))" }
        return r >= 1 ? "×\(Num.g(r))" : "×\(Num.g(r)) (1/\(Num.g(1 / r)))"
    }

    /// Compares `a` and `b`. `data` materializes each spec's data at most once (and keeps it for
    /// a later run).
    public static func compare(_ a: Spec, _ b: Spec, sources: [String: String] = [:], data: DiffDataSource = DiffDataSource()) -> SemanticDiff {
        let ca = LintContext(spec: a, sources: sources, dataSource: data)
        let cb = LintContext(spec: b, sources: sources, dataSource: data)
        var builder = DiffBuilder(a: ca, b: cb, data: data)
        return builder.build()
    }

    /// Every canonical leaf of A and B that differs, in A's document order, then B's own.
    static func changedLeaves(_ a: CanonicalValue, _ b: CanonicalValue) -> [Leaf] {
        let la = a.leaves(), lb = b.leaves()
        var inB: [String: CanonicalValue] = [:]
        for (p, v) in lb { inB[p] = v }
        var inA: Set<String> = []
        var out: [Leaf] = []
        for (p, v) in la {
            inA.insert(p)
            let w = inB[p]
            if w != v { out.append(Leaf(path: p, a: v, b: w)) }
        }
        for (p, v) in lb where !inA.contains(p) { out.append(Leaf(path: p, a: nil, b: v)) }
        return out
    }
}

/// Materializes each spec's data once (keyed by its data section and directory) for the
/// semantic comparison, the data comparison and `--run`.
public final class DiffDataSource: LintDataSource, @unchecked Sendable {
    private var cache: [DataIdentity: Result<MaterializedData, DataError>] = [:]
    private let lock = NSLock()

    public init() {}

    public func materialized(_ spec: Spec) -> Result<MaterializedData, DataError> {
        let key = DataIdentity(spec)
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache[key] { return hit }
        let result = DataLoader.materialize(spec)
        cache[key] = result
        return result
    }

    public func trainingData(for spec: Spec) -> Result<LintData, DataError> {
        materialized(spec).map { LintData(inputs: $0.trainInputs, targets: $0.trainTargets) }
    }
}

/// Collects the lines of a diff: each aspect adds what differs and claims the leaves it
/// interprets.
struct DiffBuilder {
    let a: LintContext
    let b: LintContext
    let data: DiffDataSource
    let comparison: PlanComparison
    let changed: [SemanticDiff.Leaf]
    var lines: [SemanticDiff.Line] = []
    /// Predicates of the leaves some aspect interprets.
    private var claims: [(String) -> Bool] = []

    init(a: LintContext, b: LintContext, data: DiffDataSource) {
        self.a = a
        self.b = b
        self.data = data
        comparison = PlanComparison(here: a.spec, a.plan, there: b.spec, b.plan)
        changed = SemanticDiff.changedLeaves(a.spec.canonical, b.spec.canonical)
    }

    mutating func build() -> SemanticDiff {
        if changed.isEmpty && !dataMayDifferUnwritten { return SemanticDiff(lines: [], sameMeaning: []) }
        labels()
        dataSection()
        architecture()
        windowPadding()
        initialization()
        batchNormalization()
        lossFunction()
        penalties()
        optimizer()
        hyperparameterPrecision()
        loop()
        precisionAndMetrics()
        // What no aspect interprets is reported as written.
        let claimed = changed.filter { leaf in claims.contains { $0(leaf.path) } }
        let unclaimed = changed.filter { leaf in !claims.contains { $0(leaf.path) } }
        for leaf in unclaimed { addAsWritten(leaf, note: "not interpreted: compared as written") }
        let explained = Set(lines.flatMap { $0.leaves.map(\.path) })
        let same = claimed.filter { !explained.contains($0.path) }
        let order = Dictionary(uniqueKeysWithValues: SemanticDiff.Group.allCases.enumerated().map { ($1, $0) })
        let sorted = lines.enumerated().sorted { x, y in
            let gx = order[x.element.group]!, gy = order[y.element.group]!
            return gx != gy ? gx < gy : x.offset < y.offset
        }.map(\.element)
        return SemanticDiff(lines: sorted, sameMeaning: same)
    }

    /// Relative file paths in equal data sections name different files when the specs live in
    /// different directories.
    private var dataMayDifferUnwritten: Bool {
        let da = DataIdentity(a.spec), db = DataIdentity(b.spec)
        return da.directory != db.directory && da.readsFiles
    }

    // MARK: recording

    /// Claims the leaves matching `covers` for the aspect about to compare them.
    mutating func claim(_ covers: @escaping (String) -> Bool) { claims.append(covers) }

    /// Claims the leaves under any of `prefixes` (a prefix matches itself and what is below it).
    mutating func claim(prefixes: [String]) { claim { p in prefixes.contains { Self.under(p, $0) } } }

    static func under(_ path: String, _ prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[")
    }

    /// The changed leaves under any of `prefixes`.
    func leaves(_ prefixes: [String]) -> [SemanticDiff.Leaf] {
        changed.filter { leaf in prefixes.contains { Self.under(leaf.path, $0) } }
    }

    /// Adds a difference in `quantity` (labelled `label`, on `layers` when given) between A's
    /// value `av` and B's `bv`, stemming from the changed leaves under `prefixes` (or `claimed`).
    mutating func add(_ group: SemanticDiff.Group, _ quantity: String, _ label: String, layers: [Int] = [],
                      tensor: TensorRole? = nil, _ av: DiffValue, _ bv: DiffValue, factor: Double? = nil,
                      note: String? = nil, fix: String? = nil, from prefixes: [String], leaves claimed: [SemanticDiff.Leaf]? = nil) {
        let about = SemanticDiff.Subject(quantity: quantity, label: label, layers: layers.map(layerRef), tensor: tensor, paths: prefixes)
        lines.append(SemanticDiff.Line(group: group, about: about, before: av, after: bv, factor: factor, note: note, fix: fix,
                                       leaves: claimed ?? leaves(prefixes)))
    }

    /// Adds a leaf as written (no aspect can say what it means).
    mutating func addAsWritten(_ leaf: SemanticDiff.Leaf, note: String) {
        let about = SemanticDiff.Subject(quantity: "as_written", label: leaf.path, paths: [leaf.path])
        lines.append(SemanticDiff.Line(group: Self.group(of: leaf.path), about: about, before: .written(leaf.a), after: .written(leaf.b),
                                       note: note, leaves: [leaf], uninterpreted: true))
    }

    /// The group of a leaf nothing interprets, by where it sits in the spec.
    static func group(of path: String) -> SemanticDiff.Group {
        if under(path, "data") { return .data }
        if under(path, "model") { return .model }
        if under(path, "loss") || under(path, "regularization") { return .loss }
        if under(path, "optimizer") { return .optimizer }
        if under(path, "training") { return .loop }
        return .other
    }

    // MARK: naming

    var sameLayerCount: Bool { a.layers.count == b.layers.count }

    /// Layer `i` with its names in A and B.
    func layerRef(_ i: Int) -> SemanticDiff.LayerRef {
        let na = a.layers[i].name
        return SemanticDiff.LayerRef(index: i, a: na, b: i < b.layers.count ? b.layers[i].name : na)
    }

    func layerPrefixes(_ indices: [Int], _ key: String) -> [String] {
        indices.map { "model.layers[\($0)].\(key)" }
    }
}
