import NNSpecIR
import NNSpecSyntax

/// Dropout directly before the output layer of a regression.
struct DropoutBeforeRegressionOutput: SpecRule {
    static let description = RuleDescription(
        id: "dropout-before-regression-output", name: "Dropout before a regression output", severity: .warning,
        summary: "Dropout right before a linear regression output makes training outputs noisier than evaluation outputs.",
        explanation: """
        Inverted dropout keeps each value with probability 1 − rate and scales it by 1/(1 − rate): the \
        mean of a linear output is unchanged, but its variance in training grows with rate/(1 − rate). \
        A squared-error loss fits that noise, so the output layer learns under a spread it never has \
        at evaluation, and the reported training loss is larger than the loss of the same weights \
        evaluated. Classification outputs tolerate it (the argmax is robust); for regression, put \
        dropout before an earlier hidden layer or not at all.
        """,
        triggering: [
            .example(data: .sine, layers: ["{units: 16, activation: tanh}", "{type: dropout, rate: ↓0.5}", "{units: 1}"], loss: "mse"),
        ],
        nonTriggering: [
            .example(data: .sine, layers: ["{units: 16, activation: tanh}", "{type: dropout, rate: 0.5}", "{units: 16, activation: tanh}", "{units: 1}"], loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let n = c.layers.count
        guard n >= 2, c.spec.loss.kind == .mse, c.layers[n - 1].activation == .linear,
              c.layers[n - 2].type is Dropout.Type, let rate = c.layers[n - 2].rate, rate > 0 else { return [] }
        return [Self.finding(
            "dropout \(c.layerName(n - 2)) feeds the linear output of a regression: training outputs carry noise evaluation outputs do not",
            at: c.location("\(c.layerPath(n - 2)).rate", else: c.layers[n - 2].location),
            notes: [DiagnosticNote("each kept value is scaled by 1/(1 − \(Format.number(rate))) = \(Format.number(1 / (1 - rate))); each contribution w·v to the output keeps its mean and gains a variance of rate/(1 − rate)·(w·v)² = \(Format.number(rate / (1 - rate)))·(w·v)² in training")],
            fixIts: [FixIt("drop earlier, before a hidden layer, or remove this dropout")])]
    }
}
