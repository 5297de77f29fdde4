/// Prints a canonical value as block YAML or as JSON. Key order is the tree's order, numbers are
/// shortest round-trip, and so two prints diff exactly where the values differ.
public enum CanonicalPrinter {
    /// YAML; `comment(path)` may return a trailing comment for a leaf (the value's origin).
    public static func yaml(_ value: CanonicalValue, comment: (String) -> String? = { _ in nil }) -> String {
        var out = ""
        writeYAML(value, path: "", indent: 0, into: &out, comment: comment)
        return out
    }

    private static func writeYAML(_ v: CanonicalValue, path: String, indent: Int, into out: inout String,
                                  comment: (String) -> String?) {
        let pad = String(repeating: "  ", count: indent)
        switch v {
        case .object(let entries):
            for (k, child) in entries {
                let p = path.isEmpty ? k : "\(path).\(k)"
                if child.isInline {
                    out += "\(pad)\(k): \(child.scalarText)\(suffix(comment(p)))\n"
                } else {
                    out += "\(pad)\(k):\(suffix(comment(p)))\n"
                    writeYAML(child, path: p, indent: indent + 1, into: &out, comment: comment)
                }
            }
        case .list(let items):
            for (i, child) in items.enumerated() {
                let p = "\(path)[\(i)]"
                if child.isInline {
                    out += "\(pad)- \(child.scalarText)\(suffix(comment(p)))\n"
                } else {
                    // A list item's first key shares the dash line.
                    var nested = ""
                    writeYAML(child, path: p, indent: indent + 1, into: &nested, comment: comment)
                    let trimmed = nested.dropFirst(pad.count + 2)
                    out += "\(pad)- \(trimmed)"
                }
            }
        default:
            out += "\(pad)\(v.scalarText)\n"
        }
    }

    private static func suffix(_ c: String?) -> String { c.map { "  # \($0)" } ?? "" }

    public static func json(_ value: CanonicalValue, indent: Int = 0) -> String {
        var out = ""
        writeJSON(value, indent: indent, into: &out)
        return out
    }

    private static func writeJSON(_ v: CanonicalValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            // JSON has no NaN/Inf; they are written as strings so the file still parses.
            out += d.isFinite ? "\(d)" : "\"\(d)\""
        case .string(let s): out += CanonicalValue.jsonString(s)
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (i, x) in items.enumerated() {
                    if i > 0 { out += ", " }
                    writeJSON(x, indent: indent + 1, into: &out)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, x) in items.enumerated() {
                out += inner
                writeJSON(x, indent: indent + 1, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += pad + "]"
        case .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (k, x)) in entries.enumerated() {
                out += inner + CanonicalValue.jsonString(k) + ": "
                writeJSON(x, indent: indent + 1, into: &out)
                out += i == entries.count - 1 ? "\n" : ",\n"
            }
            out += pad + "}"
        }
    }
}

extension CanonicalValue {
    /// Scalars and lists of scalars print on the key's line; `[...]` flow lists keep matrices short.
    var isInline: Bool {
        switch self {
        case .list(let items): return items.allSatisfy(\.isScalar)
        case .object(let e): return e.isEmpty
        default: return true
        }
    }
}
