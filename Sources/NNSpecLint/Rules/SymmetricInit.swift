import NNSpecIR
import NNSpecSyntax

/// Constant initialization of a layer whose units then stay identical.
struct SymmetricInit: SpecRule {
    static let description = RuleDescription(
        id: "symmetric-init", name: "Symmetric initialization", severity: .warning,
        summary: "A hidden layer of several units starts from constant weights and bias, so its units never differ.",
        explanation: """
        If every kernel entry and every bias of a layer start at the same constant, all its units \
        compute the same value on every input; the next layer's kernel rows then receive the same \
        gradient, so the units' incoming gradients stay equal too, and gradient descent keeps them \
        identical forever: a layer of u units trains like one unit repeated u times. Symmetry is \
        never broken. The MNIST NumPy network and the first-feature experiment start from zeros; \
        with one output unit and no hidden layer that is harmless, with a hidden layer it is not. \
        The rule fires for a layer with more than one unit that feeds another layer, when its kernel \
        is constant and its bias is constant or absent.
        """,
        triggering: [
            .example(convention: "numpy", data: .sine,
                     layers: ["{units: 4, activation: sigmoid, kernel_initializer: ↓zeros}", "{units: 1, activation: sigmoid}"],
                     loss: "mse"),
            .example(convention: "numpy", data: .sine,
                     layers: ["↓{units: 4, activation: sigmoid}", "{units: 1, activation: sigmoid}"],
                     loss: "mse"),
        ],
        nonTriggering: [
            .example(convention: "numpy", data: .sine,
                     layers: ["{units: 4, activation: sigmoid, kernel_initializer: glorot_uniform}", "{units: 1, activation: sigmoid}"],
                     loss: "mse"),
            .example(convention: "numpy", data: .sine,
                     layers: ["{units: 1, activation: linear, kernel_initializer: zeros}"],
                     loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for i in c.layers.indices.dropLast() {
            // A kernel's last axis is its units (a dense layer's) or filters (a convolution's).
            guard let kernel = c.kernel(i), let units = kernel.shape.last, units > 1, kernel.initializer.isConstant,
                  c.bias(i)?.initializer.isConstant ?? true else { continue }
            let l = c.layers[i]
            let path = c.layerPath(i)
            let next = c.layers[i + 1]
            let biasText = c.bias(i).map { "bias \($0.initializer.formula) (\(c.origin("\(path).bias_initializer")))" } ?? "no bias"
            out.append(Self.finding(
                "the \(units) units of \(c.layerName(i)) start identical (constant kernel and bias) and stay identical: symmetry is never broken",
                at: c.location("\(path).kernel_initializer", else: l.location),
                notes: [
                    DiagnosticNote("kernel \(kernel.initializer.formula) (\(c.origin("\(path).kernel_initializer"))), \(biasText)"),
                    DiagnosticNote("every unit computes the same \(l.activation.rawValue) of the same sum; '\(next.name)' gives each the same gradient, so after any number of steps the layer acts as one unit"),
                ],
                fixIts: [c.fix("draw the kernel at random", setting: "\(path).kernel_initializer", to: "glorot_uniform")]))
        }
        return out
    }
}
