import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Two specs whose training data differ.
struct MirrorData: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-data", name: "Mirrors train on different data", severity: .warning,
        summary: "The mirrored specs' training data differ in shape or in value.",
        explanation: """
        Both specs' training data are materialized (after generation, loading, split and \
        preprocessing) and compared: different shapes, or values that differ anywhere, mean the two \
        runs cannot agree however their conventions are aligned. A (n,) target vector and an (n, 1) \
        column with the same values count as the same data here; whether the loss broadcasts them \
        is `mirror-loss`'s concern.
        """,
        triggering: [MirrorExamples.changed("""
        data:
          inputs: {↓apply: {fn: square, of: x}}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        data:
          inputs: {apply: {fn: negative, of: {apply: {fn: negative, of: x}}}}
          targets: {apply: {fn: sin, of: {apply: {fn: negative, of: {apply: {fn: negative, of: x}}}}}}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard let a = m.this.trainingData, let b = m.other.trainingData else { return [] }
        var out: [Diagnostic] = []
        let exprs = [("inputs", a.inputs, b.inputs, m.this.spec.data.inputs, m.other.spec.data.inputs),
                     ("targets", a.targets, b.targets, m.this.spec.data.targets, m.other.spec.data.targets)]
        for (name, x, y, ex, ey) in exprs {
            let at = ex.location ?? m.this.start
            if x.rows != y.rows || x.columns != y.columns {
                out.append(Self.finding(
                    "the training \(name) are \(shape(x)) here and \(shape(y)) in \(m.otherName)",
                    at: at, notes: [m.there("training \(name) \(shape(y))", else: ey.location)]))
                continue
            }
            guard case .values(let worst, let row, let column, let here, let there)? = ArrayDifference.between(x, y) else { continue }
            out.append(Self.finding(
                "the training \(name) differ from \(m.otherName)'s by up to \(Num.g(worst)) (row \(row), column \(column))",
                at: at,
                notes: [DiagnosticNote("here \(Num.g(here)), there \(Num.g(there)); both \(shape(x))"),
                        m.there("training \(name)", else: ey.location)]))
        }
        return out
    }

    private func shape(_ a: DataArray) -> String { "\(a.rows) × \(a.columns)" }
}
