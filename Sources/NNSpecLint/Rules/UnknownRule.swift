import NNSpecIR
import NNSpecSyntax

/// Rule ids in `lint.disable` or a suppression comment that name no rule.
struct UnknownRule: SpecRule {
    static let description = RuleDescription(
        id: "unknown-rule", name: "Unknown rule id", severity: .warning,
        summary: "lint.disable or an nnspec-lint comment names a rule that does not exist.",
        explanation: """
        A misspelled id in `lint: {disable: [...]}` or in a `# nnspec-lint: disable=ID` comment \
        disables nothing, so the finding it was meant to silence still appears — or, worse, a \
        rename leaves a stale suppression that silently stops working. The rule checks every id \
        against the registry (`nnspec explain` lists them) and suggests the closest.
        """,
        triggering: [
            .example(data: .identity,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy",
                     then: ["lint: {disable: [↓symetric-init]}"]),
            .example(data: .identity,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy  # nnspec-lint: disable=↓too-few-update"),
        ],
        nonTriggering: [
            .example(data: .identity,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy  # nnspec-lint: disable=too-few-updates",
                     then: ["lint: {disable: [symmetric-init]}"]),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let known = Set(RuleRegistry.ids)
        var out: [Diagnostic] = []
        let nodes = c.tree?["lint"]?["disable"]?.sequence ?? []
        for id in c.spec.disabledRules where !known.contains(id) {
            let at = nodes.first { $0.scalarText == id }?.location ?? c.start
            out.append(finding(id, at: at, where: "lint.disable"))
        }
        if let text = c.sources[c.spec.file] {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for (id, column) in Suppressions.comment(in: line) where !known.contains(id) && id != "all" {
                    out.append(finding(id, at: SourceLocation(file: c.spec.file, line: n + 1, column: column), where: "this comment"))
                }
            }
        }
        return out
    }

    private func finding(_ id: String, at: SourceLocation, where place: String) -> Diagnostic {
        let guess = Suggestion.closest(to: id, in: RuleRegistry.ids)
        return Self.finding(
            "unknown lint rule '\(id)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
            at: at,
            notes: [DiagnosticNote("\(place) disables nothing under this id; 'nnspec explain' lists the rules")],
            fixIts: guess.map { [FixIt("replace with '\($0)'", replacement: $0)] } ?? [])
    }
}
