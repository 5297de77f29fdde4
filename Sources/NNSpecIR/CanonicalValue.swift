/// A JSON-like tree with ordered keys: the canonical form of an elaborated spec. Printed as
/// YAML (with origins as comments) or JSON; `diff` compares two of them leaf by leaf.
public indirect enum CanonicalValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case list([CanonicalValue])
    case object([(String, CanonicalValue)])

    public static func == (a: CanonicalValue, b: CanonicalValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Every scalar leaf with its dotted path (`model.layers[0].units`), in document order.
    public func leaves(prefix: String = "") -> [(path: String, value: CanonicalValue)] {
        switch self {
        case .list(let items):
            if items.allSatisfy({ $0.isScalar }) { return [(prefix, self)] }
            return items.enumerated().flatMap { i, v in v.leaves(prefix: "\(prefix)[\(i)]") }
        case .object(let entries):
            if entries.isEmpty { return [(prefix, self)] }
            return entries.flatMap { k, v in v.leaves(prefix: prefix.isEmpty ? k : "\(prefix).\(k)") }
        default:
            return [(prefix, self)]
        }
    }

    public var isScalar: Bool {
        switch self {
        case .list, .object: return false
        default: return true
        }
    }

    /// The scalar as canonical text: shortest round-trip numbers, YAML-safe strings.
    public var scalarText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return CanonicalValue.numberText(d)
        case .string(let s): return CanonicalValue.yamlString(s)
        case .list(let items): return "[" + items.map(\.scalarText).joined(separator: ", ") + "]"
        case .object(let e): return e.isEmpty ? "{}" : "{…}"
        }
    }

    /// Doubles always carry a `.` or an exponent so they read back as floats, not ints.
    public static func numberText(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
        let s = "\(d)"
        return s
    }

    static func yamlString(_ s: String) -> String {
        let plainSafe = !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "_-./".contains($0) }
            && !["null", "true", "false", "~", "yes", "no", "on", "off"].contains(s.lowercased())
            && Double(s) == nil && Int(s) == nil && !s.hasPrefix("-") && !s.hasPrefix(".")
        return plainSafe ? s : jsonString(s)
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += "\\u" + String(format4(u.value))
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private static func format4(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
