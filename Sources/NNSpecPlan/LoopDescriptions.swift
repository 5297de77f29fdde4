import NNSpecIR

// The training loop in words, as findings and diffs both print it: the batch size as written
// and resolved, the length in updates, the stopping rule, the batch order and the shuffle.

extension BatchSize {
    /// "auto = min(200, n) = 200 with n = 750", "full = n = 8000", "32"; without `batching`
    /// (no plan) only what is written: "auto = min(200, n)".
    public func description(_ batching: BatchPlan?) -> String {
        guard let batching else {
            switch self {
            case .auto: return "auto = min(200, n)"
            case .full: return "full = n"
            case .count(let k): return "\(k)"
            }
        }
        let b = batching.size
        switch self {
        case .auto: return "auto = min(200, n) = \(b) with n = \(batching.trainingRows)"
        case .full: return "full = n = \(b)"
        case .count(let k): return k == b ? "\(b)" : "\(k), capped at n = \(b)"
        }
    }
}

extension TrainingLength {
    /// "200 epochs × 4 updates", "10001 steps" (`?` updates per epoch without `batching`).
    public func description(_ batching: BatchPlan?) -> String {
        switch self {
        case .steps(let s): return Num.count(s, "step")
        case .epochs(let e): return "\(Num.count(e, "epoch")) × \(batching.map { Num.count($0.stepsPerEpoch, "update") } ?? "?")"
        }
    }
}

extension Optional where Wrapped == EarlyStopping {
    /// "stops when the loss improves by less than 0.0001 for 10 epochs", "runs every epoch".
    public var stoppingText: String {
        map { "stops when the loss improves by less than \(Num.exact($0.tol)) for \($0.patience) epochs" } ?? "runs every epoch"
    }
}

extension BatchOrder {
    public var text: String { self == .wrap ? "as rows [b·i mod n, +b)" : "epoch by epoch from the start" }
}

extension ShuffleForm {
    public var text: String {
        self == .sklearn ? "scikit-learn's shuffle (the RNG that drew the weights)" : "a fresh permutation per epoch"
    }
}
