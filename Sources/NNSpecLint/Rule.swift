import NNSpecIR
import NNSpecSyntax

/// A spec text that must (or must not) trigger a rule. In a triggering example one `↓` marks
/// the exact line and column the finding must point at; the marker is removed before loading.
/// Cross-spec examples also give the text of the spec named by `mirrors: mirror.yaml`.
public struct RuleExample: Sendable {
    public static let marker: Character = "↓"
    /// The file name a cross-spec example's `mirrors:` must use.
    public static let mirrorFile = "mirror.yaml"

    public var spec: String
    public var mirror: String?

    public init(_ spec: String, mirror: String? = nil) {
        self.spec = spec
        self.mirror = mirror
    }

    /// The text without the marker, and the marker's 1-based line and column (in characters,
    /// as the YAML parser counts them).
    public var unmarked: (text: String, line: Int, column: Int)? {
        var line = 1, column = 1
        var text = ""
        var found: (Int, Int)?
        for ch in spec {
            if ch == Self.marker {
                found = (line, column)
                continue
            }
            text.append(ch)
            if ch == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return found.map { (text, $0.0, $0.1) }
    }

    /// The text with any marker removed.
    public var text: String { spec.filter { $0 != Self.marker } }
}

/// Everything a rule says about itself: identity, the documentation `nnspec explain` prints and
/// SARIF carries, and the examples the generic test runs.
///
/// Rule ids are lowercase kebab-case slugs naming the pitfall (`penalty-scope`,
/// `mirror-penalty`); cross-spec rules start with `mirror-`. An id never changes once released,
/// since specs and comments name it to disable it.
public struct RuleDescription: Sendable {
    public var id: String
    public var name: String
    public var severity: Severity
    /// One line.
    public var summary: String
    /// A paragraph or more, with the formulas behind the rule.
    public var explanation: String
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]

    public init(id: String, name: String, severity: Severity, summary: String, explanation: String,
                triggering: [RuleExample], nonTriggering: [RuleExample]) {
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.explanation = explanation
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// A lint rule: one file, one type, documented and tested by its own `description`.
public protocol LintRule: Sendable {
    static var description: RuleDescription { get }
    init()
}

/// A rule about one spec.
public protocol SpecRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic]
}

/// A rule comparing a spec with one it declares it mirrors (`mirrors: other.yaml`).
public protocol MirrorRule: LintRule {
    func check(_ context: MirrorContext) -> [Diagnostic]
}

extension LintRule {
    /// A finding of this rule, at the rule's severity.
    public static func finding(_ message: String, at location: SourceLocation, notes: [DiagnosticNote] = [],
                               fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(description.severity, message, at: location, id: description.id, notes: notes, fixIts: fixIts)
    }
}
