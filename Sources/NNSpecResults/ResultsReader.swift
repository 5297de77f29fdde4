import Foundation
import NNSpecIR
import NNSpecSyntax

/// Why a results file could not be read.
public struct ResultsFileError: Error, Sendable, Equatable {
    public var message: String
    /// `results-malformed` unless said (`io-unreadable`, or the failing run's id for `diff --run`).
    public var code: DiagnosticCode
    public init(_ message: String, code: DiagnosticCode = .resultsMalformed) {
        self.message = message
        self.code = code
    }
}

extension ResultsFile {
    /// Reads a results file from disk (`source` names it in messages).
    public static func read(_ path: String) throws(ResultsFileError) -> ResultsFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw ResultsFileError("cannot read '\(path)'", code: .ioUnreadable) }
        let parsed = YAMLParser.parse(bytes: [UInt8](data), file: path, aliasBudget: 0)
        guard let root = parsed.root, !parsed.hasErrors else {
            throw ResultsFileError("'\(path)' is not valid JSON: \(parsed.diagnostics.first?.message ?? "no document")")
        }
        return try ResultsFile(parsing: CanonicalValue(root), source: path)
    }

    /// Reads the tree of a results file, written by `json` or by an exported script (which writes
    /// non-finite numbers as null, where nnspec writes the strings "nan", "inf", "-inf", and
    /// records no metrics). Keys it does not know (an exported script's `exported`) are ignored.
    public init(parsing v: CanonicalValue, source: String) throws(ResultsFileError) {
        func fail(_ why: String) -> ResultsFileError { ResultsFileError("\(source): not a results file (\(why))") }
        guard case .object(let top) = v else { throw fail("expected a JSON object") }
        func field(_ entries: [(String, CanonicalValue)], _ k: String) -> CanonicalValue? { entries.first { $0.0 == k }?.1 }
        func required(_ k: String) throws(ResultsFileError) -> CanonicalValue {
            guard let x = field(top, k) else { throw fail("no \(k)") }
            return x
        }
        func string(_ k: String) throws(ResultsFileError) -> String {
            guard case .string(let s) = try required(k) else { throw fail("\(k) is not a string") }
            return s
        }
        func count(_ k: String) throws(ResultsFileError) -> Int {
            guard case .int(let i) = try required(k) else { throw fail("\(k) is not an integer") }
            return i
        }
        func choice<T: RawRepresentable>(_ k: String, _: T.Type) throws(ResultsFileError) -> T where T.RawValue == String {
            let s = try string(k)
            guard let x = T(rawValue: s) else { throw fail("\(k) '\(s)' is not one nnspec writes") }
            return x
        }
        // A value written as null is a non-finite number here (exported scripts write them so).
        func number(_ x: CanonicalValue, _ what: String) throws(ResultsFileError) -> Double {
            if case .null = x { return .nan }
            guard let d = x.resultsNumber else { throw fail("\(what) is not a number") }
            return d
        }
        func named(_ entries: [(String, CanonicalValue)]) -> [Named] {
            entries.map { Named(name: $0.0, value: $0.1.resultsNumber) }
        }

        spec = try string("spec")
        convention = try choice("convention", Convention.self)
        dtype = try choice("dtype", DType.self)
        status = try choice("status", Status.self)
        stop = try choice("stop", Stop.self)
        epochs = try count("epochs")
        steps = try count("steps")

        guard case .list(let items) = try required("history") else { throw fail("history is not a list") }
        var history: [HistoryEntry] = []
        for (i, item) in items.enumerated() {
            guard case .object(let e) = item, let (key, position) = e.first, let unit = LogUnit(rawValue: key),
                  case .int(let index) = position else {
                throw fail("history[\(i)] does not start with its epoch or step")
            }
            guard let loss = field(e, "loss") else { throw fail("history[\(i)] has no loss") }
            history.append(HistoryEntry(unit: unit, index: index, loss: try number(loss, "history[\(i)].loss"),
                                        metrics: named(e.dropFirst().filter { $0.0 != "loss" })))
        }
        self.history = history

        guard case .object(let final) = try required("final") else { throw fail("final is not an object") }
        finalLoss = field(final, "loss")?.resultsNumber
        if case .object(let m)? = field(final, "metrics") { finalMetrics = named(m) } else { finalMetrics = [] }
        guard case .string(let on)? = field(final, "evaluated_on") else { throw fail("final.evaluated_on is not a string") }
        evaluatedOn = on

        guard case .object(let layers) = try required("parameters") else { throw fail("parameters is not an object") }
        var parameters: [LayerParameters] = []
        for (name, p) in layers {
            guard case .object(let entries) = p else { throw fail("parameters.\(name) is not an object") }
            var tensors: [ReportedTensor] = []
            for (key, value) in entries {
                let path = "parameters.\(name).\(key)"
                switch value {
                case .object(let t):
                    // {"shape": [...], "values": [...]}: any tensor, in the convention's layout.
                    guard case .list(let dims)? = field(t, "shape"), case .list(let xs)? = field(t, "values") else {
                        throw fail("\(path) has no shape and values")
                    }
                    var shape: [Int] = []
                    for d in dims {
                        guard case .int(let n) = d, n >= 0 else { throw fail("\(path).shape is not a list of sizes") }
                        shape.append(n)
                    }
                    var values: [Double] = []
                    for (i, x) in xs.enumerated() { values.append(try number(x, "\(path).values[\(i)]")) }
                    var count = 1
                    for d in shape {
                        let (c, overflow) = count.multipliedReportingOverflow(by: d)
                        guard !overflow else { throw fail("\(path).shape \(shape) is too large") }
                        count = c
                    }
                    guard count == values.count else { throw fail("\(path) has \(values.count) values for shape \(shape)") }
                    tensors.append(KernelLayout.fromFile(ReportedTensor(name: key, shape: shape, values: values), convention))
                case .list(let rows) where key == "kernel":
                    // A dense kernel as rows.
                    var kernel: [Double] = []
                    var width: Int?
                    for (r, row) in rows.enumerated() {
                        guard case .list(let xs) = row, width == nil || width == xs.count else {
                            throw fail("\(path)[\(r)] is not a row as long as the first")
                        }
                        width = xs.count
                        for (c, x) in xs.enumerated() { kernel.append(try number(x, "\(path)[\(r)][\(c)]")) }
                    }
                    tensors.append(ReportedTensor(name: key, shape: [rows.count, width ?? 0], values: kernel))
                case .list(let xs):
                    var values: [Double] = []
                    for (i, x) in xs.enumerated() { values.append(try number(x, "\(path)[\(i)]")) }
                    tensors.append(ReportedTensor(name: key, shape: [values.count], values: values))
                default:
                    throw fail("\(path) is not a list")
                }
            }
            guard !tensors.isEmpty else { throw fail("parameters.\(name) has no kernel") }
            parameters.append(LayerParameters(name: name, tensors: tensors))
        }
        self.parameters = parameters

        if case .object(let d)? = field(top, "diverged") {
            func text(_ k: String) -> String? { if case .string(let s)? = field(d, k) { return s } else { return nil } }
            func int(_ k: String) -> Int? { if case .int(let i)? = field(d, k) { return i } else { return nil } }
            divergence = Divergence(step: int("step") ?? 0, epoch: int("epoch") ?? 0, layer: text("layer"),
                                    tensor: text("tensor") ?? "", value: text("value") ?? "", message: text("message") ?? "")
        } else {
            divergence = nil
        }
        if case .list(let xs)? = field(top, "overrides") {
            overrides = xs.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        }
        if case .list(let xs)? = field(top, "diagnoses") { diagnoses = xs.compactMap(Diagnosis.init) }
    }
}

extension CanonicalValue {
    /// A JSON document's tree, keys in file order.
    init(_ node: Node) {
        switch node.content {
        case .scalar(_, let v):
            switch v {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .float(let d): self = .number(d)
            case .string(let s): self = .string(s)
            }
        case .sequence(let items): self = .list(items.map(CanonicalValue.init))
        case .mapping(let entries): self = .object(entries.map { ($0.name, CanonicalValue($0.value)) })
        }
    }

    /// A number as a results file writes it: NaN and the infinities as "nan", "inf", "-inf".
    var resultsNumber: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let d): return d
        case .string(let s): return ["nan", "inf", "-inf"].contains(s) ? Double(s) : nil
        default: return nil
        }
    }
}
