import NNSpecIR
import NNSpecSyntax

/// Softmax inside the network.
struct HiddenSoftmax: SpecRule {
    static let description = RuleDescription(
        id: "hidden-softmax", name: "Softmax in a hidden layer", severity: .warning,
        summary: "A hidden layer uses softmax, which makes its units compete to sum to 1.",
        explanation: """
        Softmax normalizes a layer's units into a distribution: each hidden unit's value depends on \
        all the others, the layer's outputs are confined to a simplex, and each gradient is shrunk by \
        p_j(1 − p_j). It belongs at the output of a classifier; hidden layers use relu, tanh or \
        sigmoid (NeuraLint's rule on activations of intermediate layers).
        """,
        triggering: [
            .example(data: .steps,
                     layers: ["{units: 4, activation: ↓softmax}", "{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
        ],
        nonTriggering: [
            .example(data: .steps,
                     layers: ["{units: 4, activation: tanh}", "{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        // The runtime's softmax normalizes each sample's whole output (a dense layer's units).
        c.layers.indices.dropLast().compactMap { i in
            c.layers[i].activation == .softmax ? c.width(i).flatMap { $0 > 1 ? (i, $0) : nil } : nil
        }.map { i, width in
            Self.finding(
                "softmax in hidden \(c.layerName(i)) makes its \(width) units compete to sum to 1",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("each unit's value depends on all the others, and each gradient is scaled by p(1 − p) ≤ 1/4")],
                fixIts: [c.fix("use a hidden-layer activation", setting: "\(c.layerPath(i)).activation", to: "relu")])
        }
    }
}
