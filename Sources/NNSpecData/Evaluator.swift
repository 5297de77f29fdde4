#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NNSpecIR
import NNSpecNumerics
import NNSpecSyntax

/// Evaluates array expressions with NumPy's semantics and draw order.
///
/// All generators draw from one `RandomState(seed)`, in the order the expressions are
/// evaluated, sub-expressions left to right, exactly as a Python script calling
/// `rs.rand(...)`, `rs.uniform(...)`, … in that order would. `DataLoader` evaluates
/// `data.arrays` in order, then inputs, then targets, then a separate test set.
///
/// Errors are `Diagnostic`s at the expression's position naming the shapes involved. An
/// expression that refers to a definition that already failed fails without a second message.
public struct Evaluator {
    public private(set) var randomState: RandomState
    /// The arrays defined so far under `data.arrays`, by name.
    public private(set) var arrays: [String: DataArray] = [:]
    /// The spec file that relative data paths resolve against.
    public let specFile: String
    private var failedNames: Set<String> = []

    public init(seed: UInt32, specFile: String) {
        self.randomState = RandomState(seed: seed)
        self.specFile = specFile
    }

    /// Evaluates a `data.arrays` entry and names its value for later `ref`s.
    public mutating func define(_ definition: ArrayDefinition) throws(DataError) {
        do {
            arrays[definition.name] = try evaluate(definition.expr)
        } catch {
            failedNames.insert(definition.name)
            throw error
        }
    }

    /// Evaluates one expression. A `DataError` with no diagnostics means the expression used a
    /// definition whose error was already reported.
    public mutating func evaluate(_ expr: ArrayExpr) throws(DataError) -> DataArray {
        do {
            return try eval(expr)
        } catch {
            switch error {
            case .diagnostic(let d): throw DataError(d)
            case .upstream: throw DataError([])
            }
        }
    }

    enum Failure: Error {
        case diagnostic(Diagnostic)
        case upstream
    }

    private func fail(_ message: String, _ e: ArrayExpr, code: DiagnosticCode = .dataExpression,
                      notes: [DiagnosticNote] = []) -> Failure {
        .diagnostic(.error(code, message, at: e.location, notes: notes))
    }

    private func rules<T>(_ body: () throws(Diagnostic) -> T) throws(Failure) -> T {
        do { return try body() } catch { throw .diagnostic(error) }
    }

    private func file<T>(_ e: ArrayExpr, _ body: () throws(FileError) -> T) throws(Failure) -> T {
        do { return try body() } catch { throw fail("cannot load \(error)", e, code: error.code) }
    }

