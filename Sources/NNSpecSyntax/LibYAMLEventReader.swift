import CYAML

/// A 1-based position as libyaml reports it (its marks are 0-based).
struct Mark: Equatable, Sendable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ m: yaml_mark_t) {
        line = Int(clamping: m.line) + 1
        column = Int(clamping: m.column) + 1
    }
}

/// Anchor, tag and start of a node event. `tag` is libyaml's resolved form (`tag:yaml.org,2002:int`, `!foo`).
struct NodeProperties: Sendable {
    var anchor: String?
    var tag: String?
    var mark: Mark
    /// Where the event's text ends (for a scalar, just after its last character).
    var end: Mark? = nil
}

/// A libyaml parse event, copied out of C memory.
enum YAMLEvent: Sendable {
    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd
    case alias(anchor: String, mark: Mark)
    /// `isPlain`: written without quotes or block indicator, so the core schema resolves it.
    case scalar(text: String, isPlain: Bool, NodeProperties)
    case sequenceStart(NodeProperties)
    case sequenceEnd
    case mappingStart(NodeProperties)
    case mappingEnd
}

/// The error libyaml stopped with.
struct LibYAMLError: Error, Sendable {
    enum Position: Sendable {
        case mark(Mark)
        /// Reader errors (bad characters) only know the byte offset into the input.
        case byteOffset(Int)
        case unknown
    }

    var problem: String
    var context: String?
    var position: Position
    var contextMark: Mark?
    /// The offending character for reader errors, e.g. a control character.
    var problemValue: Int?
}

/// Pulls events from libyaml's event parser (`yaml_parser_parse`) one at a time.
/// Owns the parser and a copy of the input; both are released in `deinit`.
final class LibYAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutablePointer<UInt8>
    private var finished = false

    /// Nil if libyaml cannot allocate its parser.
    init?(bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        // libyaml reads the input in place, so it must outlive the parser; keep at least one byte allocated.
        input = .allocate(capacity: max(bytes.count, 1))
        input.initialize(repeating: 0, count: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { input.update(from: base, count: buffer.count) }
        }
        guard yaml_parser_initialize(parser) == 1 else {
            // A failed initialize frees what it allocated itself.
            parser.deinitialize(count: 1)
            parser.deallocate()
            input.deallocate()
            return nil
        }
        yaml_parser_set_input_string(parser, input, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or the error libyaml stopped at. After the stream end or an error, every call
    /// returns `.streamEnd` or the same kind of error without touching libyaml again.
    func next() -> Result<YAMLEvent, LibYAMLError> {
        if finished { return .success(.streamEnd) }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            finished = true
            return .failure(currentError())
        }
        defer { yaml_event_delete(&event) }
        let mark = Mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .success(.streamStart)
        case YAML_STREAM_END_EVENT:
            finished = true
            return .success(.streamEnd)
        case YAML_DOCUMENT_START_EVENT:
            return .success(.documentStart(mark))
        case YAML_DOCUMENT_END_EVENT:
            return .success(.documentEnd)
        case YAML_ALIAS_EVENT:
            return .success(.alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark))
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text: String
            if let value = s.value {
                text = String(decoding: UnsafeBufferPointer(start: value, count: s.length), as: UTF8.self)
            } else {
                text = ""
            }
            let properties = NodeProperties(anchor: Self.string(s.anchor), tag: Self.string(s.tag), mark: mark,
                                            end: Mark(event.end_mark))
            return .success(.scalar(text: text, isPlain: s.style == YAML_PLAIN_SCALAR_STYLE, properties))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            return .success(.sequenceStart(NodeProperties(anchor: Self.string(s.anchor), tag: Self.string(s.tag), mark: mark)))
        case YAML_SEQUENCE_END_EVENT:
            return .success(.sequenceEnd)
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            return .success(.mappingStart(NodeProperties(anchor: Self.string(m.anchor), tag: Self.string(m.tag), mark: mark)))
        case YAML_MAPPING_END_EVENT:
            return .success(.mappingEnd)
        default:
            finished = true
            return .failure(LibYAMLError(problem: "unexpected event from libyaml (\(event.type.rawValue))",
                                         position: .mark(mark)))
        }
    }

    private func currentError() -> LibYAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown error"
        let context = p.context.map { String(cString: $0) }
        switch p.error {
        case YAML_MEMORY_ERROR:
            return LibYAMLError(problem: "out of memory", position: .unknown)
        case YAML_READER_ERROR:
            let value = p.problem_value == -1 ? nil : Int(p.problem_value)
            return LibYAMLError(problem: problem, context: context,
                                position: .byteOffset(Int(clamping: p.problem_offset)), problemValue: value)
        default:
            let problemMark = Mark(p.problem_mark)
            let contextMark = context == nil ? nil : Mark(p.context_mark)
            // libyaml leaves problem_mark zeroed when it has only a context position.
            let position: Mark
            if p.problem == nil || problemMark == Mark(line: 1, column: 1), let contextMark, contextMark != problemMark {
                position = contextMark
            } else {
                position = problemMark
            }
            return LibYAMLError(problem: problem, context: context, position: .mark(position), contextMark: contextMark)
        }
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}
