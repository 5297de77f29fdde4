import Foundation
import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// A field of a spec that a framework cannot express exactly, and why. Export never
/// approximates: every such field is reported and no script is written.
public struct ExportRefusal: Sendable, Equatable, CustomStringConvertible {
    /// The dotted spec path of the field (`model.layers[0].kernel_regularizer`).
    public var field: String
    public var reason: String
    public var location: SourceLocation?
    /// Where the field's value came from when the spec does not write it (`convention keras`).
    public var origin: String?

    public init(field: String, reason: String, location: SourceLocation? = nil, origin: String? = nil) {
        self.field = field
        self.reason = reason
        self.location = location
        self.origin = origin
    }

    public var description: String { "\(field): \(reason)" }
}

/// What the exporters know about a spec beyond its fields: the shapes of its data (inferred
/// from the expressions and file headers, nothing generated), where the script will live, and
/// the refusals found so far.
struct ExportContext {
    let spec: Spec
    let target: Export.Target
    /// Directory the script is written to (absolute), or nil when it goes to stdout: data paths
    /// are then written absolute.
    let scriptDirectory: String?
    /// The script's file name, for the usage line (default `<spec name>-<target>.py`).
    let scriptName: String
    /// The spec lowered against its data's shapes (inferred from the expressions and file
    /// headers, nothing generated).
    let plan: ExperimentPlan
    var refusals: [ExportRefusal] = []

    init(spec: Spec, target: Export.Target, scriptDirectory: String?, scriptName: String? = nil) throws(ExportFailure) {
        self.spec = spec
        self.target = target
        self.scriptDirectory = scriptDirectory
        self.scriptName = scriptName ?? "\(spec.name)-\(target.rawValue).py"
        do {
            plan = try ExperimentPlan.lower(spec)
        } catch {
            switch error {
            case .data(let e): throw ExportFailure(diagnostics: e.diagnostics)
            case .plan(let e): throw ExportFailure(diagnostics: [e.diagnostic(in: spec)])
            }
        }
    }

    var trainRows: Int { plan.shapes.trainingRows }
    var features: Int { plan.shapes.features }
    var targetShape: [Int] { plan.shapes.targetShape }
    var layers: [LayerSpec] { spec.model.layers }
    var outputs: Int { plan.output.outputWidth }
    var outputActivation: Activation { plan.output.activation }
    /// For a cross-entropy: the output has the activation the loss pairs with, sigmoid for
    /// binary_crossentropy and softmax for the categorical ones.
    var outputMatchesLoss: Bool {
        spec.loss.kind.pairedActivation == outputActivation
    }
    /// How the loss meets the output layer.
    var link: LossLink { plan.loss.link }
    var batchSize: Int { plan.batching.size }
    var stepsPerEpoch: Int { plan.batching.stepsPerEpoch }
    /// Every step's batch has the same number of rows.
    var batchesAllEqual: Bool { plan.batching.batchesAllEqual }
    var totalSteps: Int { plan.batching.totalSteps }
    /// TF1's broadcast: rank-1 targets against one output, `broadcast_targets` on.
    var broadcasts: Bool { link == .broadcastSquared }
    /// Two reductions over the outputs give the same loss (always with one output).
    func same(_ a: Reduction, _ b: Reduction) -> Bool { a == b || outputs == 1 }
    var isSparse: Bool { spec.loss.kind == .sparseCategoricalCrossentropy }

    /// Refuses `field`; `location` stands in for a field the provenance does not locate (a
    /// layer's `type`).
    mutating func refuse(_ field: String, _ reason: String, at location: SourceLocation? = nil) {
        let origin = spec.originComment(field).flatMap { $0 == "spec" ? nil : $0 }
        refusals.append(ExportRefusal(field: field, reason: reason, location: spec.provenance.location(of: field) ?? location, origin: origin))
    }

    /// Refuses optimizer.epsilon_form, for `reason`, unless it is `form`.
    mutating func refuseEpsilonForm(unless form: EpsilonForm, _ reason: String) {
        if spec.optimizer.epsilonForm != form { refuse("optimizer.epsilon_form", reason) }
    }

    /// Refuses PyTorch's momentum buffer for a `framework` that keeps the velocity
    /// v ← μv − lr·g: the two differ with dampening or a changing learning rate.
    mutating func refuseMomentumBuffer(keptBy framework: String) {
        let o = spec.optimizer
        if o.momentum != 0 && o.momentumForm == .buffer && (o.dampening != 0 || o.schedule != .constant) {
            refuse("optimizer.momentum_form", "\(framework) keeps the velocity v ← μv − lr·g; PyTorch's buffer with dampening or a changing learning rate cannot be expressed")
        }
    }

    /// A data or initializer file path as the script opens it: relative to the script's own
    /// directory when the script is written to a file, else absolute. `writtenIn` is the file
    /// the path was written in (a base spec keeps its own relative paths).
    func scriptPath(_ path: String, writtenIn file: String? = nil) -> String {
        var resolved = DataFile.resolve(path, relativeTo: file ?? spec.file)
        if !resolved.hasPrefix("/") {
            resolved = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(resolved)
        }
        resolved = (resolved as NSString).standardizingPath
        guard let dir = scriptDirectory else { return PythonWriter.string(resolved) }
        return "os.path.join(HERE, \(PythonWriter.string(Self.relative(resolved, from: dir))))"
    }

    /// `target` relative to the directory `base` (both absolute, standardized).
    static func relative(_ target: String, from base: String) -> String {
        let t = target.split(separator: "/").map(String.init)
        let b = (base as NSString).standardizingPath.split(separator: "/").map(String.init)
        var common = 0
        while common < t.count, common < b.count, t[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: b.count - common)
        return (up + t[common...]).joined(separator: "/")
    }
}

/// One framework's exporter: it refuses what the framework cannot express exactly, and writes
/// the script only when nothing was refused.
protocol ScriptExporter {
    var ctx: ExportContext { get }
    /// Refuses (`ctx.refuse`) every field the framework cannot express.
    mutating func check()
    /// The script, once `check()` refused nothing.
    func write() -> String
}

extension ScriptExporter {
    func script() -> Result<String, ExportFailure> {
        var me = self
        me.check()
        guard me.ctx.refusals.isEmpty else { return .failure(ExportFailure(refusals: me.ctx.refusals)) }
        return .success(me.write())
    }
}

/// Why export produced no script: diagnostics about the spec or its data, or refusals.
struct ExportFailure: Error {
    var diagnostics: [Diagnostic] = []
    var refusals: [ExportRefusal] = []
}
