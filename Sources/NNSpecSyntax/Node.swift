/// A YAML scalar after resolution by the YAML 1.2 core schema. `no`, `on`, `yes` stay strings;
/// `1e-3` is a float; quoted scalars are always strings.
public enum ScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    /// What a user would call the type, for messages like "expected a number, got a string".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        }
    }
}

/// One key/value pair of a mapping, in file order.
public struct MappingEntry: Sendable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }

    /// The key's text; keys that are not scalars were refused by the parser.
    public var name: String { key.scalarText ?? "" }
}

/// A node of the YAML tree with the position it started at. Aliases are already expanded;
/// an expanded node keeps the position of its anchor's definition.
public struct Node: Sendable {
    public indirect enum Content: Sendable {
        case scalar(text: String, value: ScalarValue)
        case sequence([Node])
        case mapping([MappingEntry])
    }

    public var content: Content
    public var location: SourceLocation
    /// The scalar's exact text in the file (quotes included), for fix-its that replace it; nil
    /// for collections and for nodes an alias expanded, whose text is the anchor's, not theirs.
    public var range: SourceRange?

    public init(_ content: Content, at location: SourceLocation, range: SourceRange? = nil) {
        self.content = content
        self.location = location
        self.range = range
    }

    /// The node and its descendants without ranges: an alias's copy must not be edited in place.
    func withoutRanges() -> Node {
        var n = self
        n.range = nil
        switch content {
        case .scalar: break
        case .sequence(let items): n.content = .sequence(items.map { $0.withoutRanges() })
        case .mapping(let entries):
            n.content = .mapping(entries.map { MappingEntry(key: $0.key.withoutRanges(), value: $0.value.withoutRanges()) })
        }
        return n
    }

    /// The node at a dotted path such as `model.layers[0].activation`, or nil.
    public func descendant(_ path: String) -> Node? {
        var node: Node? = self
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else { return nil }
                indices.insert(i, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { node = node?[String(name)] }
            for i in indices {
                guard let items = node?.sequence, items.indices.contains(i) else { return nil }
                node = items[i]
            }
        }
        return node
    }

    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    public var scalarValue: ScalarValue? {
        if case .scalar(_, let value) = content { return value }
        return nil
    }

    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [MappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The value under `key` in a mapping; nil for other nodes or a missing key.
    public subscript(key: String) -> Node? {
        mapping?.first(where: { $0.name == key })?.value
    }

    /// "a mapping", "a list", or the scalar's type: for "expected X, got Y" messages.
    public var kindName: String {
        switch content {
        case .scalar(_, let v): return v.typeName
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
