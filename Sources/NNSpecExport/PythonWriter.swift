import NNSpecIR
import NNSpecPlan

/// Builds Python source line by line with a current indentation, and spells values as Python
/// literals that read back as the same double (`repr`-compatible shortest round-trip text).
struct PythonWriter {
    private(set) var text = ""
    private var depth = 0

    /// One line at the current indentation (an empty string writes an empty line).
    mutating func line(_ s: String = "") {
        if s.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: depth) + s + "\n"
        }
    }

    /// Several lines, each at the current indentation.
    mutating func lines(_ block: String) {
        for l in block.split(separator: "\n", omittingEmptySubsequences: false) { line(String(l)) }
    }

    /// `header` (ending in `:`), then `body` one level deeper.
    mutating func block(_ header: String, _ body: (inout PythonWriter) -> Void) {
        line(header)
        depth += 1
        body(&self)
        depth -= 1
    }

    /// `body` one level deeper, without a header (the items of a bracketed list).
    mutating func indented(_ body: (inout PythonWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// A top-level `def`, `class` or `if`: two empty lines (PEP 8), then `block(header, body)`.
    mutating func topLevel(_ header: String, _ body: (inout PythonWriter) -> Void) {
        line()
        line()
        block(header, body)
    }

    /// A method inside a class: one empty line, then `block(header, body)`.
    mutating func method(_ header: String, _ body: (inout PythonWriter) -> Void) {
        line()
        block(header, body)
    }

    /// A `#` comment, wrapped at about 96 columns.
    mutating func comment(_ s: String) {
        let width = 96 - depth * 4
        var current = "#"
        for word in s.split(separator: " ") {
            if current.count + 1 + word.count > width, current != "#" {
                line(current)
                current = "#"
            }
            current += " " + word
        }
        line(current)
    }

    // MARK: literals

    /// A float literal Python reads back as the same double: `0.1`, `1e-05`, `3.0`, `np.inf`.
    static func float(_ v: Double) -> String {
        if v.isNaN { return "np.nan" }
        if v.isInfinite { return v > 0 ? "np.inf" : "-np.inf" }
        // Swift's description is the shortest round-trip text, as Python's repr.
        return "\(v)"
    }

    static func int(_ v: Int) -> String { String(v) }

    static func bool(_ v: Bool) -> String { v ? "True" : "False" }

    /// A Python string literal with double quotes.
    static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 { out += "\\x" + String(format2: c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    static func tuple(_ xs: [Int]) -> String {
        xs.count == 1 ? "(\(xs[0]),)" : "(" + xs.map(String.init).joined(separator: ", ") + ")"
    }

    static func list(_ xs: [Int]) -> String { "[" + xs.map(String.init).joined(separator: ", ") + "]" }

    /// A nested list of floats with the given shape (row-major values).
    static func nested(_ values: [Double], shape: [Int]) -> String {
        switch shape.count {
        case 0: return float(values.first ?? 0)
        case 1: return "[" + values.map(float).joined(separator: ", ") + "]"
        default:
            let width = shape.dropFirst().reduce(1, *)
            let rows = (0 ..< shape[0]).map { r in
                nested(Array(values[r * width ..< (r + 1) * width]), shape: Array(shape.dropFirst()))
            }
            return "[" + rows.joined(separator: ", ") + "]"
        }
    }

    /// A Python identifier made from a spec name (array or layer names).
    static func identifier(_ s: String, prefix: String) -> String {
        var out = prefix
        for c in s.unicodeScalars {
            let ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
            out += ok ? String(c) : "_"
        }
        return out
    }
}

private extension String {
    init(format2 v: UInt32) {
        let s = String(v, radix: 16)
        self = s.count < 2 ? "0" + s : s
    }
}
