import NNSpecIR
import NNSpecSyntax

/// What a training monitor found: which monitor, when it began, where, the numbers it measured,
/// and what to do about it. A value, rendered last (run summary, results JSON, `diff --run`).
public struct Diagnosis: Sendable, Equatable {
    public struct Measured: Sendable, Equatable {
        public var name: String
        public var value: Double
        public init(_ name: String, _ value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// The monitor's id (`nnspec explain ID`).
    public var id: String
    public var severity: Severity
    /// The step (from 1) and epoch (from 1) at which the condition began.
    public var step: Int
    public var epoch: Int
    /// The layer involved, nil for the whole run (the loss).
    public var layer: String?
    /// Indices of the units involved, in increasing order (empty when not about units).
    public var units: [Int]
    /// The measured values behind the diagnosis, in a fixed order.
    public var values: [Measured]
    /// One line: what happened, with the numbers.
    public var message: String
    /// One line: why it happens.
    public var cause: String
    /// What to change in the spec, when one change is known to help.
    public var fix: String?

    public init(id: String, severity: Severity, step: Int, epoch: Int, layer: String?, units: [Int] = [],
                values: [Measured], message: String, cause: String, fix: String?) {
        self.id = id
        self.severity = severity
        self.step = step
        self.epoch = epoch
        self.layer = layer
        self.units = units
        self.values = values
        self.message = message
        self.cause = cause
        self.fix = fix
    }

    /// `ID (severity) from step S (epoch E)[, layer 'L']: message`.
    public var headline: String {
        "\(id) (\(severity.rawValue)) from step \(step) (epoch \(epoch))" + (layer.map { ", layer '\($0)'" } ?? "") + ": \(message)"
    }

    /// The summary's lines: the headline, the cause and the fix-it.
    public var summaryLines: [String] {
        ["\(severity.rawValue): \(headline)", "  cause: \(cause)"] + (fix.map { ["  fix: \($0)"] } ?? [])
    }

    /// A diagnosis as a results file writes it; nil when `v` is not one.
    init?(_ v: CanonicalValue) {
        guard case .object(let e) = v else { return nil }
        func field(_ k: String) -> CanonicalValue? { e.first { $0.0 == k }?.1 }
        func text(_ k: String) -> String? { if case .string(let s)? = field(k) { return s } else { return nil } }
        func int(_ k: String) -> Int? { if case .int(let i)? = field(k) { return i } else { return nil } }
        guard let id = text("id"), let severity = text("severity").flatMap(Severity.init(rawValue:)),
              let step = int("step"), let epoch = int("epoch") else { return nil }
        var units: [Int] = [], values: [Measured] = []
        if case .list(let xs)? = field("units") { units = xs.compactMap { if case .int(let i) = $0 { return i } else { return nil } } }
        if case .object(let xs)? = field("values") {
            values = xs.map { name, v in
                switch v {
                case .int(let i): return Measured(name, Double(i))
                case .number(let x): return Measured(name, x)
                case .string(let s): return Measured(name, Double(s) ?? .nan)
                default: return Measured(name, .nan)
                }
            }
        }
        self.init(id: id, severity: severity, step: step, epoch: epoch, layer: text("layer"), units: units, values: values,
                  message: text("message") ?? "", cause: text("cause") ?? "", fix: text("fix"))
    }

    var canonical: CanonicalValue {
        var entries: [(String, CanonicalValue)] = [
            ("id", .string(id)), ("severity", .string(severity.rawValue)),
            ("step", .int(step)), ("epoch", .int(epoch)),
            ("layer", layer.map { .string($0) } ?? .null),
            ("units", .list(units.map { .int($0) })),
            ("values", .object(values.map { ($0.name, $0.value.isFinite ? .number($0.value) : .string("\($0.value)")) })),
            ("message", .string(message)), ("cause", .string(cause)),
        ]
        entries.append(("fix", fix.map { .string($0) } ?? .null))
        return .object(entries)
    }
}

extension ResultsFile {
    /// The results file with a closing `diagnoses` list (empty when none fired), written when
    /// diagnosis is asked for explicitly (`nnspec run --diagnose summary|strict`).
    public var jsonWithDiagnoses: String { CanonicalPrinter.json(canonicalWithDiagnoses) + "\n" }

    public var canonicalWithDiagnoses: CanonicalValue {
        guard case .object(var top) = canonical else { return canonical }
        top.append(("diagnoses", .list((diagnoses ?? []).map(\.canonical))))
        return .object(top)
    }
}
