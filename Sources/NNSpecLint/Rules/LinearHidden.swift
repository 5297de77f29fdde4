import NNSpecIR
import NNSpecSyntax

// Dense-network rules from NeuraLint's graph rules (missing activations, increasing dense widths,
// non-zero biases) and UMLAUT's heuristics (missing activations, learning-rate range).

/// A hidden layer without a non-linearity.
struct LinearHidden: SpecRule {
    static let description = RuleDescription(
        id: "linear-hidden", name: "Linear hidden layer", severity: .warning,
        summary: "A hidden layer has a linear activation, so it composes with the next layer into one linear map.",
        explanation: """
        W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂): a hidden layer with a linear (identity) \
        activation adds parameters but no expressive power, and its product W₂W₁ is at most of rank \
        min(units) — a bottleneck, not a feature. NeuraLint ("missing ReLUs") and UMLAUT ("missing \
        activation") both flag it. scikit-learn's activation='identity' is sometimes chosen on \
        purpose to compare frameworks; disable the rule for such a spec.
        """,
        triggering: [
            .example(data: .sine, layers: ["{units: 8, activation: ↓linear}", "{units: 1}"], loss: "mse"),
        ],
        nonTriggering: [
            .example(data: .sine, layers: ["{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        // Two dense layers in a row compose into one linear map; pooling and flatten have no
        // activation to add, and a convolution's composition is not a dense product.
        c.layers.indices.dropLast().filter {
            c.layers[$0].activation == .linear && c.layers[$0].type is Dense.Type && c.layers[$0 + 1].type is Dense.Type
        }.map { i in
            let next = c.layers[i + 1]
            return Self.finding(
                "hidden \(c.layerName(i)) is linear: with '\(next.name)' it computes one linear map, so it adds no expressive power",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), with W₂W₁ of rank ≤ \(min(c.layers[i].units, next.units, c.inputWidth ?? Int.max)); activation \(c.origin("\(c.layerPath(i)).activation"))")],
                fixIts: [c.fix("add a non-linearity", setting: "\(c.layerPath(i)).activation", to: "relu")])
        }
    }
}
