import NNSpecSyntax

/// One `key.path=value` from the command line (Hydra's spirit): `optimizer.learning_rate=0.1`,
/// `model.layers[0].units=64`, `loss=binary_crossentropy`.
///
/// The value is parsed as YAML (so `0.1` is a number, `true` a boolean, `{kind: adam}` a mapping)
/// and set into the spec's node tree after `extends:` is applied and before decoding, so the
/// decoder checks it exactly as it checks the file. Each override is its own pseudo-file,
/// `override N`, whose one line is the override's text: an error in it is reported as
/// `override 2:1:11: error: unknown key …` with the text and a caret, and `compile` shows the
/// origin `override`.
public struct Override: Sendable {
    /// One step of the path: a mapping key or a list index, with its 1-based column in `text`.
    public enum Segment: Sendable, Hashable {
        case key(String, column: Int)
        case index(Int, column: Int)
    }

    /// As written: `optimizer.learning_rate=0.1`.
    public let text: String
    /// 1-based position among the overrides given.
    public let index: Int
    public let path: [Segment]
    /// The value's YAML tree, located in this override's pseudo-file.
    let value: Node

    /// The pseudo-file name diagnostics and origins use.
    public var file: String { Override.file(index) }
    public static func file(_ index: Int) -> String { "override \(index)" }

    /// `key.path` as the decoder's provenance writes it.
    public var key: String {
        var s = ""
        for seg in path {
            switch seg {
            case .key(let k, _): s += s.isEmpty ? k : ".\(k)"
            case .index(let i, _): s += "[\(i)]"
            }
        }
        return s
    }

    /// True when a command-line argument is an override rather than a path: it has `=`, and the
    /// text before it starts like a key and has no `/` (so `specs/a=b.yaml` stays a path).
    public static func looksLikeOverride(_ argument: String) -> Bool {
        guard let eq = argument.firstIndex(of: "="), let first = argument.first, first.isLetter || first == "_" else { return false }
        return !argument[..<eq].contains("/")
    }

    /// Splits command-line arguments into paths and overrides, keeping each list's order.
    public static func partition(_ arguments: [String]) -> (paths: [String], overrides: [String]) {
        (arguments.filter { !looksLikeOverride($0) }, arguments.filter(looksLikeOverride))
    }

