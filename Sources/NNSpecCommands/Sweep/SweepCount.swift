import NNSpecIR

/// `--count "accuracy>=0.99"`: in each seed group, how many variants' final `quantity` (a
/// metric, or `loss`) satisfies the comparison — `9/10`. A variant without the value (failed,
/// pending) counts in the denominator but not the numerator.
public struct SweepCount: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        // Two-character operators first, so `>=` is not read as `>` then `=0.99`.
        case ge = ">=", le = "<=", eq = "==", ne = "!=", gt = ">", lt = "<"

        func holds(_ x: Double, _ t: Double) -> Bool {
            switch self {
            case .ge: return x >= t
            case .le: return x <= t
            case .eq: return x == t
            case .ne: return x != t
            case .gt: return x > t
            case .lt: return x < t
            }
        }
    }

    public var quantity: String
    public var comparison: Comparison
    public var threshold: Double

    public var description: String { "\(quantity)\(comparison.rawValue)\(Format.number(threshold))" }

    public static func parse(_ text: String) -> Result<SweepCount, SweepError> {
        let t = text.filter { !$0.isWhitespace }
        for c in Comparison.allCases {
            guard let r = t.range(of: c.rawValue) else { continue }
            let name = String(t[..<r.lowerBound]), number = String(t[r.upperBound...])
            guard !name.isEmpty, let x = Double(number), x.isFinite else { break }
            return .success(SweepCount(quantity: name, comparison: c, threshold: x))
        }
        return .failure(SweepError("--count takes METRIC OP NUMBER with OP one of >= <= == != > <, e.g. \"binary_accuracy>=0.99\"; got '\(text)'"))
    }

    /// How many of `rows` satisfy it.
    func count(_ rows: [SweepTable.Row]) -> Int {
        rows.filter { r in r.value(of: quantity).map { comparison.holds($0, threshold) } ?? false }.count
    }
}
