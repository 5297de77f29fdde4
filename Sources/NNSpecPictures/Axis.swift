#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One axis of a chart: linear or logarithmic, its domain widened to whole ticks ("nice"
/// numbers: 1, 2 or 5 times a power of ten; whole decades on a log axis), and the tick labels.
/// Labels are built from integers, never from printing a float, so they are the same everywhere.
public struct Axis: Sendable, Equatable {
    public enum Kind: String, Sendable { case linear, log }

    public struct Tick: Sendable, Equatable {
        public var value: Double
        public var label: String
    }

    public var kind: Kind
    public var low: Double
    public var high: Double
    public var ticks: [Tick]

    /// The axis covering `values` (non-finite values, and on a log axis values ≤ 0, ignored).
    /// nil when no value is usable.
    public init?(kind: Kind, covering values: [Double], targetTicks: Int = 5) {
        // Beyond ±1e300 a range overflows; such values are a diverged run's, not worth an axis.
        let usable = values.filter { $0.isFinite && abs($0) <= 1e300 && (kind == .linear || $0 > 0) }
        guard let lo = usable.min(), let hi = usable.max() else { return nil }
        self.kind = kind
        switch kind {
        case .linear: (low, high, ticks) = Self.linear(lo, hi, target: targetTicks)
        case .log: (low, high, ticks) = Self.log(lo, hi)
        }
    }

    /// Where `v` falls on the axis, 0 at `low` and 1 at `high` (nil for a value the axis cannot
    /// show: non-finite, or ≤ 0 on a log axis).
    public func fraction(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch kind {
        case .linear: return (v - low) / (high - low)
        case .log:
            guard v > 0 else { return nil }
            return (log10(v) - log10(low)) / (log10(high) - log10(low))
        }
    }

    // MARK: linear

    private static func linear(_ lo: Double, _ hi: Double, target: Int) -> (Double, Double, [Tick]) {
        var lo = lo, hi = hi
        if hi - lo <= Swift.max(abs(hi), abs(lo)) * 1e-12 || !((hi - lo) / Double(Swift.max(target, 1))).isNormal {
            // One value (or nearly, or a span too small for a tick step): a range around it.
            let pad = abs(lo) * 0.1
            lo -= pad.isNormal && pad > 1e-200 ? pad : 1
            hi += pad.isNormal && pad > 1e-200 ? pad : 1
        }
        // step = m · 10^e, m ∈ {1, 2, 5}, the first giving at most `target` intervals.
        let raw = (hi - lo) / Double(Swift.max(target, 1))
        var e = Int(floor(log10(raw)))
        var m = 1
        while true {
            let step = Double(m) * pow(10, Double(e))
            if step >= raw * (1 - 1e-9) { break }
            switch m {
            case 1: m = 2
            case 2: m = 5
            default: m = 1; e += 1
            }
        }
        let step = Double(m) * pow(10, Double(e))
        let first = Int(floor(lo / step + 1e-9)), last = Int(ceil(hi / step - 1e-9))
        let ticks = (first ... last).map { k in Tick(value: Double(k) * step, label: decimal(k * m, exponent: e)) }
        return (Double(first) * step, Double(last) * step, ticks)
    }

    /// The text of `n · 10^e`: plain decimals when that stays short, else `ne±k`.
    static func decimal(_ n: Int, exponent e: Int) -> String {
        guard n != 0 else { return "0" }
        var n = n, e = e
        while n % 10 == 0 { n /= 10; e += 1 }
        let sign = n < 0 ? "−" : ""
        let digits = String(n.magnitude)
        if e >= 0 && digits.count + e <= 6 { return sign + digits + String(repeating: "0", count: e) }
        if e < 0 && -e <= 5 {
            let places = -e
            let padded = String(repeating: "0", count: Swift.max(0, places - digits.count + 1)) + digits
            let cut = padded.index(padded.endIndex, offsetBy: -places)
            return sign + padded[..<cut] + "." + padded[cut...]
        }
        // Scientific: one digit before the point.
        let exp = e + digits.count - 1
        let mantissa = digits.count == 1 ? digits : "\(digits.first!).\(digits.dropFirst())"
        return "\(sign)\(mantissa)e\(exp < 0 ? "−" : "")\(exp.magnitude)"
    }

    // MARK: log

    private static func log(_ lo: Double, _ hi: Double) -> (Double, Double, [Tick]) {
        var first = Int(floor(log10(lo) + 1e-9)), last = Int(ceil(log10(hi) - 1e-9))
        if first == last { first -= 1; last += 1 }
        let decades = last - first
        var ticks: [Tick] = []
        // Every decade, or every k-th when there are many; 2 and 5 within a short span.
        let every = (decades + 7) / 8
        for e in first ... last where (e - first) % every == 0 {
            ticks.append(Tick(value: pow(10, Double(e)), label: decimal(1, exponent: e)))
            if decades <= 2 && e < last {
                for m in [2, 5] { ticks.append(Tick(value: Double(m) * pow(10, Double(e)), label: decimal(m, exponent: e))) }
            }
        }
        return (pow(10, Double(first)), pow(10, Double(last)), ticks)
    }
}
