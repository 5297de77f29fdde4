import Foundation

/// One `--set key=values` of `nnspec sweep`: a key path and the value texts it takes, each an
/// override value (`training.seed=0..9`, `optimizer.learning_rate=0.1,0.01`,
/// `optimizer={kind: adam},{kind: sgd}`).
public struct SweepAxis: Sendable, Equatable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }

    /// The largest range a single `a..b` may expand to: a typo like `0..1e9` is an error, not a hang.
    public static let maxRangeCount = 100_000

    /// Parses `key=item,item,…`; an item is a value, or `a..b` for the integers a through b
    /// (inclusive, ascending or descending). Commas inside `[]`, `{}` or quotes do not split; an
    /// empty item is an error.
    public static func parse(_ text: String) -> Result<SweepAxis, SweepError> {
        guard let eq = text.firstIndex(of: "=") else {
            return .failure(SweepError("--set takes key=values, got '\(text)' (e.g. training.seed=0..9 or optimizer.learning_rate=0.1,0.01)"))
        }
        let key = String(text[..<eq])
        guard !key.isEmpty, !key.contains(where: \.isWhitespace) else {
            return .failure(SweepError("--set '\(text)': expected a key path before '='"))
        }
        var values: [String] = []
        for item in splitTopLevel(String(text[text.index(after: eq)...])) {
            // Most likely a stray comma; a null is written `null`.
            guard !item.isEmpty else { return .failure(SweepError("--set \(key): an empty value in '\(text)' (write null for null)")) }
            if let range = integerRange(item) {
                guard case .success(let r) = range else { return .failure(SweepError("--set \(key): \(range.failureMessage)")) }
                values += r
            } else {
                values.append(item)
            }
        }
        guard !values.isEmpty else { return .failure(SweepError("--set \(key): no values")) }
        return .success(SweepAxis(key: key, values: values))
    }

    /// Splits on commas at bracket depth 0 and outside quotes.
    static func splitTopLevel(_ s: String) -> [String] {
        var items: [String] = [], current = "", depth = 0
        var quote: Character?
        for c in s {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth = max(0, depth - 1)
            } else if c == ",", depth == 0 {
                items.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// nil when `item` is not of the form `int..int`.
    static func integerRange(_ item: String) -> Result<[String], SweepError>? {
        let parts = item.components(separatedBy: "..")
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        let (span, overflow) = a > b ? a.subtractingReportingOverflow(b) : b.subtractingReportingOverflow(a)
        guard !overflow, span < maxRangeCount else {
            return .failure(SweepError("\(item) has more than \(maxRangeCount) values"))
        }
        return .success((a <= b ? Array(a...b) : Array((b...a).reversed())).map(String.init))
    }
}

/// A sweep that cannot be set up or read: usage (exit 2).
public struct SweepError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension Result where Failure == SweepError {
    var failureMessage: String {
        if case .failure(let e) = self { return e.message }
        return ""
    }
}
