import NNSpecSyntax

/// Shared state of one decode: the diagnostics found so far and the provenance being recorded.
/// Every typed read reports a wrong type or range as an error at the value and returns nil, so
/// decoding continues and a file's errors are all reported at once.
final class DecodeContext {
    let specFile: String
    var bag = DiagnosticBag()
    var provenance = Provenance()
    /// The pseudo-files of the command line's overrides (`override 1`, …).
    var overrideFiles: Set<String> = []

    init(specFile: String) { self.specFile = specFile }

    /// Values written in a base file keep that file's locations; that is how `extends` shows, and
    /// an override's value is located in its pseudo-file.
    func origin(of node: Node) -> Origin {
        let file = node.location.file
        if file == specFile { return .spec }
        return overrideFiles.contains(file) ? .override : .extends(file)
    }

    func error(_ code: DiagnosticCode, _ message: String, at node: Node, notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        bag.error(code, message, at: node.location, notes: notes, fixIts: fixIts)
    }

    /// A fix-it that replaces `node`'s scalar with `text`: machine-applicable when the node's
    /// text is known and on one line.
    func replacing(_ node: Node, with text: String, _ message: String) -> FixIt {
        let edit = node.range.flatMap { $0.start.line == $0.end.line ? SourceEdit(range: $0, text: text) : nil }
        return FixIt(message, replacement: text, edit: edit)
    }

    // MARK: typed scalars

    func double(_ node: Node, _ what: String, min: Double? = nil, max: Double? = nil,
                minExclusive: Bool = false, maxExclusive: Bool = false) -> Double? {
        let v: Double
        switch node.scalarValue {
        case .int(let i)?: v = Double(i)
        case .float(let f)?: v = f
        default:
            error(.specType, "\(what) must be a number, got \(node.kindName)", at: node)
            return nil
        }
        if !v.isFinite {
            error(.specRange, "\(what) must be finite, got \(node.scalarText ?? "")", at: node)
            return nil
        }
        if let lo = min, minExclusive ? v <= lo : v < lo {
            error(.specRange, "\(what) must be \(minExclusive ? ">" : "≥") \(Format.number(lo)), got \(Format.number(v))", at: node)
            return nil
        }
        if let hi = max, maxExclusive ? v >= hi : v > hi {
            error(.specRange, "\(what) must be \(maxExclusive ? "<" : "≤") \(Format.number(hi)), got \(Format.number(v))", at: node)
            return nil
        }
        return v
    }

    func int(_ node: Node, _ what: String, min: Int? = nil, max: Int? = nil) -> Int? {
        guard case .int(let v)? = node.scalarValue else {
            if case .float(let f)? = node.scalarValue, f == f.rounded(), abs(f) < 1e15 {
                error(.specType, "\(what) must be an integer, got \(node.scalarText ?? "")", at: node,
                      fixIts: [replacing(node, with: String(Int(f)), "write it without a fraction or exponent")])
            } else {
                error(.specType, "\(what) must be an integer, got \(node.kindName)", at: node)
            }
            return nil
        }
        if let lo = min, v < lo {
            error(.specRange, lo == 1 ? "\(what) must be a positive integer, got \(v)" : "\(what) must be ≥ \(lo), got \(v)", at: node)
            return nil
        }
        if let hi = max, v > hi {
            error(.specRange, "\(what) must be ≤ \(hi), got \(v)", at: node)
            return nil
        }
        return v
    }

    func seed(_ node: Node, _ what: String) -> UInt32? {
        int(node, what, min: 0, max: Int(UInt32.max)).map { UInt32($0) }
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        if case .bool(let b)? = node.scalarValue { return b }
        var fixIts: [FixIt] = []
        if let t = node.scalarText?.lowercased(), ["yes", "on", "no", "off"].contains(t) {
            fixIts.append(replacing(node, with: ["yes", "on"].contains(t) ? "true" : "false", "YAML 1.2 reads '\(node.scalarText!)' as a string"))
        }
        error(.specType, "\(what) must be true or false, got \(node.kindName)", at: node, fixIts: fixIts)
        return nil
    }

