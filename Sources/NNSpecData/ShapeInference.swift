import NNSpecIR
import NNSpecSyntax

/// What is known about an array without computing it.
public struct ArrayInfo: Sendable, Equatable {
    public var shape: [Int]
    /// true: all values are known to be integers (randint, IDX bytes, integer .npy, integer
    /// literals…); false: known not to be (rand, uniform, normal); nil: unknown.
    public var integral: Bool?

    public init(shape: [Int], integral: Bool?) {
        self.shape = shape
        self.integral = integral
    }

    public var rows: Int { shape.first ?? 1 }
    /// Values per sample (see `DataArray.columns`).
    public var columns: Int { shape.count >= 2 ? shape.dropFirst().reduce(1, *) : 1 }
    /// See `DataArray.sampleShape`.
    public var sampleShape: [Int] { shape.count > 2 ? Array(shape.dropFirst()) : [columns] }
    public var shapeDescription: String { DataArray.describe(shape) }
}

/// Infers the shapes of array expressions without generating any data: generators from their
/// arguments, files from their headers (IDX and .npy headers only; a CSV is scanned for its
/// line and field counts). Uses the same `ShapeRules` as `Evaluator`, so it reports the same
/// errors at the same positions.
public struct ShapeInference {
    public private(set) var arrays: [String: ArrayInfo] = [:]
    public let specFile: String
    private var failedNames: Set<String> = []

    public init(specFile: String) {
        self.specFile = specFile
    }

    public mutating func define(_ definition: ArrayDefinition) throws(DataError) {
        do {
            arrays[definition.name] = try infer(definition.expr)
        } catch {
            failedNames.insert(definition.name)
            throw error
        }
    }

    /// A `DataError` with no diagnostics means the expression used a failed definition.
    public func infer(_ expr: ArrayExpr) throws(DataError) -> ArrayInfo {
        do {
            return try info(expr)
        } catch {
            switch error {
            case .diagnostic(let d): throw DataError(d)
            case .upstream: throw DataError([])
            }
        }
    }

    private func rules<T>(_ body: () throws(Diagnostic) -> T) throws(Evaluator.Failure) -> T {
        do { return try body() } catch { throw .diagnostic(error) }
    }

    private func file<T>(_ e: ArrayExpr, _ body: () throws(FileError) -> T) throws(Evaluator.Failure) -> T {
        do { return try body() } catch { throw .diagnostic(.error(error.code, "cannot load \(error)", at: e.location)) }
    }

    private static func all(_ flags: [Bool?]) -> Bool? {
        if flags.contains(false) { return false }
        return flags.allSatisfy { $0 == true } ? true : nil
    }

