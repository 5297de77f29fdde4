/// What `YAMLParser.parse` found: the tree, and every problem on the way.
public struct ParseResult: Sendable {
    /// The document's root; nil whenever `diagnostics` holds an error, so a tree is never half-trusted.
    public var root: Node?
    public var diagnostics: [Diagnostic]

    public init(root: Node?, diagnostics: [Diagnostic]) {
        self.root = root
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Parses one spec file's YAML into a `Node` tree with file:line:col on every node.
///
/// libyaml's event parser does the syntax; the tree, the YAML 1.2 core schema, anchors and the
/// refusals are done here. A spec is one document; duplicate keys, tags beyond the core schema,
/// non-scalar keys and merge keys (`<<`) are errors; aliases are expanded into copies under a
/// node budget, so a 'billion laughs' document is refused before it is built.
public enum YAMLParser {
    /// `file` is the path used in locations. Never traps; every problem is a Diagnostic.
    public static func parse(_ text: String, file: String, aliasBudget: Int = 10_000) -> ParseResult {
        parse(bytes: Array(text.utf8), file: file, aliasBudget: aliasBudget)
    }

    /// As `parse(_:file:aliasBudget:)`, from the file's bytes, so text that is not UTF-8 is reported
    /// at its first bad byte instead of being silently replaced.
    public static func parse(bytes: [UInt8], file: String, aliasBudget: Int = 10_000) -> ParseResult {
        let source = SourceBytes(bytes)
        let start = SourceLocation(file: file, line: 1, column: 1)

        if let bad = SourceBytes.firstInvalidUTF8(bytes) {
            let (line, column) = source.position(ofByte: bad)
            let hex = "0x" + String(bytes[bad], radix: 16, uppercase: true)
            return ParseResult(root: nil, diagnostics: [.error(.yamlEncoding,
                "file is not valid UTF-8: byte \(hex) at \(line):\(column)",
                at: SourceLocation(file: file, line: line, column: column),
                fixIts: [FixIt("save the file as UTF-8")])])
        }
        guard let reader = LibYAMLEventReader(bytes: bytes) else {
            return ParseResult(root: nil, diagnostics: [.error(.yamlLimit, "YAML: out of memory", at: start)])
        }

        var builder = TreeBuilder(file: file, aliasBudget: aliasBudget, source: source)
        var firstDocument: SourceLocation?
        var step = TreeBuilder.Step.proceed

        events: while step == .proceed {
            switch reader.next() {
            case .failure(let error):
                builder.append(syntaxDiagnostic(error, source: source, file: file))
                step = .stop
            case .success(let event):
                switch event {
                case .streamStart, .documentEnd:
                    break
                case .streamEnd:
                    break events
                case .documentStart(let mark):
                    let here = SourceLocation(file: file, line: mark.line, column: mark.column)
                    if let firstDocument {
                        builder.append(.error(.yamlMultipleDocuments,
                            "a spec file holds one YAML document, but a second one starts here", at: here,
                            notes: [DiagnosticNote("the first document starts here", at: firstDocument)],
                            fixIts: [FixIt("put each spec in a file of its own")]))
                        step = .stop
                    } else {
                        firstDocument = here
                    }
                case .alias(let anchor, let mark):
                    step = builder.alias(anchor, at: mark)
                case .scalar(let text, let isPlain, let properties):
                    step = builder.scalar(text: text, isPlain: isPlain, properties)
                case .sequenceStart(let properties):
                    step = builder.sequenceStart(properties)
                case .mappingStart(let properties):
                    step = builder.mappingStart(properties)
                case .sequenceEnd, .mappingEnd:
                    step = builder.endCollection()
                }
            }
        }

        if step == .proceed, firstDocument == nil || builder.rootIsEmpty {
            builder.append(.error(.yamlEmpty, "the spec is empty", at: start))
        }
        let diagnostics = builder.diagnostics
        return ParseResult(root: diagnostics.hasErrors ? nil : builder.root, diagnostics: diagnostics.diagnostics)
    }

    /// libyaml's error as one diagnostic at the position it reports, with its problem and context.
    static func syntaxDiagnostic(_ e: LibYAMLError, source: SourceBytes, file: String) -> Diagnostic {
        func location(_ m: Mark) -> SourceLocation { SourceLocation(file: file, line: m.line, column: m.column) }

        var message = "YAML syntax: \(e.problem)"
        if let value = e.problemValue {
            message += " (U+\(String(value, radix: 16, uppercase: true).leftPadded(to: 4)))"
        }
        if let context = e.context { message += " " + context }

        let position: Mark
        switch e.position {
        case .mark(let m): position = m
        case .byteOffset(let offset):
            let (line, column) = source.position(ofByte: offset)
            position = Mark(line: line, column: column)
        case .unknown: position = Mark(line: 1, column: 1)
        }

        var notes: [DiagnosticNote] = []
        if let context = e.context, let mark = e.contextMark, mark != position, let what = contextSubject(context) {
            notes.append(DiagnosticNote("\(what) starts here", at: location(mark)))
        }
        var fixIts: [FixIt] = []
        if tabInIndentation(source.lineBytes(position.line), upToColumn: position.column) {
            fixIts.append(FixIt("indent with spaces: YAML does not allow tabs in indentation"))
        }
        return .error(e.problem == "out of memory" ? .yamlLimit : .yamlSyntax, message, at: location(position), notes: notes, fixIts: fixIts)
    }

    /// "while parsing a block mapping" → "the block mapping".
    private static func contextSubject(_ context: String) -> String? {
        for prefix in ["while parsing ", "while scanning "] where context.hasPrefix(prefix) {
            var rest = Substring(context.dropFirst(prefix.count))
            for article in ["a ", "an "] where rest.hasPrefix(article) {
                rest = rest.dropFirst(article.count)
            }
            return "the " + rest
        }
        return nil
    }

    /// The line's leading whitespace, up to and including `column`, contains a tab.
    private static func tabInIndentation(_ line: ArraySlice<UInt8>, upToColumn column: Int) -> Bool {
        for (i, b) in line.enumerated() where i < column {
            if b == 0x09 { return true }
            if b != 0x20 { return false }
        }
        return false
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
