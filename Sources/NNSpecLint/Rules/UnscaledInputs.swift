import Foundation
import NNSpecIR
import NNSpecSyntax

/// Inputs far from unit scale feeding saturating units, measured on the actual data.
struct UnscaledInputs: SpecRule {
    static let threshold = 4.0

    static let description = RuleDescription(
        id: "unscaled-inputs", name: "Unscaled inputs into saturating units", severity: .warning,
        summary: "Training inputs far from unit scale feed sigmoid, tanh or softmax units, which saturate.",
        explanation: """
        A sigmoid's slope is σ'(z) = σ(z)(1−σ(z)): 0.25 at z = 0, 0.018 at z = 4, 4.5e-5 at z = 10. \
        When an input feature's root mean square √E[x²] is well above 1 (a large spread or a large \
        offset), the first layer's pre-activations z = w·x + b are large for all but tiny weights; \
        the units saturate, their gradients vanish, and plain SGD barely moves — the bump \
        experiment's x ∈ [0, 30] into two sigmoid units stays at accuracy 2/3 for 1000 epochs, while \
        standardized x trains in 20. The rule computes each feature's rms on the training data the \
        spec generates or loads (after its preprocessing) and fires above 4 when the first layer \
        saturates; the note estimates the pre-activations' spread under the kernel initializer: \
        std(z) ≈ √(Var(w)·Σ_j E[x_j²]).
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: {↓concat: {of: [{linspace: {start: 0, stop: 10, num: 20}}, {linspace: {start: 11, stop: 20, num: 20}}]}}
              targets: {concat: {of: [{repeat: {of: [[0]], times: 20}}, {repeat: {of: [[1]], times: 20}}]}}
            model:
              layers:
                - {units: 2, activation: sigmoid}
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: {concat: {of: [{linspace: {start: 0, stop: 10, num: 20}}, {linspace: {start: 11, stop: 20, num: 20}}]}}
              targets: {concat: {of: [{repeat: {of: [[0]], times: 20}}, {repeat: {of: [[1]], times: 20}}]}}
              preprocess: [{kind: standardize}]
            model:
              layers:
                - {units: 2, activation: sigmoid}
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
            RuleExample("""
            data:
              inputs: {concat: {of: [{linspace: {start: 0, stop: 10, num: 20}}, {linspace: {start: 11, stop: 20, num: 20}}]}}
              targets: {concat: {of: [{repeat: {of: [[0]], times: 20}}, {repeat: {of: [[1]], times: 20}}]}}
            model:
              layers:
                - {units: 2, activation: relu}
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let first = c.layers[0]
        guard first.activation.saturates, let stats = c.inputStatistics else { return [] }
        let far = stats.rms.indices.filter { stats.rms[$0] > Self.threshold }.sorted { stats.rms[$0] > stats.rms[$1] }
        guard let worst = far.first else { return [] }
        func describe(_ j: Int) -> String {
            "feature \(j): rms \(Num.g(stats.rms[j])), range \(Num.g(stats.minimum[j]))…\(Num.g(stats.maximum[j]))"
        }
        var notes = [DiagnosticNote("measured on the \(stats.rows) training samples: " + far.prefix(3).map(describe).joined(separator: "; ")
                                    + (far.count > 3 ? "; and \(far.count - 3) more" : ""))]
        if let kernel = c.kernel(0), case let k = kernel.distribution, k.variance > 0 {
            let sd = (k.variance * stats.sumSquares).squareRoot()
            notes.append(DiagnosticNote("with kernel \(k.text) (\(kernel.initializer.formula)) the first pre-activations spread with std ≈ √(Var(w)·ΣE[x²]) = \(Num.g(sd)); \(slope(first.activation, sd))"))
        } else {
            notes.append(DiagnosticNote("the pre-activations start at a constant, but every step moves them in proportion to x, by up to \(Num.g(stats.rms[worst])) per unit of weight"))
        }
        return [Self.finding(
            "input feature \(worst) has rms \(Num.g(stats.rms[worst])), far from unit scale, and feeds \(first.activation.rawValue) units in \(c.layerName(0)): they saturate and their gradient vanishes",
            at: c.spec.data.inputs.location ?? c.start,
            notes: notes,
            fixIts: [FixIt("standardize the inputs (fitted on the training part)", replacement: "preprocess: [{kind: standardize}]")])]
    }

    private func slope(_ act: Activation, _ z: Double) -> String {
        switch act {
        case .tanh: return "tanh'(\(Num.g(z))) = \(Num.g(1 - tanh(z) * tanh(z))), against 1 at 0"
        default:
            let s = 1 / (1 + exp(-z))
            return "σ'(\(Num.g(z))) = \(Num.g(s * (1 - s))), against 0.25 at 0"
        }
    }
}