    private mutating func eval(_ e: ArrayExpr) throws(Failure) -> DataArray {
        let at = e.location
        switch e.kind {
        case .literal(let values, let shape):
            guard shape.count <= 2 else {
                throw fail("literal arrays have at most 2 dimensions, this one has shape \(DataArray.describe(shape))", e)
            }
            guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
                throw fail("literal of shape \(DataArray.describe(shape)) has \(values.count) values", e, code: .shapeMismatch)
            }
            return DataArray(shape: shape, values: values)

        case .ref(let name):
            if let a = arrays[name] { return a }
            if failedNames.contains(name) { throw .upstream }
            throw fail("array '\(name)' is not defined before this use", e)

        case .rand(let shape):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "rand", at: at) }
            return DataArray(shape: shape, values: randomState.rand(count: shape.reduce(1, *)))

        case .uniform(let shape, let low, let high):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "uniform", at: at) }
            return DataArray(shape: shape, values: randomState.uniform(low: low, high: high, count: shape.reduce(1, *)))

        case .normal(let shape, let loc, let scale):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "normal", at: at) }
            return DataArray(shape: shape, values: randomState.normal(loc: loc, scale: scale, count: shape.reduce(1, *)))

        case .randint(let shape, let low, let high):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "randint", at: at) }
            guard low < high else { throw fail("randint needs high > low, got low \(low) and high \(high)", e) }
            let ints = randomState.randint(low: low, high: high, count: shape.reduce(1, *))
            return DataArray(shape: shape, values: ints.map(Double.init))

        case .linspace(let start, let stop, let num, let endpoint):
            guard num >= 1 else { throw fail("linspace needs num ≥ 1, got \(num)", e) }
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize([num, 1], what: "linspace", at: at) }
            return DataArray(column: Self.linspace(start: start, stop: stop, num: num, endpoint: endpoint))

        case .arange(let start, let stop, let step):
            let n = try rules { () throws(Diagnostic) in try ShapeRules.arangeCount(start: start, stop: stop, step: step, at: at) }
            return DataArray(column: Self.arange(start: start, step: step, count: n))

        case .repeatRows(let inner, let times):
            let a = try eval(inner)
            guard times >= 1 else { throw fail("repeat needs times ≥ 1, got \(times)", e) }
            let shape = ShapeRules.repeatRows(a.shape, times: times)
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "repeat", at: at) }
            let width = a.columns
            var out = [Double]()
            out.reserveCapacity(a.count * times)
            for r in 0..<a.rows {
                let row = a.values[r * width ..< (r + 1) * width]
                for _ in 0..<times { out.append(contentsOf: row) }
            }
            return DataArray(shape: shape, values: out)

        case .concat(let parts, let axis):
            var arrays: [DataArray] = []
            for p in parts { arrays.append(try eval(p)) }
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.concat(arrays.map(\.shape), axis: axis, at: at) }
            var out = [Double]()
            out.reserveCapacity(shape.reduce(1, *))
            if axis == 0 {
                for a in arrays { out.append(contentsOf: a.values) }
            } else {
                for r in 0..<shape[0] {
                    for a in arrays { out.append(contentsOf: a.values[r * a.shape[1] ..< (r + 1) * a.shape[1]]) }
                }
            }
            return DataArray(shape: shape, values: out)

        case .column(let inner, let index, let keepdims):
            let a = try eval(inner)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.column(a.shape, index: index, keepdims: keepdims, at: at) }
            let k = a.shape[1]
            return DataArray(shape: shape, values: (0..<a.rows).map { a.values[$0 * k + index] })

        case .columns(let inner, let indices):
            let a = try eval(inner)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.columns(a.shape, indices: indices, at: at) }
            let k = a.shape[1]
            var out = [Double]()
            out.reserveCapacity(a.rows * indices.count)
            for r in 0..<a.rows { for c in indices { out.append(a.values[r * k + c]) } }
            return DataArray(shape: shape, values: out)

        case .apply(let fn, let inner):
            var a = try eval(inner)
            let f = Self.function(fn)
            a.values.withUnsafeMutableBufferPointer { v in
                for i in v.indices { v[i] = f(v[i]) }
            }
            return a

        case .binary(let op, let lhs, let rhs):
            let a = try eval(lhs)
            let b = try eval(rhs)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.broadcast(op, a.shape, b.shape, at: at) }
            return Self.binary(op, a, b, shape: shape)

        case .reshape(let inner, let target):
            let a = try eval(inner)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.reshape(a.shape, to: target, at: at) }
            return a.reshaped(shape)

        case .csv(let path, let columns, let header, let delimiter):
            let resolved = DataFile.resolve(path, relativeTo: e.location?.file ?? specFile)
            return try file(e) { () throws(FileError) in try CSVReader.read(path: resolved, columns: columns, header: header, delimiter: delimiter) }

        case .npy(let path):
            let resolved = DataFile.resolve(path, relativeTo: e.location?.file ?? specFile)
            return try file(e) { () throws(FileError) in try NPYReader.read(path: resolved) }

        case .idx(let path, let limit):
            let resolved = DataFile.resolve(path, relativeTo: e.location?.file ?? specFile)
            return try file(e) { () throws(FileError) in try IDXReader.read(path: resolved, limit: limit) }
        }
    }

    // MARK: NumPy arithmetic

    /// `np.linspace(start, stop, num, endpoint)` in float64, as NumPy computes it:
    /// `step = (stop − start)/div`, `y = arange(num)·step + start` (or `arange/div·delta` when the
    /// step underflows to 0), and the last entry set to `stop` when `endpoint`.
    public static func linspace(start: Double, stop: Double, num: Int, endpoint: Bool) -> [Double] {
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        var y = (0..<num).map(Double.init)
        if div > 0 {
            let step = delta / Double(div)
            if step == 0 {
                for i in y.indices { y[i] = y[i] / Double(div) * delta }
            } else {
                for i in y.indices { y[i] = y[i] * step }
            }
        } else {
            for i in y.indices { y[i] = y[i] * delta }
        }
        for i in y.indices { y[i] += start }
        if endpoint && num > 1 { y[num - 1] = stop }
        return y
    }

    /// `np.arange(start, stop, step)` in float64: NumPy stores `start` and `start + step`, then
    /// fills `start + i·delta` with `delta = (start + step) − start`.
    public static func arange(start: Double, step: Double, count: Int) -> [Double] {
        guard count > 0 else { return [] }
        var y = [Double](repeating: start, count: count)
        if count > 1 { y[1] = start + step }
        let delta = (start + step) - start
        var i = 2
        while i < count {
            y[i] = start + Double(i) * delta
            i += 1
        }
        return y
    }

    /// The elementwise functions, with the C library's `sin`, `exp`, … (NumPy uses its own SIMD
    /// versions of some of these on some CPUs, so they may differ from NumPy in the last bit;
    /// `square`, `sqrt`, `abs` and `negative` are exact).
    static func function(_ fn: ElementFunction) -> (Double) -> Double {
        switch fn {
        case .sin: return { sin($0) }
        case .cos: return { cos($0) }
        case .exp: return { exp($0) }
        case .log: return { log($0) }
        case .tanh: return { tanh($0) }
        case .sigmoid: return { 1 / (1 + exp(-$0)) }
        case .square: return { $0 * $0 }
        case .sqrt: return { $0.squareRoot() }
        case .abs: return { Swift.abs($0) }
        case .negative: return { -$0 }
        }
    }

    /// `op(a, b)` broadcast to `shape` (already checked by `ShapeRules.broadcast`).
    static func binary(_ op: BinaryOp, _ a: DataArray, _ b: DataArray, shape: [Int]) -> DataArray {
        let f: (Double, Double) -> Double
        switch op {
        case .add: f = { $0 + $1 }
        case .subtract: f = { $0 - $1 }
        case .multiply: f = { $0 * $1 }
        case .divide: f = { $0 / $1 }
        case .greater: f = { $0 > $1 ? 1 : 0 }
        case .less: f = { $0 < $1 ? 1 : 0 }
        }
        let rank = shape.count
        let rows = rank == 2 ? shape[0] : 1
        let cols = rank == 0 ? 1 : shape[rank - 1]
        // Strides of each operand over the result's (row, column) grid; 0 where it broadcasts.
        func strides(_ s: [Int]) -> (row: Int, col: Int) {
            let padded = [Int](repeating: 1, count: max(0, 2 - s.count)) + s
            let col = padded[1] == 1 ? 0 : 1
            let row = padded[0] == 1 ? 0 : padded[1]
            return (row, col)
        }
        let sa = strides(a.shape), sb = strides(b.shape)
        var out = [Double](repeating: 0, count: rows * cols)
        a.values.withUnsafeBufferPointer { av in
            b.values.withUnsafeBufferPointer { bv in
                out.withUnsafeMutableBufferPointer { o in
                    for r in 0..<rows {
                        for c in 0..<cols {
                            o[r * cols + c] = f(av[r * sa.row + c * sa.col], bv[r * sb.row + c * sb.col])
                        }
                    }
                }
            }
        }
        return DataArray(shape: shape, values: out)
    }
}