    func string(_ node: Node, _ what: String) -> String? {
        switch node.scalarValue {
        case .string(let s)?: return s
        case .int?, .float?, .bool?: return node.scalarText
        default:
            error(.specType, "\(what) must be a string, got \(node.kindName)", at: node)
            return nil
        }
    }

    /// An enum spelled by its raw value (or an alias), with a did-you-mean for near misses.
    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, _ type: E.Type,
                                                    aliases: [String: E] = [:]) -> E? where E.RawValue == String {
        guard case .string(let s)? = node.scalarValue else {
            error(.specType, "\(what) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), got \(node.kindName)", at: node)
            return nil
        }
        if let e = E(rawValue: s) ?? aliases[s] { return e }
        let names = E.allCases.map(\.rawValue) + aliases.keys.sorted()
        unknown(s, what: what, candidates: names, at: node)
        return nil
    }

    /// An unknown name, with a did-you-mean. The guess is a guess, so its fix-it has no edit.
    func unknown(_ word: String, what: String, candidates: [String], at node: Node,
                 code: DiagnosticCode = .specUnknownValue) {
        if let guess = Suggestion.closest(to: word, in: candidates) {
            error(code, "unknown \(what) '\(word)'; did you mean '\(guess)'?", at: node,
                  fixIts: [FixIt("replace with '\(guess)'", replacement: guess)])
        } else {
            error(code, "unknown \(what) '\(word)'", at: node,
                  notes: [DiagnosticNote("expected one of: \(candidates.joined(separator: ", "))")])
        }
    }

    func list(_ node: Node, _ what: String) -> [Node]? {
        if let items = node.sequence { return items }
        error(.specType, "\(what) must be a list, got \(node.kindName)", at: node)
        return nil
    }
}

/// Reads one mapping of the spec: hands out its values by key and, on `finish`, reports every
/// key it was not asked for as unknown, with a did-you-mean from `Grammar`.
struct MappingReader {
    let node: Node
    let object: String
    let path: String
    let ctx: DecodeContext
    let entries: [MappingEntry]

    /// nil (with an error) when `node` is not a mapping.
    init?(_ node: Node, object: String, path: String, _ ctx: DecodeContext) {
        guard let entries = node.mapping else {
            ctx.error(.specType, "\(path.isEmpty ? "the spec" : path) must be a mapping, got \(node.kindName)", at: node)
            return nil
        }
        self.node = node
        self.object = object
        self.path = path
        self.ctx = ctx
        self.entries = entries
    }

    var keys: [String] { Grammar.objects[object] ?? [] }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    subscript(key: String) -> Node? {
        assert(keys.contains(key), "\(key) is not declared for \(object) in Grammar")
        return entries.first(where: { $0.name == key })?.value
    }

    func has(_ key: String) -> Bool { self[key] != nil }

    /// Reads `key` with `decode`; when absent, falls back to `fallback` and records its origin.
    func value<T>(_ key: String, default fallback: @autoclosure () -> (T, Origin)?,
                  _ decode: (Node) -> T?) -> T? {
        let p = child(key)
        if let n = self[key] {
            ctx.provenance.record(p, ctx.origin(of: n), n.location)
            return decode(n)
        }
        guard let (v, origin) = fallback() else { return nil }
        ctx.provenance.record(p, origin, nil)
        return v
    }

    /// Reports keys that no grammar entry names.
    func finish() {
        for e in entries where !keys.contains(e.name) {
            ctx.unknown(e.name, what: "key in \(object)", candidates: keys, at: e.key, code: .specUnknownKey)
        }
    }

    func required(_ key: String) -> Node? {
        if let n = self[key] { return n }
        ctx.error(.specMissingKey, "missing required key '\(key)' in \(path.isEmpty ? "the spec" : path)", at: node)
        return nil
    }
}
