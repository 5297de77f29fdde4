import NNSpecData
import NNSpecDiff
import NNSpecIR
import NNSpecResults
import NNSpecRuntime

/// One run as the pictures draw it: its outcome (a results file or a fresh run), and the spec it
/// came from when the picture needs the data or the network (fits and decision boundaries).
public struct PlotRun: Sendable {
    public var outcome: ResultsFile
    /// Where the outcome came from: its results file, or "run of SPEC".
    public var source: String
    public var spec: Spec?

    public init(outcome: ResultsFile, source: String, spec: Spec?) {
        self.outcome = outcome
        self.source = source
        self.spec = spec
    }

    /// The name in legends: the spec's name.
    var name: String { outcome.spec.isEmpty ? source : outcome.spec }

    /// The spec, or an error saying the picture needs it.
    func requireSpec(for what: String) throws(PlotError) -> Spec {
        guard let spec else { throw PlotError("\(source): \(what) needs the spec '\(name)' (not found; give --specs DIR)") }
        return spec
    }
}

/// The training data as a picture shows it — inputs before the spec's input preprocessing, in
/// the units the spec writes them — and the means to ask the run's network about new inputs.
struct PlotData {
    /// Training inputs as written (before input preprocessing) and targets as the network
    /// learns them (after any target preprocessing).
    var inputs: DataArray
    var targets: DataArray
    /// The input preprocessing steps, fitted on the training part as the run fitted them.
    var inputSteps: [FittedStep]

    init(_ spec: Spec) throws(PlotError) {
        let full = try Self.materialize(spec.data, spec)
        var targetsOnly = spec.data
        targetsOnly.preprocess = spec.data.preprocess.filter { $0.applyTo == .targets }
        let raw = try Self.materialize(targetsOnly, spec)
        inputs = raw.trainInputs
        targets = full.trainTargets
        inputSteps = zip(spec.data.preprocess, full.fittedSteps).filter { $0.0.applyTo == .inputs }.map(\.1)
    }

    private static func materialize(_ data: DataSpec, _ spec: Spec) throws(PlotError) -> MaterializedData {
        switch DataLoader.materialize(data, specFile: spec.file, provenance: spec.provenance) {
        case .success(let d): return d
        case .failure(let e): throw PlotError("\(spec.file): cannot build the data: \(e.diagnostics.first?.message ?? "unknown error")")
        }
    }

    /// The run's outputs for `rows` inputs written as the spec writes them: the fitted input
    /// preprocessing, then the runtime's forward pass with the stored parameters.
    func predict(_ run: PlotRun, spec: Spec, rows: DataArray) throws(PlotError) -> DataArray {
        var x = rows
        do {
            for step in inputSteps { x = try Preprocess.apply(step, to: x) }
        } catch {
            throw PlotError("\(spec.file): \(error.message)")
        }
        do {
            return try Predictor.predict(spec, parameters: run.outcome.parameters, inputs: x)
        } catch {
            throw PlotError("\(run.source): \(error.message)")
        }
    }

    /// Column `c` of a matrix (a vector's values).
    static func column(_ a: DataArray, _ c: Int) -> [Double] {
        (0 ..< a.rows).map { a.values[$0 * a.columns + c] }
    }
}

public struct PlotError: Error, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
