import NNSpecIR
import NNSpecSyntax

/// A chain of sigmoid derivatives between the loss and the first layer.
struct VanishingGradient: SpecRule {
    static let minimumChain = 3

    static let description = RuleDescription(
        id: "vanishing-gradient", name: "Vanishing gradient through sigmoids", severity: .warning,
        summary: "The gradient reaching the first layer passes through three or more sigmoid derivatives, each at most 1/4.",
        explanation: """
        Backpropagation multiplies the gradient by σ'(z) ≤ 1/4 at every sigmoid layer it crosses \
        (the output's too, under mse; cross-entropy's canonical link cancels the output's). After c \
        such layers the first layer's gradient is at most 4^−c of the output's — 1/64 for three — so \
        the early layers barely train (NeuraLint's vanishing-gradient rule for deep sigmoid \
        stacks). tanh (slope 1 at 0) or relu hidden layers keep the chain near 1.
        """,
        triggering: [
            .example(data: .xor,
                     layers: ["{units: 4, activation: ↓sigmoid}", "{units: 4, activation: sigmoid}", "{units: 1, activation: sigmoid}"],
                     loss: "mse"),
        ],
        nonTriggering: [
            .example(data: .xor,
                     layers: ["{units: 4, activation: sigmoid}", "{units: 4, activation: sigmoid}", "{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        var chain = c.layers.indices.dropLast().filter { c.layers[$0].activation == .sigmoid }
        let outputCounts = c.output.activation == .sigmoid && c.spec.loss.kind == .mse
        if outputCounts { chain.append(c.outputIndex) }
        guard chain.count >= Self.minimumChain, let first = chain.first else { return [] }
        let factor = 1 / pow4(chain.count)
        return [Self.finding(
            "the gradient reaching \(c.layerName(0)) crosses \(chain.count) sigmoid derivatives, each ≤ 1/4: at most \(Num.g(factor)) of the output's",
            at: c.location("\(c.layerPath(first)).activation", else: c.layers[first].location),
            notes: [DiagnosticNote("sigmoid layers on the path: " + c.layerNames(chain)
                                   + (outputCounts ? " (the output counts under mse)" : "") + "; (1/4)^\(chain.count) = \(Num.g(factor))")],
            fixIts: [c.fix("use a hidden activation with slope near 1", setting: "\(c.layerPath(first)).activation", to: "tanh")])]
    }

    private func pow4(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 4 } }
}
