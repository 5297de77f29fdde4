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
        min(units) — a bottleneck, not a feature. Batch normalization between the two is an affine map per \
        feature and changes nothing in this. NeuraLint ("missing ReLUs") and UMLAUT ("missing \
        activation") both flag it. scikit-learn's activation='identity' is sometimes chosen on \
        purpose to compare frameworks; disable the rule for such a spec.
        """,
        triggering: [
            .example(data: .sine, layers: ["{units: 8, activation: ↓linear}", "{units: 1}"], loss: "mse"),
            .example(data: .sine, layers: ["{units: 8, activation: ↓linear, use_bias: false}", "{type: batch_normalization}", "{units: 1}"], loss: "mse"),
        ],
        nonTriggering: [
            .example(data: .sine, layers: ["{units: 8, activation: tanh}", "{units: 1}"], loss: "mse"),
            .example(data: .sine, layers: ["{units: 8, activation: relu}", "{type: batch_normalization}", "{units: 1}"], loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        // Two dense layers in a row compose into one linear map, also through batch normalization
        // (an affine map per feature); pooling and flatten have no activation to add, and a
        // convolution's composition is not a dense product.
        c.layers.indices.dropLast().compactMap { i -> (Int, Int)? in
            guard c.layers[i].activation == .linear, c.layers[i].type is Dense.Type,
                  let j = c.layers[(i + 1)...].firstIndex(where: { !($0.type is BatchNormalization.Type) }),
                  c.layers[j].type is Dense.Type else { return nil }
            return (i, j)
        }.map { i, j in
            let next = c.layers[j]
            let through = j > i + 1 ? " through batch normalization \(c.layerNames(Array(i + 1 ..< j))) (affine per feature)" : ""
            return Self.finding(
                "hidden \(c.layerName(i)) is linear: with '\(next.name)'\(through) it computes one linear map, so it adds no expressive power",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), with W₂W₁ of rank ≤ \(min(c.width(i) ?? Int.max, c.width(j) ?? Int.max, c.inputWidth ?? Int.max)); activation \(c.origin("\(c.layerPath(i)).activation"))")],
                fixIts: [c.fix("add a non-linearity", setting: "\(c.layerPath(i)).activation", to: "relu")])
        }
    }
}
