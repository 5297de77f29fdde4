import Foundation
import NNSpecSyntax

/// Validates a YAML node tree against the subset of JSON Schema (2020-12) that
/// grammar/nnspec.schema.json uses, so the tests can prove schema and parser agree without
/// Python. Unsupported keywords fail loudly rather than pass silently.
struct MiniSchemaValidator {
    let root: [String: JSONValue]

    static let supported: Set<String> = [
        "$schema", "$id", "title", "description", "$ref", "$defs", "type", "enum", "const", "properties",
        "additionalProperties", "required", "items", "oneOf", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength",
    ]

    /// Errors as `line:col: message`; empty when the node conforms.
    func validate(_ node: Node) -> [String] {
        validate(node, against: root)
    }

    private func resolve(_ schema: [String: JSONValue]) -> [String: JSONValue] {
        guard let ref = schema["$ref"]?.string, ref.hasPrefix("#/$defs/") else { return schema }
        let name = String(ref.dropFirst("#/$defs/".count))
        var target = resolve(root["$defs"]?.object?[name]?.object ?? [:])
        for (k, v) in schema where k != "$ref" { target[k] = v }
        return target
    }

    private func validate(_ node: Node, against raw: [String: JSONValue]) -> [String] {
        let s = resolve(raw)
        let here = "\(node.location.line):\(node.location.column)"
        for key in s.keys where !Self.supported.contains(key) {
            return ["\(here): schema keyword '\(key)' is not supported by the test validator"]
        }
        var errors: [String] = []
        if let options = s["oneOf"]?.array?.compactMap(\.object) {
            let matching = options.filter { validate(node, against: $0).isEmpty }.count
            if matching != 1 { errors.append("\(here): matches \(matching) of \(options.count) oneOf alternatives") }
        }
        if let type = s["type"]?.string, !has(node, type: type) {
            errors.append("\(here): expected \(type), got \(node.kindName)")
            return errors
        }
        if let values = s["enum"]?.array, !values.contains(where: { equal(node, $0) }) {
            errors.append("\(here): '\(node.scalarText ?? "")' is not one of \(values)")
        }
        if let c = s["const"], !equal(node, c) { errors.append("\(here): expected \(c)") }
        if let n = number(node) {
            if let m = s["minimum"]?.number, n < m { errors.append("\(here): \(n) < minimum \(m)") }
            if let m = s["maximum"]?.number, n > m { errors.append("\(here): \(n) > maximum \(m)") }
            if let m = s["exclusiveMinimum"]?.number, n <= m { errors.append("\(here): \(n) ≤ exclusive minimum \(m)") }
            if let m = s["exclusiveMaximum"]?.number, n >= m { errors.append("\(here): \(n) ≥ exclusive maximum \(m)") }
        }
        if case .string(let str)? = node.scalarValue {
            if let m = s["minLength"]?.int, str.count < m { errors.append("\(here): shorter than \(m)") }
            if let m = s["maxLength"]?.int, str.count > m { errors.append("\(here): longer than \(m)") }
        }
        if let items = node.sequence {
            if let m = s["minItems"]?.int, items.count < m { errors.append("\(here): fewer than \(m) items") }
            if let m = s["maxItems"]?.int, items.count > m { errors.append("\(here): more than \(m) items") }
            if let itemSchema = s["items"]?.object {
                for item in items { errors += validate(item, against: itemSchema) }
            }
        }
        if let entries = node.mapping {
            let props = s["properties"]?.object ?? [:]
            if let m = s["minProperties"]?.int, entries.count < m { errors.append("\(here): fewer than \(m) keys") }
            if let m = s["maxProperties"]?.int, entries.count > m { errors.append("\(here): more than \(m) keys") }
            for req in s["required"]?.array?.compactMap(\.string) ?? [] where !entries.contains(where: { $0.name == req }) {
                errors.append("\(here): missing required '\(req)'")
            }
            for e in entries {
                if let p = props[e.name]?.object {
                    errors += validate(e.value, against: p)
                } else if let extra = s["additionalProperties"] {
                    if case .bool(false) = extra {
                        errors.append("\(e.key.location.line):\(e.key.location.column): '\(e.name)' is not allowed")
                    } else if let sub = extra.object {
                        errors += validate(e.value, against: sub)
                    }
                }
            }
        }
        return errors
    }

    private func number(_ node: Node) -> Double? {
        switch node.scalarValue {
        case .int(let i)?: return Double(i)
        case .float(let f)?: return f
        default: return nil
        }
    }

    private func has(_ node: Node, type: String) -> Bool {
        switch (type, node.content) {
        case ("object", .mapping), ("array", .sequence): return true
        case ("string", .scalar(_, .string)), ("boolean", .scalar(_, .bool)), ("null", .scalar(_, .null)): return true
        case ("integer", .scalar(_, .int)): return true
        case ("number", .scalar(_, .int)), ("number", .scalar(_, .float)): return true
        default: return false
        }
    }

    private func equal(_ node: Node, _ value: JSONValue) -> Bool {
        switch (node.scalarValue, value) {
        case (.string(let a)?, .string(let b)): return a == b
        case (.int(let a)?, .number(let b)): return Double(a) == b
        case (.float(let a)?, .number(let b)): return a == b
        case (.bool(let a)?, .bool(let b)): return a == b
        case (.null?, .null): return true
        default: return false
        }
    }
}

/// A JSON document as a value; JSONDecoder keeps booleans and numbers apart.
indirect enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var number: Double? { if case .number(let d) = self { return d }; return nil }
    var int: Int? { number.map { Int($0) } }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
}
