import Foundation

/// Number formatting shared by messages and printers: the shortest text that reads back as
/// the same double, with integers written without a fraction.
public enum Format {
    public static func number(_ v: Double) -> String {
        if v.isNaN { return ".nan" }
        if v.isInfinite { return v > 0 ? ".inf" : "-.inf" }
        if v == v.rounded(), abs(v) < 1e16 {
            return v == 0 ? "0" : String(Int64(v))
        }
        return "\(v)"
    }

    /// A derived value to `digits` significant digits: `200`, `0.0025`, `1.5e-05`.
    public static func significant(_ x: Double, _ digits: Int = 3) -> String {
        guard x.isFinite else { return number(x) }
        if x == 0 { return "0" }
        let mag = Swift.abs(x)
        let p = Int(Foundation.log10(mag).rounded(.down))
        let scale = pow10(digits - 1 - p)
        let r = (x * scale).rounded() / scale
        if mag >= 1e-4 && mag < 1e7 { return number(r) }
        let mantissa = (r / pow10(p) * pow10(digits - 1)).rounded() / pow10(digits - 1)
        let m = number(mantissa)
        return "\(m)e\(p < 0 ? "-" : "")\(Swift.abs(p) < 10 ? "0" : "")\(Swift.abs(p))"
    }

    private static func pow10(_ e: Int) -> Double { pow(10, Double(e)) }
}
