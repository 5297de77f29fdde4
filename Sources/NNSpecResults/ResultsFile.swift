import NNSpecIR

/// A results file: what `nnspec run` writes, what an exported script writes in the same format,
/// and what `nnspec diff --results` reads back — one model for all three. `json` is the file:
/// fixed key order, shortest round-trip numbers, nothing that varies between runs (no timing),
/// so equal runs give equal bytes. `ResultsFile.read` / `init(parsing:)` read it back.
public struct ResultsFile: Sendable {
    public enum Status: String, Sendable {
        case completed, diverged
    }

    /// Why the loop ended.
    public enum Stop: String, Sendable {
        /// The epochs or steps the spec asked for all ran.
        case length
        /// scikit-learn's rule: the epoch loss failed to improve by `tol` for `n_iter_no_change` epochs.
        case earlyStopping = "early_stopping"
        /// L-BFGS met its gradient or loss-change tolerance.
        case converged
        /// L-BFGS ran out of function evaluations (`max_fun`) or iterations (`max_iter`).
        case budget
        /// L-BFGS found no step meeting the Wolfe conditions (scipy's ABNORMAL_TERMINATION_IN_LNSRCH).
        case lineSearchFailed = "line_search_failed"
        case diverged
    }

    public struct HistoryEntry: Sendable, Equatable {
        /// `epoch`: epochs completed (from 1), values at the epoch's end. `step`: the step index
        /// (from 0), values from before that step's update — so step 0 is the initial loss.
        public var unit: LogUnit
        public var index: Int
        /// The training loss in the spec's log mode.
        public var loss: Double
        /// Held-out metrics, keyed `val_<metric>`, in the spec's order.
        public var metrics: [Named]

        /// "epoch 5", "step 1000": how a point is named where histories are compared.
        public var label: String { "\(unit.rawValue) \(index)" }

        public init(unit: LogUnit, index: Int, loss: Double, metrics: [Named]) {
            self.unit = unit
            self.index = index
            self.loss = loss
            self.metrics = metrics
        }
    }

    public struct Named: Sendable, Equatable {
        public var name: String
        public var value: Double?

        public init(name: String, value: Double?) {
            self.name = name
            self.value = value
        }
    }

    /// Where and how a run stopped on a non-finite value.
    public struct Divergence: Sendable, Equatable {
        /// The step (counted from 1) whose loss or update was not finite, and its epoch.
        public var step: Int
        public var epoch: Int
        /// nil when the loss itself was not finite.
        public var layer: String?
        /// `kernel`, `bias` or `loss`.
        public var tensor: String
        /// `nan`, `inf` or `-inf`.
        public var value: String
        public var message: String

        public init(step: Int, epoch: Int, layer: String?, tensor: String, value: String, message: String) {
            self.step = step
            self.epoch = epoch
            self.layer = layer
            self.tensor = tensor
            self.value = value
            self.message = message
        }
    }

    public var spec: String
    public var convention: Convention
    public var dtype: DType
    public var history: [HistoryEntry]
    /// Loss on the whole training set with the final parameters, penalties included.
    public var finalLoss: Double?
    /// The spec's metrics on the held-out part (or on the training data without a split).
    public var finalMetrics: [Named]
    public var evaluatedOn: String
    public var parameters: [LayerParameters]
    public var status: Status
    public var stop: Stop
    public var epochs: Int
    public var steps: Int
    public var divergence: Divergence?
    /// The command line's `key.path=value` overrides, as written; the results file lists them
    /// only when there are some, so a plain run's file is unchanged.
    public var overrides: [String] = []
    /// What the training monitors found (`Diagnosis`), in a fixed order; nil when the run was
    /// not monitored. Only `jsonWithDiagnoses` writes them, so monitoring leaves `json` unchanged.
    public var diagnoses: [Diagnosis]? = nil

    public init(spec: String, convention: Convention, dtype: DType, history: [HistoryEntry], finalLoss: Double?,
                finalMetrics: [Named], evaluatedOn: String, parameters: [LayerParameters], status: Status, stop: Stop,
                epochs: Int, steps: Int, divergence: Divergence?) {
        self.spec = spec
        self.convention = convention
        self.dtype = dtype
        self.history = history
        self.finalLoss = finalLoss
        self.finalMetrics = finalMetrics
        self.evaluatedOn = evaluatedOn
        self.parameters = parameters
        self.status = status
        self.stop = stop
        self.epochs = epochs
        self.steps = steps
        self.divergence = divergence
    }

    /// The results file.
    public var json: String { CanonicalPrinter.json(canonical) + "\n" }

    public var canonical: CanonicalValue {
        func number(_ v: Double?) -> CanonicalValue { v.map { .number($0) } ?? .null }
        let hist: [CanonicalValue] = history.map { h in
            .object([(h.unit.rawValue, .int(h.index)), ("loss", .number(h.loss))] + h.metrics.map { ($0.name, number($0.value)) })
        }
        // Dense-only models keep the original form (kernel rows, bias list); a model with any
        // other tensor writes every tensor as its shape and its values, row-major.
        let shaped = !parameters.allSatisfy(\.isDenseShaped)
        let params: [(String, CanonicalValue)] = parameters.map { p in
            guard shaped else {
                var entries: [(String, CanonicalValue)] = [("kernel", .list(p.kernelRows.map { .list($0.map { .number($0) }) }))]
                if let b = p.bias { entries.append(("bias", .list(b.map { .number($0) }))) }
                return (p.name, .object(entries))
            }
            return (p.name, .object(p.tensors.map { t in
                let f = KernelLayout.toFile(t, convention)
                return (f.name, .object([("shape", .list(f.shape.map { .int($0) })), ("values", .list(f.values.map { .number($0) }))]))
            }))
        }
        var top: [(String, CanonicalValue)] = [
            ("spec", .string(spec)),
            ("convention", .string(convention.rawValue)),
            ("dtype", .string(dtype.rawValue)),
        ]
        if !overrides.isEmpty { top.append(("overrides", .list(overrides.map { .string($0) }))) }
        top += [
            ("history", .list(hist)),
            ("final", .object([
                ("loss", number(finalLoss)),
                ("metrics", .object(finalMetrics.map { ($0.name, number($0.value)) })),
                ("evaluated_on", .string(evaluatedOn)),
            ])),
            ("parameters", .object(params)),
            ("status", .string(status.rawValue)),
            ("stop", .string(stop.rawValue)),
            ("epochs", .int(epochs)),
            ("steps", .int(steps)),
        ]
        if let d = divergence {
            top.append(("diverged", .object([
                ("step", .int(d.step)), ("epoch", .int(d.epoch)),
                ("layer", d.layer.map { .string($0) } ?? .null), ("tensor", .string(d.tensor)),
                ("value", .string(d.value)), ("message", .string(d.message)),
            ])))
        }
        return .object(top)
    }
}
