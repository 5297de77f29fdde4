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
}
