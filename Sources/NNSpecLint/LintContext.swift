import Foundation
import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// What a rule sees of one spec: the elaborated spec, the text of the files it came from, its
/// training data (materialized on first use, once per spec and lint run, shared by every rule),
/// the analyses built on the data, and positions for findings.
public final class LintContext {
    public let spec: Spec
    /// Text of every file read for this spec (the spec and its `extends` bases), by path.
    public let sources: [String: String]
    private let shared: SharedData

    /// The specs named by `mirrors:`, resolved and loaded by the session.
    public internal(set) var mirrors: [MirrorTarget] = []

    /// `shared` holds the data and its statistics for every spec with the same data section.
    init(spec: Spec, sources: [String: String], shared: SharedData) {
        self.spec = spec
        self.sources = sources
        self.shared = shared
    }

    /// A context whose data is its own (tests, one-off checks).
    public convenience init(spec: Spec, sources: [String: String], dataSource: any LintDataSource) {
        self.init(spec: spec, sources: sources, shared: SharedData(spec: spec, source: dataSource))
    }

    // MARK: data, computed once

    /// The training data (after split and preprocessing), or why it could not be built.
    public var data: Result<LintData, DataError> { shared.data }

    /// The training data when it could be built.
    public var trainingData: LintData? { try? data.get() }

    /// Number of training samples, when the data's shape is known.
    public var samples: Int? { trainingData?.samples }

    /// The spec lowered against its data's shapes: what every rule reads for tensors, loss,
    /// penalties and batches (nil when the data's shapes cannot be inferred or do not fit).
    public lazy var plan: ExperimentPlan? = try? ExperimentPlan.lower(spec)

    /// The batch size each step uses.
    public var batchSize: Int? { plan?.batching.size }

    /// Per-feature statistics of the training inputs.
    public var inputStatistics: InputStatistics? { shared.statistics }

    /// Whether the training data are linearly separable by class (binary 0/1 targets, one output).
    public lazy var separability: Separability.Verdict? = {
        guard let d = trainingData, d.targets.columns == 1, plan != nil else { return nil }
        return Separability.decide(inputs: d.inputs.values, columns: d.inputs.columns, labels: d.targets.values, bias: bias(0) != nil)
    }()

    /// Mean-field estimate of the curvature the optimizer meets, for the step-size rules.
    public lazy var curvature: Curvature.Estimate? = estimateCurvature()

    // MARK: positions

    /// The spec file's own node tree, for positions the elaborated spec does not record (the
    /// entries of `mirrors:` and `lint.disable`).
    public lazy var tree: Node? = sources[spec.file].flatMap { YAMLParser.parse($0, file: spec.file).root }

    /// The start of the spec file: where findings about the spec as a whole point.
    public var start: SourceLocation { SourceLocation(file: spec.file, line: 1, column: 1) }

    /// Where a finding about the value at `paths[0]` should point: the first of `paths` written
    /// in the spec; else `fallback`; else, for a value the convention supplied, the `convention:`
    /// line; else the nearest written ancestor of a path; else the start of the file.
    public func location(_ paths: String..., else fallback: SourceLocation? = nil) -> SourceLocation {
        let prov = spec.provenance
        for p in paths { if let l = prov.entries[p]?.location { return l } }
        if let fallback { return fallback }
        if let p = paths.first, case .convention? = prov.origin(of: p), let l = prov.entries["convention"]?.location {
            return l
        }
        for p in paths { if let l = prov.location(of: p) { return l } }
        return start
    }

