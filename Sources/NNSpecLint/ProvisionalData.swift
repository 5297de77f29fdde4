import Foundation
import NNSpecIR

/// A stand-in for `NNSpecData.DataLoader` until the data module lands: evaluates the
/// deterministic array expressions (literals, linspace, arange, repeat, concat, column, apply,
/// arithmetic, reshape) and the preprocessing steps, and gives only the shape of what needs the
/// NumPy RNG or a file. Delete it when `DataLoader.materialize` is merged and
/// `LintDataSource.default` points at it.
public struct ProvisionalDataSource: LintDataSource {
    public init() {}

    public func trainingData(for spec: Spec) -> Result<LintData, LintDataUnavailable> {
        do {
            var env: [String: LintArray] = [:]
            for def in spec.data.arrays { env[def.name] = try eval(def.expr, env) }
            var x = try eval(spec.data.inputs, env)
            var y = try eval(spec.data.targets, env)
            guard x.rows == y.rows else {
                throw LintDataUnavailable("inputs have \(x.rows) rows and targets \(y.rows)")
            }
            switch spec.data.split {
            case .none, .separate:
                break
            case .head(let train, _):
                x = head(x, train)
                y = head(y, train)
            case .trainTestSplit(let testSize, _, let shuffle):
                let nTrain = x.rows - Int((testSize * Double(x.rows)).rounded(.up))
                x = head(x, nTrain)
                y = head(y, nTrain)
                if shuffle { x.values = nil; y.values = nil }
            }
            for step in spec.data.preprocess {
                if step.applyTo == .inputs { x = preprocess(step.kind, x) } else { y = preprocess(step.kind, y) }
            }
            return .success(LintData(inputs: x, targets: y))
        } catch let e as LintDataUnavailable {
            return .failure(e)
        } catch {
            return .failure(LintDataUnavailable("\(error)"))
        }
    }

    private func head(_ a: LintArray, _ n: Int) -> LintArray {
        let n = min(n, a.rows)
        var shape = a.shape
        if !shape.isEmpty { shape[0] = n }
        return LintArray(shape: shape, values: a.values.map { Array($0.prefix(n * a.columns)) })
    }

    private func preprocess(_ kind: PreprocessStep.Kind, _ a: LintArray) -> LintArray {
        let c = a.columns
        switch kind {
        case .scale(let f):
            return LintArray(shape: a.shape, values: a.values?.map { $0 * f })
        case .standardize, .minmax:
            guard var v = a.values, a.rows > 0 else { return a }
            for j in 0..<c {
                let col = stride(from: j, to: v.count, by: c).map { v[$0] }
                let (shift, factor): (Double, Double)
                if case .minmax(let lo, let hi) = kind {
                    let mn = col.min()!, range = col.max()! - mn
                    let s = range == 0 ? 1 : range
                    (shift, factor) = (mn - lo * s / (hi - lo), (hi - lo) / s)
                } else {
                    let mean = col.reduce(0, +) / Double(col.count)
                    let sd = (col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(col.count)).squareRoot()
                    (shift, factor) = (mean, sd == 0 ? 1 : 1 / sd)
                }
                for i in stride(from: j, to: v.count, by: c) { v[i] = (v[i] - shift) * factor }
            }
            return LintArray(shape: a.shape, values: v)
        case .oneHot(let classes):
            let shape = [a.rows, classes]
            guard let v = a.values else { return LintArray(shape: shape, values: nil) }
            var out = [Double](repeating: 0, count: a.rows * classes)
            for (i, label) in v.enumerated() where label >= 0 && Int(label) < classes { out[i * classes + Int(label)] = 1 }
            return LintArray(shape: shape, values: out)
        }
    }

