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
