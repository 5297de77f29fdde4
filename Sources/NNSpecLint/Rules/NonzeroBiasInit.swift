import NNSpecIR
import NNSpecSyntax

/// Biases started away from zero outside any framework's convention.
struct NonzeroBiasInit: SpecRule {
    static let description = RuleDescription(
        id: "nonzero-bias-init", name: "Non-zero bias initialization", severity: .note,
        summary: "A bias starts from a non-zero constant or an ad-hoc distribution rather than zeros or a framework's own rule.",
        explanation: """
        Keras, TF and the NumPy network start biases at 0; scikit-learn and PyTorch draw them from \
        the same uniform as the kernel (`sklearn`, `torch_linear`). A bias set to another constant \
        or drawn from an ad-hoc distribution shifts every unit's operating point at the start — \
        NeuraLint's "non-zero biases" fault — and is a difference a mirror of a framework would \
        not have. The framework initializers and zeros are never reported.
        """,
        triggering: [
            .example(data: .sine,
                     layers: ["{units: 4, activation: tanh, bias_initializer: ↓{normal: {stddev: 1}}}", "{units: 1}"],
                     loss: "mse"),
        ],
        nonTriggering: [
            .example(data: .sine,
                     layers: ["{units: 4, activation: tanh, bias_initializer: {sklearn: 6}}", "{units: 1}"],
                     loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.layers.indices.compactMap { i in
            let path = "\(c.layerPath(i)).bias_initializer"
            guard let bias = c.bias(i), c.isWritten(path) else { return nil }
            switch bias.initializer {
            case .zeros, .constant(0), .sklearn, .torchLinear, .file: return nil
            default: break
            }
            return Self.finding(
                "the bias of \(c.layerName(i)) starts from \(bias.initializer.formula), neither zeros nor a framework's rule",
                at: c.location(path),
                notes: [DiagnosticNote("the \(bias.count) biases start \(bias.distribution.text)")],
                fixIts: [c.fix("start the biases at zero", setting: path, to: "zeros")])
        }
    }
}
