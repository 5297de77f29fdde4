import NNSpecIR
import NNSpecSyntax

/// A `mirrors:` entry that cannot be compared.
struct MirrorUnreadable: SpecRule {
    static let description = RuleDescription(
        id: "mirror-unreadable", name: "Mirror cannot be read", severity: .error,
        summary: "A spec named in mirrors: is missing or does not load, so nothing is compared.",
        explanation: """
        `mirrors: other.yaml` (a path relative to this spec) claims that the two specs are the same \
        experiment; lint then compares their effective semantics with the mirror-* rules. When the \
        other spec is missing or has errors, none of those comparisons can run, and a claimed \
        equivalence goes unchecked.
        """,
        triggering: [RuleExample("mirrors: ↓missing.yaml\n" + oneUnit)],
        nonTriggering: [MirrorExamples.pair(oneUnit, oneUnit)])

    /// The spec of the examples, without its `mirrors:` line.
    private static let oneUnit = RuleExample.yaml(data: .identity, layers: ["{units: 1, activation: sigmoid}"],
                                                  loss: "binary_crossentropy")

    func check(_ c: LintContext) -> [Diagnostic] {
        c.mirrors.compactMap { t in
            t.problem.map {
                Self.finding("cannot compare with mirror: \($0)", at: t.location,
                             notes: [DiagnosticNote("mirrors: paths are relative to this spec's directory")])
            }
        }
    }
}
