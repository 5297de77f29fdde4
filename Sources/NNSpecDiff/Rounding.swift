import NNSpecIR

/// When two results agree up to rounding. Two runs of one experiment in different frameworks
/// (nnspec and an exported script) do the same arithmetic in a different order, so their numbers
/// can differ in the last bits of the dtype they were computed in; such numbers are "equal
/// within rounding", not different.
///
/// The rule: finite x and y agree within rounding when |x − y| ≤ 4 ulps of the coarser of the
/// two files' dtypes at max(|x|, |y|) — for float32 about 4.8e-7 relative (≤ 4·2⁻²³), for float64
/// about 8.9e-16 (≤ 4·2⁻⁵²). Equal numbers (NaN included) are identical; anything else differs.
public struct Rounding: Sendable, Equatable {
    /// The coarser dtype of the two files compared.
    public var dtype: DType
    /// Ulps of `dtype` a number may move by and still count as equal.
    public static let ulps = 4.0

    public init(_ a: DType, _ b: DType) {
        dtype = a == .float32 || b == .float32 ? .float32 : .float64
    }

    public enum Verdict: Sendable, Equatable {
        case identical
        /// Within the tolerance; the relative difference |x − y| / max(|x|, |y|).
        case withinRounding(relative: Double)
        case differs
    }

    /// One ulp of `dtype` at magnitude `m` (≥ 0).
    func ulp(_ m: Double) -> Double {
        guard dtype == .float32 else { return m.ulp }
        let f = Float(m)
        return f.isFinite ? Double(f.ulp) : .infinity
    }

    public func compare(_ x: Double, _ y: Double) -> Verdict {
        if x == y || (x.isNaN && y.isNaN) { return .identical }
        guard x.isFinite, y.isFinite else { return .differs }
        let m = max(Swift.abs(x), Swift.abs(y))
        let d = Swift.abs(x - y)
        return d <= Self.ulps * ulp(m) ? .withinRounding(relative: d / m) : .differs
    }
}
