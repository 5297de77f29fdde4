import Foundation

/// Number text for lint messages. Values read from a spec print exactly (`Format.number`);
/// derived quantities (factors, bounds, estimates) print to three significant digits.
public enum Num {
    /// A spec value, exactly as it reads back.
    public static func exact(_ x: Double) -> String { Format.number(x) }

    /// A derived value to `digits` significant digits: `200`, `0.0025`, `1.5e-05`.
    public static func g(_ x: Double, _ digits: Int = 3) -> String { Format.significant(x, digits) }

    /// A ratio as a factor: `200×`, `0.5×`.
    public static func factor(_ r: Double) -> String { "\(g(r))×" }

    /// "200× more" / "2× less" for a ratio here/there.
    public static func moreOrLess(_ r: Double) -> String {
        r >= 1 ? "\(factor(r)) more" : "\(factor(1 / r)) less"
    }

    private static func pow10(_ e: Int) -> Double { pow(10, Double(e)) }

    /// "1 update", "100 updates".
    public static func count(_ n: Int, _ word: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? word : plural ?? word + "s")"
    }

    /// Two doubles agree up to rounding of decimal text.
    public static func same(_ a: Double, _ b: Double) -> Bool {
        a == b || Swift.abs(a - b) <= 1e-9 * max(Swift.abs(a), Swift.abs(b))
    }
}
