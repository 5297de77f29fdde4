import NNSpecIR
import NNSpecSyntax

/// NaN or infinite values in the data.
struct NonFiniteData: SpecRule {
    static let description = RuleDescription(
        id: "non-finite-data", name: "Non-finite data", severity: .error,
        summary: "The training inputs or targets contain NaN or infinite values.",
        explanation: """
        A single NaN or ±∞ in a batch makes that batch's loss and every gradient it touches NaN, and \
        one NaN update poisons every weight for the rest of the run (UMLAUT's NaN check). The rule \
        scans the training data the spec produces — after generation, loading, split and \
        preprocessing — so a `log` of a zero or a division by a zero standard deviation is caught too.
        """,
        triggering: [
            .example(data: ExampleData(lines: ["inputs: {↓apply: {fn: log, of: [[0], [1], [2], [3]]}}", "targets: [[0], [0], [1], [1]]"]),
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
        ],
        nonTriggering: [
            .example(data: ExampleData(lines: ["inputs: {apply: {fn: log, of: [[1], [2], [3], [4]]}}", "targets: [[0], [0], [1], [1]]"]),
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard let d = c.trainingData else { return [] }
        var out: [Diagnostic] = []
        for (name, array, expr) in [("inputs", d.inputs, c.spec.data.inputs), ("targets", d.targets, c.spec.data.targets)] {
            // The inputs were already scanned for the statistics; only look closer when needed.
            if name == "inputs", c.inputStatistics?.nonFinite == 0 { continue }
            let v = array.values
            let count = v.withUnsafeBufferPointer { b in b.reduce(0) { $0 + ($1.isFinite ? 0 : 1) } }
            guard count > 0, let first = v.firstIndex(where: { !$0.isFinite }) else { continue }
            let cols = array.columns
            out.append(Self.finding(
                "the training \(name) contain \(count) NaN or infinite value\(count == 1 ? "" : "s"): every loss and gradient they touch is NaN",
                at: expr.location ?? c.start,
                notes: [DiagnosticNote("first at row \(first / cols), column \(first % cols): \(v[first])")],
                fixIts: [FixIt("drop or impute these values before training")]))
        }
        return out
    }
}
