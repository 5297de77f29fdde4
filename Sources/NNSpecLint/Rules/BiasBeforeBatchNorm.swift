import NNSpecIR
import NNSpecSyntax

/// A dense or convolution bias that feeds batch normalization directly, with no activation
/// between: the batch mean removes it.
struct BiasBeforeBatchNorm: SpecRule {
    static let description = RuleDescription(
        id: "bias-before-batch-norm", name: "Bias right before batch normalization", severity: .note,
        summary: "A linear dense or convolution layer with a bias feeds batch normalization directly: the normalization subtracts the bias again.",
        explanation: """
        Batch normalization subtracts each feature's batch mean: (Wx + b) − mean(Wx + b) = Wx − \
        mean(Wx), so a bias added just before it changes nothing. In training its gradient is \
        exactly zero (Σᵢ ∂L/∂zᵢ = 0 through the mean subtraction), so it stays at its initial value \
        forever — or shrinks under weight decay; at inference the running mean has absorbed it. \
        β after the normalization is the layer's offset. The usual form is `use_bias=False` \
        (Keras `Dense(..., use_bias=False)`, PyTorch `nn.Linear(..., bias=False)`, `Conv2d(..., \
        bias=False)`). The rule fires only when the layer's activation is linear: a bias before a \
        non-linearity is not redundant.
        """,
        triggering: [
            .example(convention: "torch", data: .sine,
                     layers: ["{units: 8, use_bias: ↓true}", "{type: batch_normalization}", "{units: 8, activation: relu}", "{units: 1}"],
                     loss: "mse",
                     then: ["training: {epochs: 20, batch_size: 10}"]),
            .example(convention: "keras", data: .sine,
                     layers: ["↓{units: 8}", "{type: batch_normalization}", "{units: 8, activation: relu}", "{units: 1}"],
                     loss: "mse"),
        ],
        nonTriggering: [
            .example(convention: "torch", data: .sine,
                     layers: ["{units: 8, use_bias: false}", "{type: batch_normalization}", "{units: 8, activation: relu}", "{units: 1}"],
                     loss: "mse",
                     then: ["training: {epochs: 20, batch_size: 10}"]),
            .example(convention: "keras", data: .sine,
                     layers: ["{units: 8, activation: relu}", "{type: batch_normalization}", "{units: 1}"],
                     loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.batchNormSites.compactMap { s in
            let i = s.index - 1
            guard i >= 0, let bias = c.plan?.tensor(layer: i, .bias), c.layers[i].activation == .linear else { return nil }
            let p = c.layerPath(i)
            let decay = bias.penalties.isEmpty ? "" : "; its penalties (\(bias.penalties.map(\.formula).joined(separator: " + "))) only shrink it"
            return Self.finding(
                "the bias of \(c.layerName(i)) feeds batch normalization \(c.layerName(s.index)) directly, which subtracts it again: it is redundant",
                at: c.location("\(p).use_bias", else: c.layers[i].location),
                notes: [DiagnosticNote("(Wx + b) − mean(Wx + b) = Wx − mean(Wx): the \(bias.count) biases get a zero gradient in training and stay at their initial \(bias.distribution.text)\(decay); \(s.spec.center ? "β of '\(c.layers[s.index].name)' is the offset" : "'\(c.layers[s.index].name)' has no β (center false), so nothing adds an offset here")")],
                fixIts: [c.fix("drop the bias", setting: "\(p).use_bias", to: "false")])
        }
    }
}