    private func eval(_ e: ArrayExpr, _ env: [String: LintArray]) throws -> LintArray {
        switch e.kind {
        case .literal(let values, let shape):
            return LintArray(shape: shape, values: values)
        case .ref(let name):
            guard let a = env[name] else { throw LintDataUnavailable("unknown array '\(name)'") }
            return a
        case .rand(let shape), .uniform(let shape, _, _), .normal(let shape, _, _), .randint(let shape, _, _):
            return LintArray(shape: shape, values: nil)
        case .linspace(let start, let stop, let num, let endpoint):
            let div = Double(endpoint ? max(num - 1, 1) : num)
            let step = (stop - start) / div
            var v = (0..<num).map { start + Double($0) * step }
            if endpoint, num > 1 { v[num - 1] = stop }
            return LintArray(shape: [num, 1], values: v)
        case .arange(let start, let stop, let step):
            let n = max(0, Int(((stop - start) / step).rounded(.up)))
            return LintArray(shape: [n, 1], values: (0..<n).map { start + Double($0) * step })
        case .repeatRows(let of, let times):
            let a = try eval(of, env)
            let rowLen = a.shape.isEmpty ? 1 : a.columns
            var shape = a.shape.isEmpty ? [1] : a.shape
            shape[0] *= times
            let v = a.values.map { vals in
                stride(from: 0, to: vals.count, by: rowLen).flatMap { start in
                    [[Double]](repeating: Array(vals[start..<(start + rowLen)]), count: times).joined()
                }
            }
            return LintArray(shape: shape, values: v)
        case .concat(let parts, let axis):
            let arrays = try parts.map { try eval($0, env) }
            guard let first = arrays.first else { throw LintDataUnavailable("empty concat") }
            if axis == 0 {
                let tail = Array(first.shape.dropFirst())
                guard arrays.allSatisfy({ Array($0.shape.dropFirst()) == tail }) else {
                    throw LintDataUnavailable("concat of mismatched shapes")
                }
                let vals: [Double]? = arrays.allSatisfy { $0.values != nil } ? arrays.flatMap { $0.values! } : nil
                return LintArray(shape: [arrays.map(\.rows).reduce(0, +)] + tail, values: vals)
            }
            let n = first.rows
            guard arrays.allSatisfy({ $0.rows == n }) else { throw LintDataUnavailable("concat of mismatched rows") }
            let widths = arrays.map(\.columns)
            var vals: [Double]?
            if arrays.allSatisfy({ $0.values != nil }) {
                var v: [Double] = []
                v.reserveCapacity(n * widths.reduce(0, +))
                for i in 0..<n {
                    for (a, w) in zip(arrays, widths) { v += a.values![(i * w)..<((i + 1) * w)] }
                }
                vals = v
            }
            return LintArray(shape: [n, widths.reduce(0, +)], values: vals)
        case .column(let of, let index, let keepdims):
            let a = try eval(of, env)
            guard a.shape.count == 2, index < a.columns else { throw LintDataUnavailable("column \(index) out of range") }
            return LintArray(shape: keepdims ? [a.rows, 1] : [a.rows], values: a.column(index))
        case .columns(let of, let indices):
            let a = try eval(of, env)
            guard a.shape.count == 2, indices.allSatisfy({ $0 < a.columns }) else {
                throw LintDataUnavailable("columns out of range")
            }
            let c = a.columns
            let v = a.values.map { vals in (0..<a.rows).flatMap { i in indices.map { vals[i * c + $0] } } }
            return LintArray(shape: [a.rows, indices.count], values: v)
        case .apply(let fn, let of):
            let a = try eval(of, env)
            return LintArray(shape: a.shape, values: a.values?.map { Self.apply(fn, $0) })
        case .binary(let op, let l, let r):
            return try broadcast(op, try eval(l, env), try eval(r, env))
        case .reshape(let of, let shape):
            let a = try eval(of, env)
            let total = a.shape.reduce(1, *)
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            let resolved = shape.map { $0 == -1 ? total / max(known, 1) : $0 }
            guard resolved.reduce(1, *) == total else { throw LintDataUnavailable("cannot reshape \(a.shape) to \(shape)") }
            return LintArray(shape: resolved, values: a.values)
        case .csv(let path, _, _, _), .npy(let path), .idx(let path, _):
            throw LintDataUnavailable("reading '\(path)' needs the data module")
        }
    }

    private static func apply(_ fn: ElementFunction, _ x: Double) -> Double {
        switch fn {
        case .sin: return sin(x)
        case .cos: return cos(x)
        case .exp: return exp(x)
        case .log: return log(x)
        case .tanh: return tanh(x)
        case .sigmoid: return 1 / (1 + exp(-x))
        case .square: return x * x
        case .sqrt: return x.squareRoot()
        case .abs: return Swift.abs(x)
        case .negative: return -x
        }
    }

    /// NumPy broadcasting for arrays of up to two dimensions.
    private func broadcast(_ op: BinaryOp, _ a: LintArray, _ b: LintArray) throws -> LintArray {
        let rank = max(a.shape.count, b.shape.count)
        let sa = [Int](repeating: 1, count: rank - a.shape.count) + a.shape
        let sb = [Int](repeating: 1, count: rank - b.shape.count) + b.shape
        var shape: [Int] = []
        for (x, y) in zip(sa, sb) {
            guard x == y || x == 1 || y == 1 else { throw LintDataUnavailable("shapes \(a.shape) and \(b.shape) do not broadcast") }
            shape.append(max(x, y))
        }
        guard let va = a.values, let vb = b.values else { return LintArray(shape: shape, values: nil) }
        let total = shape.reduce(1, *)
        func index(_ flat: Int, _ s: [Int]) -> Int {
            var rem = flat, idx = 0, mul = 1
            for d in stride(from: rank - 1, through: 0, by: -1) {
                let coord = rem % shape[d]
                rem /= shape[d]
                idx += (s[d] == 1 ? 0 : coord) * mul
                mul *= s[d]
            }
            return idx
        }
        let v = (0..<total).map { i -> Double in
            let x = va[index(i, sa)], y = vb[index(i, sb)]
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .greater: return x > y ? 1 : 0
            case .less: return x < y ? 1 : 0
            }
        }
        return LintArray(shape: shape, values: v)
    }
}
