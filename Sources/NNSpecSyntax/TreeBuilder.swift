/// Builds the `Node` tree of one document from libyaml's node events.
///
/// Works with an explicit stack, so input nesting never turns into Swift recursion. Problems that
/// leave the rest of the document meaningful (a duplicate key, an unknown tag) are recorded and the
/// build goes on, so one run reports all of them; problems that make going on pointless or
/// dangerous (alias expansion over budget, nesting too deep) return `.stop`.
struct TreeBuilder {
    enum Step { case proceed, stop }

    /// Deeper nesting is refused: no spec needs it, and every later stage (and `Node`'s own
    /// destruction) walks the tree recursively.
    static let maxDepth = 256

    let file: String
    let aliasBudget: Int
    /// The text, to turn marks into byte offsets for scalar ranges.
    let source: SourceBytes?
    private(set) var diagnostics = DiagnosticBag()
    /// The finished document root, once its last event has been seen.
    private(set) var root: Node?
    /// The root is a plain, untagged, empty scalar: a document with `---` and nothing else.
    private(set) var rootIsEmpty = false

    /// A finished node with what the alias budget and the depth limit need to know about it.
    private struct Built {
        var node: Node
        /// Nodes in the subtree, mapping keys included.
        var size: Int
        /// Collection levels in the subtree: 0 for a scalar.
        var height: Int
        /// An untagged plain `<<`, YAML 1.1's merge key.
        var isMergeKey = false
        var isEmptyPlain = false
    }

    private struct Frame {
        enum Kind { case sequence, mapping }
        var kind: Kind
        var location: SourceLocation
        var anchor: String?
        var items: [Node] = []
        var entries: [MappingEntry] = []
        var pendingKey: Node?
        var keysByText: [String: SourceLocation] = [:]
        var keysByValue: [ScalarValue: SourceLocation] = [:]
        var size = 1
        var height = 1
    }

    private var stack: [Frame] = []
    /// The last mark turned into an offset: scalars come in file order, so the next one is
    /// found from here, and a long line costs its length once, not once per scalar on it.
    private var cursor = (line: 0, column: 0, offset: 0)
    private var anchors: [String: Built] = [:]
    /// Nodes produced by alias expansion so far.
    private var expanded = 0

    init(file: String, aliasBudget: Int, source: SourceBytes? = nil) {
        self.file = file
        self.aliasBudget = max(aliasBudget, 0)
        self.source = source
    }

    mutating func append(_ d: Diagnostic) { diagnostics.append(d) }

    // MARK: - Events

    mutating func scalar(text: String, isPlain: Bool, _ p: NodeProperties) -> Step {
        let location = loc(p.mark)
        let value: ScalarValue
        let resolution: Result<ScalarValue, ScalarResolver.Failure>
        switch p.tag {
        case nil:
            resolution = isPlain ? ScalarResolver.resolvePlain(text) : .success(.string(text))
        case let tag?:
            if let core = CoreTag(resolved: tag) {
                resolution = ScalarResolver.coerce(text, to: core)
            } else {
                unknownTag(tag, at: location)
                resolution = .success(.string(text))
            }
        }
        switch resolution {
        case .success(let v): value = v
        case .failure(let f):
            diagnostics.error(.yamlScalar, f.message, at: location)
            value = .string(text)
        }
        let node = Node(.scalar(text: text, value: value), at: location, range: range(p.mark, p.end))
        var built = Built(node: node, size: 1, height: 0)
        built.isMergeKey = isPlain && p.tag == nil && text == "<<"
        built.isEmptyPlain = isPlain && p.tag == nil && p.anchor == nil && text.isEmpty
        if let anchor = p.anchor { anchors[anchor] = built }
        add(built)
        return .proceed
    }

    private mutating func startCollection(_ kind: Frame.Kind, _ p: NodeProperties) -> Step {
        let location = loc(p.mark)
        guard stack.count < TreeBuilder.maxDepth else {
            diagnostics.error(.yamlLimit, "nesting is deeper than \(TreeBuilder.maxDepth) levels", at: location)
            return .stop
        }
        if let tag = p.tag {
            let expected: CoreTag = kind == .mapping ? .map : .seq
            if let core = CoreTag(resolved: tag) {
                if core != expected {
                    let what = kind == .mapping ? "a mapping" : "a list"
                    let needs: String
                    switch core {
                    case .map: needs = "a mapping"
                    case .seq: needs = "a list"
                    default: needs = "a scalar"
                    }
                    diagnostics.error(.yamlUnsupported, "tag \(core.spelling) needs \(needs), but this is \(what)", at: location)
                }
            } else {
                unknownTag(tag, at: location)
            }
        }
        stack.append(Frame(kind: kind, location: location, anchor: p.anchor))
        return .proceed
    }

    mutating func sequenceStart(_ p: NodeProperties) -> Step { startCollection(.sequence, p) }
    mutating func mappingStart(_ p: NodeProperties) -> Step { startCollection(.mapping, p) }