    /// Parses `text` as the `index`-th override; a malformed one is a diagnostic in its pseudo-file.
    public static func parse(_ text: String, index: Int) -> Result<Override, Diagnostic> {
        let file = Override.file(index)
        func fail(_ message: String, column: Int, notes: [DiagnosticNote] = []) -> Result<Override, Diagnostic> {
            .failure(.error(.specOverride, message, at: SourceLocation(file: file, line: 1, column: column), notes: notes))
        }
        let chars = Array(text)
        guard let eq = chars.firstIndex(of: "=") else {
            return fail("an override is key.path=value, got '\(text)'", column: 1,
                        notes: [DiagnosticNote("e.g. optimizer.learning_rate=0.1 or model.layers[0].units=64")])
        }
        if chars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            return fail("an override is one line", column: 1)
        }
        let path: [Segment]
        do { path = try parsePath(Array(chars[..<eq])) } catch { return fail(error.message, column: error.column) }
        if case .key("extends", _) = path[0] {
            return fail("extends cannot be overridden: overrides apply after the base is merged", column: 1)
        }
        // Parsed with the key's width of spaces in front, so the value's nodes (and any error in
        // it) carry the columns they have in the override's text.
        let valueColumn = eq + 2
        let padded = String(repeating: " ", count: eq + 1) + String(chars[(eq + 1)...])
        let parsed = YAMLParser.parse(padded, file: file)
        if let d = parsed.diagnostics.first(where: { $0.severity == .error }) { return .failure(d) }
        let value = parsed.root ?? Node(.scalar(text: "", value: .null), at: SourceLocation(file: file, line: 1, column: valueColumn))
        return .success(Override(text: text, index: index, path: path, value: value))
    }

    private struct PathError: Error {
        var message: String
        var column: Int
    }

    /// `key ( .key | [n] )*`, each segment with its column.
    private static func parsePath(_ k: [Character]) throws(PathError) -> [Segment] {
        var path: [Segment] = []
        var i = 0
        func readKey() throws(PathError) {
            var j = i
            while j < k.count, k[j] != ".", k[j] != "[" { j += 1 }
            let name = String(k[i..<j])
            guard !name.isEmpty else { throw PathError(message: "empty key in '\(String(k))'", column: i + 1) }
            guard !name.contains(where: { $0 == "]" || $0.isWhitespace }) else { throw PathError(message: "'\(name)' is not a key", column: i + 1) }
            path.append(.key(name, column: i + 1))
            i = j
        }
        try readKey()
        while i < k.count {
            let column = i + 1
            switch k[i] {
            case ".":
                i += 1
                try readKey()
            case "[":
                guard let close = k[i...].firstIndex(of: "]") else { throw PathError(message: "'[' without ']' in the key", column: column) }
                let digits = String(k[(i + 1)..<close])
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else {
                    throw PathError(message: "a list index is a non-negative integer, got '[\(digits)]'", column: column)
                }
                path.append(.index(n, column: column))
                i = close + 1
            default:
                throw PathError(message: "expected '.' or '[' after ']'", column: column)
            }
        }
        return path
    }

    /// Parses every override; all malformed ones are reported, not just the first.
    public static func parseAll(_ texts: [String]) -> (overrides: [Override], diagnostics: [Diagnostic]) {
        var overrides: [Override] = [], diagnostics: [Diagnostic] = []
        for (i, t) in texts.enumerated() {
            switch parse(t, index: i + 1) {
            case .success(let o): overrides.append(o)
            case .failure(let d): diagnostics.append(d)
            }
        }
        return (overrides, diagnostics)
    }

    /// The pseudo-files' text, for rendering source lines under diagnostics.
    public static func sources(_ texts: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: texts.enumerated().map { (file($0.offset + 1), $0.element) })
    }

    /// `root` with each override set in order (a later one wins); a path that cannot be followed
    /// (an index past a list's end, a key under a scalar) is an error at the override.
    static func apply(_ overrides: [Override], to root: Node, bag: inout DiagnosticBag) -> Node {
        var tree = root
        for o in overrides {
            switch o.set(in: tree, at: o.path[...], walked: "") {
            case .success(let t): tree = t
            case .failure(let d): bag.append(d)
            }
        }
        return tree
    }

    private func location(_ column: Int) -> SourceLocation { SourceLocation(file: file, line: 1, column: column) }

    private func set(in node: Node, at rest: ArraySlice<Segment>, walked: String) -> Result<Node, Diagnostic> {
        guard let seg = rest.first else { return .success(value) }
        switch seg {
        case .key(let name, let column):
            let here = walked.isEmpty ? name : "\(walked).\(name)"
            var entries: [MappingEntry]
            switch node.content {
            case .mapping(let e): entries = e
            case .scalar(_, .null): entries = []   // `training:` written empty
            default:
                return .failure(.error(.specOverride, "cannot set '\(key)': \(walked.isEmpty ? "the spec" : walked) is \(node.kindName), not a mapping",
                                       at: location(column),
                                       notes: [DiagnosticNote("\(walked) is written here", at: node.location)]))
            }
            if let i = entries.firstIndex(where: { $0.name == name }) {
                return set(in: entries[i].value, at: rest.dropFirst(), walked: here).map { v in
                    entries[i].value = v
                    return Node(.mapping(entries), at: node.location)
                }
            }
            // A key the spec does not write: added, located in the override, so an unknown key is
            // reported there by the decoder with its did-you-mean.
            let keyNode = Node(.scalar(text: name, value: .string(name)), at: location(column))
            let fresh: Node
            switch rest.dropFirst().first {
            case nil: fresh = value
            case .index(_, let c)?:
                return .failure(.error(.specOverride, "cannot set '\(key)': the spec has no list at \(here)", at: location(c)))
            case .key?:
                switch set(in: Node(.mapping([]), at: location(column)), at: rest.dropFirst(), walked: here) {
                case .success(let v): fresh = v
                case .failure(let d): return .failure(d)
                }
            }
            entries.append(MappingEntry(key: keyNode, value: fresh))
            return .success(Node(.mapping(entries), at: node.location))
        case .index(let n, let column):
            let here = "\(walked)[\(n)]"
            guard var items = node.sequence else {
                return .failure(.error(.specOverride, "cannot set '\(key)': \(walked) is \(node.kindName), not a list", at: location(column),
                                       notes: [DiagnosticNote("\(walked) is written here", at: node.location)]))
            }
            guard n < items.count else {
                return .failure(.error(.specOverride, "cannot set '\(key)': \(walked) has \(items.count) item\(items.count == 1 ? "" : "s"), so [\(n)] is out of range",
                                       at: location(column), notes: [DiagnosticNote("\(walked) is written here", at: node.location)]))
            }
            return set(in: items[n], at: rest.dropFirst(), walked: here).map { v in
                items[n] = v
                return Node(.sequence(items), at: node.location)
            }
        }
    }
}
