import NNSpecIR
import NNSpecSyntax

/// Softmax over one unit.
struct SoftmaxSingleUnit: SpecRule {
    static let description = RuleDescription(
        id: "softmax-single-unit", name: "Softmax over one unit", severity: .error,
        summary: "A softmax over a single unit always outputs 1.",
        explanation: """
        softmax(z)_j = e^{z_j} / Σ_i e^{z_i}; with one unit that is e^z/e^z = 1 for every input. The \
        layer's output is constant, its gradient is zero, and nothing before it learns. A binary \
        output is one sigmoid unit (or two softmax units).
        """,
        triggering: [
            .example(data: .steps, layers: ["{units: 1, activation: ↓softmax}"], loss: "binary_crossentropy"),
        ],
        nonTriggering: [
            .example(data: .steps, layers: ["{units: 1, activation: sigmoid}"], loss: "binary_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.layers.indices.filter { c.layers[$0].activation == .softmax && c.width($0) == 1 }.map { i in
            Self.finding(
                "softmax over the single unit of \(c.layerName(i)) is always 1: the output is constant and nothing before it learns",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("softmax(z) = e^z / e^z = 1 for every input; its gradient is 0")],
                fixIts: [c.fix("for a binary output", setting: "\(c.layerPath(i)).activation", to: "sigmoid")])
        }
    }
}
