/// A minimal SVG writer: elements with attributes in the order given, text escaped, numbers in
/// one fixed format. Pictures are checked in and compared byte for byte, so nothing here depends
/// on the locale, the clock or the platform's float printing.
public struct SVGWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    public init() {}

    /// An attribute value: a string as is, or a number in `SVGWriter.number`'s format.
    public enum Value: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        case text(String)
        case number(Double)

        public init(stringLiteral s: String) { self = .text(s) }
        public init(floatLiteral v: Double) { self = .number(v) }
        public init(integerLiteral v: Int) { self = .number(Double(v)) }

        var rendered: String {
            switch self {
            case .text(let s): return SVGWriter.escape(s)
            case .number(let v): return SVGWriter.number(v)
            }
        }
    }

    /// A coordinate rounded to 0.1 (a tenth of a pixel is below what any screen shows), without
    /// a trailing ".0": integer arithmetic on the rounded tenths, so the text never varies.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }

    /// XML text and attribute escaping.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    private static func attributes(_ attrs: KeyValuePairs<String, Value>, _ extra: [(String, Value)] = []) -> String {
        (attrs.map { ($0.key, $0.value) } + extra).map { " \($0.0)=\"\($0.1.rendered)\"" }.joined()
    }

    private var indent: String { String(repeating: " ", count: depth) }

    /// `<name …/>`.
    /// `extra`: attributes that are present only sometimes, after `attrs`.
    public mutating func empty(_ name: String, _ attrs: KeyValuePairs<String, Value> = [:], extra: [(String, Value)] = []) {
        lines.append("\(indent)<\(name)\(Self.attributes(attrs, extra))/>")
    }

    /// `<name …>text</name>` on one line.
    public mutating func text(_ name: String, _ attrs: KeyValuePairs<String, Value> = [:], _ content: String) {
        lines.append("\(indent)<\(name)\(Self.attributes(attrs))>\(Self.escape(content))</\(name)>")
    }

    /// `<name …>`, the children written by `body`, then `</name>`.
    public mutating func group(_ name: String, _ attrs: KeyValuePairs<String, Value> = [:], _ body: (inout SVGWriter) -> Void) {
        lines.append("\(indent)<\(name)\(Self.attributes(attrs))>")
        depth += 1
        body(&self)
        depth -= 1
        lines.append("\(indent)</\(name)>")
    }

    /// A path's `d` from polylines: `M x y L x y …` per polyline.
    public static func path(_ polylines: [[Point]]) -> String {
        polylines.filter { !$0.isEmpty }.map { line in
            line.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(number(p.x)) \(number(p.y))" }.joined(separator: " ")
        }.joined(separator: " ")
    }

    public var document: String { lines.joined(separator: "\n") + "\n" }
}

/// A point in data or pixel coordinates.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}
