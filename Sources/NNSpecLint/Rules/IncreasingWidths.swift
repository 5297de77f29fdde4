import NNSpecIR
import NNSpecSyntax

/// Hidden layers that widen toward the output.
struct IncreasingWidths: SpecRule {
    static let description = RuleDescription(
        id: "increasing-widths", name: "Hidden layers widen", severity: .note,
        summary: "A hidden layer is wider than the hidden layer before it.",
        explanation: """
        A dense layer can carry no more information about the input than the narrowest layer \
        before it, so widening after a narrow layer adds parameters, not capacity; the usual shape \
        narrows toward the output. NeuraLint reports increasing dense widths as a design smell. \
        Informational: it is not a bug, and some experiments widen on purpose.
        """,
        triggering: [
            .example(data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: ↓16, activation: tanh}", "{units: 1}"],
                     loss: "mse"),
        ],
        nonTriggering: [
            .example(data: .sine,
                     layers: ["{units: 16, activation: tanh}", "{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        // Widths of consecutive hidden dense layers; a convolution's filters or a flatten's size
        // are not units of the same kind.
        guard let plan = c.plan else { return [] }
        let widths = plan.layers.map(\.outputWidth)
        let hidden = Array(c.layers.indices.dropLast())
        return zip(hidden, hidden.dropFirst()).filter { prev, i in
            c.layers[prev].type is Dense.Type && c.layers[i].type is Dense.Type && widths[i] > widths[prev]
        }.map { prev, i in
            Self.finding(
                "hidden \(c.layerName(i)) has \(widths[i]) units after \(widths[prev]) in '\(c.layers[prev].name)': it cannot carry more than the narrower layer passed on",
                at: c.location("\(c.layerPath(i)).units", else: c.layers[i].location),
                notes: [DiagnosticNote("widths: " + widths.map(String.init).joined(separator: " → "))],
                fixIts: [c.fix("narrow toward the output", setting: "\(c.layerPath(i)).units", to: "\(widths[prev])")])
        }
    }
}
