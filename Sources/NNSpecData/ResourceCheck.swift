import Foundation
import NNSpecIR
import NNSpecSyntax

/// What a run of the spec would need, checked before anything is allocated or trained: the data
/// arrays, the network's tensors and the history against the memory budget, and the number of
/// training steps against a sane bound. `check` runs it (through `ShapeCheck`), so what `check`
/// accepts `run` can start, and nothing counted from a spec can overflow in the runtime.
public enum ResourceCheck {
    /// Runs longer than this many steps are refused unless allowed (`--allow-long`): 10⁸ steps
    /// is minutes for the smallest network and days for MNIST; 10¹⁵ is a typo.
    public static let maximumSteps = 100_000_000

    private static let lock = NSLock()
    nonisolated(unsafe) private static var allowLongSetting = false

    /// Whether runs beyond `maximumSteps` are accepted (set by `--allow-long`).
    public static var allowLong: Bool {
        get { lock.withLock { allowLongSetting } }
        set { lock.withLock { allowLongSetting = newValue } }
    }

    /// Bytes one value takes at most (float64; a float32 run needs less).
    static let scalarBytes = 8
    /// Bytes a history entry costs, in memory and as results JSON, with its metrics.
    static func historyEntryBytes(metrics: Int) -> Int { 64 + 32 * metrics }

    public static func diagnostics(for spec: Spec, inputs: ArrayInfo, targets: ArrayInfo, arrays: [String: ArrayInfo]) -> [Diagnostic] {
        let budget = MemoryBudget.current
        var out: [Diagnostic] = []
        if inputs.rows == 0 {
            out.append(Diagnostic(.runNoRows, "data.inputs has no rows (shape \(inputs.shapeDescription)): training needs at least one", at: spec.data.inputs.location))
        }

        // The data: every named array, the inputs and the targets live at once.
        var dataBytes: Int? = 0
        for info in Array(arrays.values) + [inputs, targets] {
            dataBytes = Checked.add(dataBytes, Checked.multiply(Checked.product(info.shape), scalarBytes))
        }
        if let why = budget.refusal(dataBytes) {
            out.append(Diagnostic(.dataMemoryBudget, "the data arrays (inputs \(inputs.shapeDescription), targets \(targets.shapeDescription)) \(why)",
                              at: spec.data.inputs.location))
        }

        // Initializer files must be readable, so a run does not fail on them after training starts.
        for (i, layer) in spec.model.layers.enumerated() {
            for (role, initializer) in [("kernel", layer.kernelInitializer), ("bias", layer.biasInitializer)] {
                guard case .file(let path) = initializer else { continue }
                let resolved = DataFile.resolve(path, relativeTo: layer.location?.file ?? spec.file)
                do { try InputFile.checkReadable(resolved) } catch {
                    out.append(Diagnostic(.dataFileUnreadable, "layer '\(layer.name)': \(role) initializer: \(error)",
                                      at: spec.provenance.location(of: "model.layers[\(i)].\(role)_initializer") ?? layer.location))
                }
            }
        }

        // The network: weights, gradient and optimizer state per parameter, activations per row.
        let layers = spec.model.layers
        var width = spec.model.inputs ?? inputs.columns
        var parameters: Int? = 0
        var unitsTotal: Int? = 0
        var widest = 0
        for (i, layer) in layers.enumerated() {
            let weights = Checked.multiply(Checked.add(width, 1), layer.units)
            parameters = Checked.add(parameters, weights)
            unitsTotal = Checked.add(unitsTotal, layer.units)
            if weights == nil || parameters == nil {
                out.append(Diagnostic(.planTooManyParameters, "layer '\(layer.name)' with \(layer.units) units on \(width) inputs has more parameters than can be counted",
                                  at: spec.provenance.location(of: "model.layers[\(i)].units") ?? layer.location))
                return out
            }
            if layer.units > layers[widest].units { widest = i }
            width = layer.units
        }
        let o = spec.optimizer
        // Weights, gradient, ≤ 2 optimizer slots; L-BFGS keeps 2 vectors per remembered step.
        let copiesPerParameter = o.kind == .lbfgs ? Checked.add(4, Checked.multiply(2, o.history)) : 4
        let rows = inputs.rows
        let networkBytes = Checked.add(
            Checked.multiply(Checked.multiply(parameters, copiesPerParameter), scalarBytes),
            Checked.multiply(Checked.multiply(Checked.multiply(unitsTotal, rows), 3), scalarBytes))  // z, a, δ for a full batch
        if let why = budget.refusal(networkBytes), !layers.isEmpty {
            let layer = layers[widest]
            out.append(Diagnostic(.dataMemoryBudget,
                "the network (\(parameters.map(String.init) ?? "too many") parameters, activations for \(rows) rows) \(why)",
                at: spec.provenance.location(of: "model.layers[\(widest)].units") ?? layer.location))
        }

        // The loop: total steps, and the history it logs.
        let t = spec.training
        let batch = t.batchSize.resolve(samples: max(rows, 1))
        let stepsPerEpoch = (max(rows, 1) + batch - 1) / batch
        let lengthAt = spec.provenance.location(of: "training.epochs") ?? spec.provenance.location(of: "training.steps")
            ?? spec.provenance.location(of: "training")
        let totalSteps: Int?
        let epochs: Int?
        switch t.length {
        case .epochs(let e):
            totalSteps = Checked.multiply(e, stepsPerEpoch)
            epochs = e
        case .steps(let s):
            totalSteps = s
            epochs = nil
        }
        if totalSteps.map({ $0 > maximumSteps }) ?? true, !allowLong || totalSteps == nil {
            let total = totalSteps.map { "\($0) steps" } ?? "more steps than can be counted"
            let what = epochs.map { "\($0) epochs of \(stepsPerEpoch) step\(stepsPerEpoch == 1 ? "" : "s") is \(total)" } ?? total
            out.append(Diagnostic(totalSteps == nil ? .planTooManySteps : .dataTooManySteps,
                "\(what), more than \(maximumSteps)",
                at: lengthAt,
                notes: totalSteps == nil ? [] : [DiagnosticNote("a run this long is accepted only with --allow-long")]))
            return out
        }
        let logged = t.logging.unit == .epoch ? (epochs ?? 0) / max(t.logging.every, 1) : (totalSteps ?? 0) / max(t.logging.every, 1)
        if let why = budget.refusal(Checked.multiply(logged, historyEntryBytes(metrics: spec.metrics.count))) {
            out.append(Diagnostic(.dataMemoryBudget, "the history (\(logged) logged points) \(why)", at: spec.provenance.location(of: "training.log") ?? lengthAt,
                              fixIts: [FixIt("log less often: raise training.log.every")]))
        }
        return out
    }
}