    private func info(_ e: ArrayExpr) throws(Evaluator.Failure) -> ArrayInfo {
        let at = e.location
        switch e.kind {
        case .literal(let values, let shape):
            guard shape.count <= 2 else {
                throw .diagnostic(.error(.dataExpression, "literal arrays have at most 2 dimensions, this one has shape \(DataArray.describe(shape))", at: at))
            }
            guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
                throw .diagnostic(.error(.shapeMismatch, "literal of shape \(DataArray.describe(shape)) has \(values.count) values", at: at))
            }
            return ArrayInfo(shape: shape, integral: values.allSatisfy { $0.rounded() == $0 })
        case .ref(let name):
            if let a = arrays[name] { return a }
            if failedNames.contains(name) { throw .upstream }
            throw .diagnostic(.error(.dataExpression, "array '\(name)' is not defined before this use", at: at))
        case .rand(let shape):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "rand", at: at) }
            return ArrayInfo(shape: shape, integral: false)
        case .uniform(let shape, _, _):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "uniform", at: at) }
            return ArrayInfo(shape: shape, integral: false)
        case .normal(let shape, _, _):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "normal", at: at) }
            return ArrayInfo(shape: shape, integral: false)
        case .randint(let shape, let low, let high):
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "randint", at: at) }
            guard low < high else { throw .diagnostic(.error(.dataExpression, "randint needs high > low, got low \(low) and high \(high)", at: at)) }
            return ArrayInfo(shape: shape, integral: true)
        case .linspace(_, _, let num, _):
            guard num >= 1 else { throw .diagnostic(.error(.dataExpression, "linspace needs num ≥ 1, got \(num)", at: at)) }
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize([num, 1], what: "linspace", at: at) }
            return ArrayInfo(shape: [num, 1], integral: nil)
        case .arange(let start, let stop, let step):
            let n = try rules { () throws(Diagnostic) in try ShapeRules.arangeCount(start: start, stop: stop, step: step, at: at) }
            return ArrayInfo(shape: [n, 1], integral: start.rounded() == start && step.rounded() == step ? true : nil)
        case .repeatRows(let inner, let times):
            let a = try info(inner)
            guard times >= 1 else { throw .diagnostic(.error(.dataExpression, "repeat needs times ≥ 1, got \(times)", at: at)) }
            let shape = ShapeRules.repeatRows(a.shape, times: times)
            try rules { () throws(Diagnostic) in try ShapeRules.checkSize(shape, what: "repeat", at: at) }
            return ArrayInfo(shape: shape, integral: a.integral)
        case .concat(let parts, let axis):
            var infos: [ArrayInfo] = []
            for p in parts { infos.append(try info(p)) }
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.concat(infos.map(\.shape), axis: axis, at: at) }
            return ArrayInfo(shape: shape, integral: Self.all(infos.map(\.integral)))
        case .column(let inner, let index, let keepdims):
            let a = try info(inner)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.column(a.shape, index: index, keepdims: keepdims, at: at) }
            return ArrayInfo(shape: shape, integral: a.integral == true ? true : nil)
        case .columns(let inner, let indices):
            let a = try info(inner)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.columns(a.shape, indices: indices, at: at) }
            return ArrayInfo(shape: shape, integral: a.integral == true ? true : nil)
        case .apply(let fn, let inner):
            let a = try info(inner)
            let keeps = fn == .negative || fn == .abs || fn == .square
            return ArrayInfo(shape: a.shape, integral: keeps && a.integral == true ? true : nil)
        case .binary(let op, let lhs, let rhs):
            let a = try info(lhs)
            let b = try info(rhs)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.broadcast(op, a.shape, b.shape, at: at) }
            let integral: Bool?
            switch op {
            case .greater, .less: integral = true
            case .add, .subtract, .multiply: integral = a.integral == true && b.integral == true ? true : nil
            case .divide: integral = nil
            }
            return ArrayInfo(shape: shape, integral: integral)
        case .reshape(let inner, let target):
            let a = try info(inner)
            let shape = try rules { () throws(Diagnostic) in try ShapeRules.reshape(a.shape, to: target, at: at) }
            return ArrayInfo(shape: shape, integral: a.integral)
        case .csv(let path, let columns, let header, let delimiter):
            let resolved = DataFile.resolve(path, relativeTo: e.location?.file ?? specFile)
            let shape = try file(e) { () throws(FileError) in try CSVReader.shape(path: resolved, columns: columns, header: header, delimiter: delimiter) }
            return ArrayInfo(shape: shape, integral: nil)
        case .npy(let path):
            let resolved = DataFile.resolve(path, relativeTo: e.location?.file ?? specFile)
            let header = try file(e) { () throws(FileError) in try NPYReader.readHeader(path: resolved) }
            return ArrayInfo(shape: header.shape, integral: header.isIntegral ? true : nil)
        case .idx(let path, let limit):
            let resolved = DataFile.resolve(path, relativeTo: e.location?.file ?? specFile)
            let header = try file(e) { () throws(FileError) in try IDXReader.readHeader(path: resolved) }
            var shape = header.shape
            shape[0] = max(0, min(limit ?? shape[0], shape[0]))
            return ArrayInfo(shape: shape, integral: true)
        }
    }
}
