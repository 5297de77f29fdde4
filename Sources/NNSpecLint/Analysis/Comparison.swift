import NNSpecData
import NNSpecIR

// What differs between two specs, in the terms of Semantics.swift. The mirror-* rules phrase
// these facts as findings in one spec, `nnspec diff` as lines about both; the decisions of when
// a difference matters (a momentum form that only shows under a schedule, a shuffle with one
// batch per epoch) are made here, once.

// MARK: optimizer

extension OptimizerSpec {
    /// √(1 − β₂ᵗ): in Keras' form, PyTorch's ε acts as this many ε at step `t` (from 1).
    public func torchEpsilonScale(atStep t: Int) -> Double {
        (1 - (0 ..< t).reduce(1.0) { r, _ in r * beta2 }).squareRoot()
    }

    /// The schedule as written in a spec.
    public var scheduleText: String {
        switch schedule {
        case .constant: return "constant"
        case .inverseTime(let d): return "{kind: inverse_time, decay: \(Num.exact(d))}"
        case .invScaling(let p): return "{kind: invscaling, power_t: \(Num.exact(p))}"
        }
    }
}

extension MirrorContext {
    /// Keras' velocity (v ← μv − lr·g) and PyTorch's buffer (b ← μb + g, W ← W − lr·b) take the
    /// same steps under a constant learning rate and the same dampening; only a schedule or a
    /// dampening difference tells them apart.
    public var momentumFormMatters: Bool {
        let oa = this.spec.optimizer, ob = other.spec.optimizer
        let scheduled = oa.schedule != .constant || ob.schedule != .constant
        return oa.kind == .sgd && oa.momentumForm != ob.momentumForm && oa.momentum > 0 && scheduled
            && Num.same(oa.effectiveDampening, ob.effectiveDampening)
    }

    /// Coupled (λW in the gradient) and decoupled (W ← W − lr·λ·W) weight decay agree for plain
    /// SGD, and differ once momentum or an adaptive optimizer rescales the gradient.
    public var weightDecayFormMatters: Bool {
        let oa = this.spec.optimizer, ob = other.spec.optimizer
        return (oa.weightDecay > 0 || ob.weightDecay > 0) && oa.weightDecayForm != ob.weightDecayForm
            && (oa.kind != .sgd || oa.momentum > 0 || ob.momentum > 0)
    }

    // MARK: batching

    /// The order of rows matters only when an epoch has more than one batch, and not at all
    /// when both take rows [b·i mod n, +b) from a fixed array.
    public var shuffleMatters: Bool {
        let ta = this.spec.training, tb = other.spec.training
        if ta.batchOrder == .wrap && tb.batchOrder == .wrap { return false }
        return (this.stepsPerEpoch ?? 2) > 1 || (other.stepsPerEpoch ?? 2) > 1
    }

    /// An epoch walk and a wrapping walk see the same batches only when b divides n (or both
    /// shuffle, when neither order is fixed anyway).
    public var batchOrderMatters: Bool {
        let ta = this.spec.training, tb = other.spec.training
        guard ta.batchOrder != tb.batchOrder, let n = this.samples, let b = this.batchSize, b == other.batchSize else { return false }
        return n % b != 0 && (!ta.shuffle || !tb.shuffle)
    }

    // MARK: initialization

    /// Layers whose kernels (or biases) start from different distributions, grouped by the pair
    /// of initializers (here, there), in layer order.
    public func initDifferences(bias: Bool) -> [InitDifference] {
        var groups: [InitDifference] = []
        guard this.layers.count == other.layers.count else { return [] }
        for i in this.layers.indices where !bias || (this.layers[i].useBias && other.layers[i].useBias) {
            let ia = bias ? this.layers[i].biasInitializer : this.layers[i].kernelInitializer
            let ib = bias ? other.layers[i].biasInitializer : other.layers[i].kernelInitializer
            guard ia != ib, let da = this.initDistribution(layer: i, bias: bias), let db = other.initDistribution(layer: i, bias: bias),
                  !da.approximatelyEqual(db) else { continue }
            if let g = groups.firstIndex(where: { $0.here == ia && $0.there == ib }) {
                groups[g].layers.append(i)
            } else {
                groups.append(InitDifference(bias: bias, here: ia, there: ib, layers: [i]))
            }
        }
        return groups
    }
}

/// Layers of two specs whose kernels or biases start from different distributions.
public struct InitDifference: Sendable {
    public var bias: Bool
    public var here: Initializer
    public var there: Initializer
    public var layers: [Int]
}

// MARK: descriptions shared by findings and diffs

extension LintContext {
    /// "auto = min(200, n) = 200 with n = 750", "full = n = 8000", "32".
    public var batchDescription: String {
        guard let b = batchSize else {
            switch spec.training.batchSize {
            case .auto: return "auto = min(200, n)"
            case .full: return "full = n"
            case .count(let k): return "\(k)"
            }
        }
        switch spec.training.batchSize {
        case .auto: return "auto = min(200, n) = \(b) with n = \(samples ?? 0)"
        case .full: return "full = n = \(b)"
        case .count(let k): return k == b ? "\(b)" : "\(k), capped at n = \(b)"
        }
    }

    /// "200 epochs × 4 updates", "10001 steps".
    public var lengthDescription: String {
        switch spec.training.length {
        case .steps(let s): return Num.count(s, "step")
        case .epochs(let e): return "\(Num.count(e, "epoch")) × \(stepsPerEpoch.map { Num.count($0, "update") } ?? "?")"
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

// MARK: data

/// How two arrays differ: in shape, or in the largest absolute difference of a value.
public enum ArrayDifference: Sendable, Equatable {
    case shape(here: String, there: String)
    case values(largest: Double, row: Int, column: Int, here: Double, there: Double)

    /// nil when the arrays have the same rows and columns and agree to 1e-12 relative (a (n,)
    /// vector and an (n, 1) column with the same values agree).
    public static func between(_ x: DataArray, _ y: DataArray) -> ArrayDifference? {
        func shape(_ a: DataArray) -> String { "\(a.rows) × \(a.columns)" }
        guard x.rows == y.rows, x.columns == y.columns else { return .shape(here: shape(x), there: shape(y)) }
        let vx = x.values, vy = y.values
        // Specs that share a data section share its storage: equal at once.
        if vx == vy { return nil }
        var worst = 0.0, at = 0
        vx.withUnsafeBufferPointer { px in
            vy.withUnsafeBufferPointer { py in
                for i in 0..<px.count {
                    let d = px[i].isNaN != py[i].isNaN ? Double.infinity : Swift.abs(px[i] - py[i])
                    if d > worst { worst = d; at = i }
                }
            }
        }
        guard worst > 1e-12 * max(1, Swift.abs(vy[at])) else { return nil }
        let c = max(x.columns, 1)
        return .values(largest: worst, row: at / c, column: at % c, here: vx[at], there: vy[at])
    }
}