    /// A fix-it setting the value at `path` to `value`, shown as `key: value`. It carries an edit
    /// (and `nnspec lint --fix` may apply it) when this spec file itself writes that value as a
    /// one-line scalar and `value` is a plain scalar; a default or inherited value would need an
    /// insertion, which is left to the person.
    /// `shown` replaces the `key: value` a person reads (e.g. the whole `{l2: …}` mapping).
    public func fix(_ message: String, setting path: String, to value: String, shown: String? = nil) -> FixIt {
        let key = path.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? path
        var fix = FixIt(message, replacement: shown ?? "\(key): \(value)")
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_.+-".unicodeScalars.contains($0)
        }
        // `loss: mse` and `loss: {kind: mse}` say the same; the kind is the scalar to replace.
        let written = tree?.descendant(path).map { $0.mapping == nil ? $0 : $0["kind"] } ?? nil
        if plain, let node = written, node.scalarValue != nil, let range = node.range,
           range.file == spec.file, range.start.line == range.end.line {
            fix.edit = SourceEdit(range: range, text: value)
        }
        return fix
    }

    /// Where a value came from, for notes: "written", "default of convention keras", ….
    public func origin(_ path: String) -> String {
        switch spec.provenance.origin(of: path) {
        case .spec?: return "written in the spec"
        case .extends(let f)?: return "from \(f)"
        case .override?: return "set by an override"
        case .convention(let c)?: return "default of convention \(c.rawValue)"
        case .global?: return "nnspec default"
        case .derived?: return "derived"
        case .data(let what)?: return "read from the data (\(what))"
        case nil: return "default"
        }
    }

    /// True when the value at `path` was written in the spec, a base it extends, or an override.
    public func isWritten(_ path: String) -> Bool {
        switch spec.provenance.origin(of: path) {
        case .spec?, .extends?, .override?: return true
        default: return false
        }
    }

    // MARK: model shortcuts

    public var layers: [LayerSpec] { spec.model.layers }
    public var output: LayerSpec { spec.model.layers[spec.model.layers.count - 1] }
    public var outputIndex: Int { spec.model.layers.count - 1 }

    /// Input width: written, or from the data (the plan's first layer's input).
    public var inputWidth: Int? { plan?.layers.first?.inputWidth }

    /// fan_in of layer `i`, from the plan (nil without one).
    public func fanIn(_ i: Int) -> Int? { plan?.layers[i].inputWidth }

    /// Values per sample out of layer `i` (a dense layer's units), from the plan (nil without one).
    public func width(_ i: Int) -> Int? { plan?.layers[i].outputWidth }

    /// Layer `i`'s kernel or bias as the plan lays it out (nil without a plan or that tensor).
    public func kernel(_ i: Int) -> TensorPlan? { plan?.tensor(layer: i, .kernel) }
    public func bias(_ i: Int) -> TensorPlan? { plan?.tensor(layer: i, .bias) }

    public func layerPath(_ i: Int) -> String { "model.layers[\(i)]" }

    /// "layer 'hidden'" for messages.
    public func layerName(_ i: Int) -> String { "layer '\(layers[i].name)'" }

    /// "'hidden', 'output'" for messages about several layers.
    public func layerNames(_ indices: [Int]) -> String {
        indices.map { "'\(layers[$0].name)'" }.joined(separator: ", ")
    }
}

/// The training data of one data section and what is computed from it alone, shared by every
/// spec in a run whose `data:` (and directory, against which its paths resolve) is the same —
/// the MNIST specs that extend one another materialize their 10 000 images once.
final class SharedData {
    private let spec: Spec
    private let source: any LintDataSource

    init(spec: Spec, source: any LintDataSource) {
        self.spec = spec
        self.source = source
    }

    lazy var data: Result<LintData, DataError> = source.trainingData(for: spec)

    lazy var statistics: InputStatistics? = (try? data.get()).map {
        InputStatistics(values: $0.inputs.values, columns: $0.inputs.columns)
    }

}

/// One entry of `mirrors:`: where it was written and the loaded spec (or why it could not be).
public struct MirrorTarget {
    public var path: String
    public var resolvedPath: String
    public var location: SourceLocation
    public var context: LintContext?
    public var problem: String?
}

/// A spec and one spec it mirrors, for cross-spec rules. Findings point into `this`.
public struct MirrorContext {
    public var this: LintContext
    public var other: LintContext
    /// Where `mirrors:` names the other spec.
    public var declaration: SourceLocation

    /// The other spec's file as written in `mirrors:`.
    public var otherName: String

    /// `declaration` defaults to the start of `this` (a comparison no `mirrors:` asked for).
    public init(this: LintContext, other: LintContext, declaration: SourceLocation? = nil, otherName: String) {
        self.this = this
        self.other = other
        self.declaration = declaration ?? this.start
        self.otherName = otherName
    }

    /// When the two specs' differences matter, decided by the plan.
    public var comparison: PlanComparison { PlanComparison(here: this.spec, this.plan, there: other.spec, other.plan) }
}