    /// Ends the innermost collection (libyaml guarantees the matching kind).
    mutating func endCollection() -> Step {
        guard var frame = stack.popLast() else { return .proceed }
        let content: Node.Content
        switch frame.kind {
        case .sequence:
            content = .sequence(frame.items)
        case .mapping:
            if let key = frame.pendingKey {
                // Not produced by libyaml (a key always gets a value), but never lose a key.
                frame.entries.append(MappingEntry(key: key, value: Node(.scalar(text: "", value: .null), at: key.location)))
            }
            content = .mapping(frame.entries)
        }
        let built = Built(node: Node(content, at: frame.location), size: frame.size, height: frame.height)
        if let anchor = frame.anchor { anchors[anchor] = built }
        add(built)
        return .proceed
    }

    mutating func alias(_ name: String, at mark: Mark) -> Step {
        let location = loc(mark)
        let placeholder = Built(node: Node(.scalar(text: "", value: .null), at: location), size: 1, height: 0)
        if let open = stack.last(where: { $0.anchor == name }) {
            diagnostics.error(.yamlAlias, "alias *\(name) refers to a node that contains it", at: location,
                              notes: [DiagnosticNote("anchor &\(name) is defined here", at: open.location)])
            add(placeholder)
            return .proceed
        }
        guard let target = anchors[name] else {
            diagnostics.error(.yamlAlias, "undefined alias *\(name)", at: location,
                              notes: [DiagnosticNote("an alias must come after the node it names, which is marked &\(name)")])
            add(placeholder)
            return .proceed
        }
        // Checked before anything is copied, so a 'billion laughs' document costs nothing to refuse.
        if target.size > aliasBudget - expanded {
            diagnostics.error(.yamlLimit,
                "alias expansion exceeds \(aliasBudget) nodes (possible 'billion laughs')", at: location,
                notes: [DiagnosticNote("*\(name) stands for \(target.size) nodes; \(expanded) were already expanded from aliases")])
            return .stop
        }
        if stack.count + target.height > TreeBuilder.maxDepth {
            diagnostics.error(.yamlLimit, "nesting is deeper than \(TreeBuilder.maxDepth) levels once *\(name) is expanded", at: location)
            return .stop
        }
        expanded += target.size
        // The copy keeps the anchor's position, as `Node` documents; an alias is never a merge key.
        add(Built(node: target.node.withoutRanges(), size: target.size, height: target.height))
        return .proceed
    }

    // MARK: - Assembly

    private mutating func add(_ built: Built) {
        guard !stack.isEmpty else {
            root = built.node
            rootIsEmpty = built.isEmptyPlain
            return
        }
        let top = stack.count - 1
        stack[top].size += built.size
        stack[top].height = max(stack[top].height, built.height + 1)
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(built.node)
        case .mapping:
            if let key = stack[top].pendingKey {
                stack[top].entries.append(MappingEntry(key: key, value: built.node))
                stack[top].pendingKey = nil
            } else {
                checkKey(built)
                stack[top].pendingKey = built.node
            }
        }
    }

    private mutating func checkKey(_ built: Built) {
        let key = built.node
        guard case .scalar(let text, let value) = key.content else {
            diagnostics.error(.yamlUnsupported, "a mapping key must be a scalar, not \(key.kindName)", at: key.location)
            return
        }
        if built.isMergeKey {
            diagnostics.error(.yamlUnsupported,
                "merge keys ('<<') are not supported: which keys win is ambiguous", at: key.location,
                fixIts: [FixIt("write the keys of the merged mapping out in this mapping")])
            return
        }
        let top = stack.count - 1
        var first = stack[top].keysByText[text]
        if first == nil, !isString(value) { first = stack[top].keysByValue[value] }
        if let first {
            diagnostics.error(.yamlDuplicateKey, "duplicate key '\(text)' in this mapping", at: key.location,
                              notes: [DiagnosticNote("'\(text)' was first defined here", at: first)])
            return
        }
        stack[top].keysByText[text] = key.location
        if !isString(value) { stack[top].keysByValue[value] = key.location }
    }

    private mutating func unknownTag(_ tag: String, at location: SourceLocation) {
        diagnostics.error(.yamlUnsupported, "unknown tag \(CoreTag.spelling(ofResolved: tag))", at: location,
                          notes: [DiagnosticNote("a spec may only use the core tags \(CoreTag.allSpellings)")])
    }

    private func isString(_ v: ScalarValue) -> Bool {
        if case .string = v { return true }
        return false
    }

    private mutating func offset(_ m: Mark) -> Int? {
        guard let source else { return nil }
        let found = m.line == cursor.line && m.column >= cursor.column
            ? source.advance(from: cursor.offset, columns: m.column - cursor.column)
            : source.offset(line: m.line, column: m.column)
        if let found { cursor = (m.line, m.column, found) }
        return found
    }

    private mutating func range(_ start: Mark, _ end: Mark?) -> SourceRange? {
        guard let end, let a = offset(start), let b = offset(end), a <= b else { return nil }
        return SourceRange(file: file, start: SourcePosition(offset: a, line: start.line, column: start.column),
                           end: SourcePosition(offset: b, line: end.line, column: end.column))
    }

    private func loc(_ m: Mark) -> SourceLocation {
        SourceLocation(file: file, line: m.line, column: m.column)
    }
}
