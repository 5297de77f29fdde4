import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Per-layer penalties under a convention whose penalty covers every kernel, and the converse.
struct PenaltyScope: SpecRule {
    static let description = RuleDescription(
        id: "penalty-scope", name: "Penalty scope", severity: .warning,
        summary: "The layers a penalty covers do not match what the spec's convention penalizes.",
        explanation: """
        scikit-learn's `alpha` (and the NumPy network's decay) adds 0.5·α·ΣW² over **every** kernel, \
        never a bias; it has no per-layer form. Keras penalizes only the layers that name a \
        `kernel_regularizer`. A spec under convention sklearn or numpy that puts regularizers on \
        some layers only describes a model neither framework builds; a spec under convention keras, \
        tf1 or torch that sets `regularization.alpha` penalizes every kernel — the output layer's \
        included — where the framework would penalize only what is named (and, unlike \
        scikit-learn's alpha, it is not divided by the batch size unless `divide_by_batch` says so). \
        The first MLP question's Keras "1" model regularized the first kernel only, against \
        scikit-learn's all-kernel alpha.
        """,
        triggering: [
            .example(convention: "sklearn", data: .sine,
                     layers: ["{units: 4, activation: tanh, kernel_regularizer: ↓{half_l2: 0.1}}", "{units: 1}"],
                     loss: "mse"),
            .example(convention: "keras", data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "mse",
                     then: ["regularization: {alpha: ↓1}"]),
        ],
        nonTriggering: [
            .example(convention: "sklearn", data: .sine,
                     layers: ["{units: 4, activation: tanh}", "{units: 1}"],
                     loss: "mse",
                     then: ["regularization: {alpha: 1}"]),
            .example(convention: "keras", data: .sine,
                     layers: ["{units: 4, activation: tanh, kernel_regularizer: {half_l2: 0.1}}", "{units: 1}"],
                     loss: "mse"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let spec = c.spec
        var out: [Diagnostic] = []
        let regularized = c.layers.indices.map { c.kernel($0)?.appliedRegularizer != nil }
        let native = ConventionPreset.of(spec.convention).nativePenalty
        let penalizesAll = native == .allKernels
        if penalizesAll, regularized.contains(true), regularized.contains(false) {
            let yes = c.layers.indices.filter { regularized[$0] }
            let no = c.layers.indices.filter { !regularized[$0] }
            let first = yes[0]
            let term = c.penaltyTerms(layer: first, bias: false).first { $0.path.contains("kernel_regularizer") }
            var fixes: [FixIt] = []
            if let coef = term?.coefficient {
                let alpha = c.batchSize.map { PenaltyTerm.dividedAlpha(coefficient: coef, batch: $0) }
                if spec.penalty.divideByBatch, let alpha, let b = c.batchSize {
                    fixes.append(FixIt("to penalize every kernel as scikit-learn does (α/n·W with n = \(b) equal to \(Num.g(coef))·W), drop the kernel_regularizers and write",
                                       replacement: "regularization: {alpha: \(Num.g(alpha))}"))
                } else if !spec.penalty.divideByBatch {
                    fixes.append(FixIt("to penalize every kernel, drop the kernel_regularizers and write",
                                       replacement: "regularization: {alpha: \(Num.g(coef))}"))
                }
            }
            fixes.append(FixIt("or give \(c.layerNames(no)) the same kernel_regularizer"))
            out.append(Self.finding(
                "kernel_regularizer on \(c.layerNames(yes)) only, but convention \(spec.convention.rawValue) penalizes every kernel",
                at: c.location("\(c.layerPath(first)).kernel_regularizer"),
                notes: [
                    DiagnosticNote("penalized: \(yes.map { describe(c, $0) }.joined(separator: "; ")); not penalized: \(c.layerNames(no))"),
                    DiagnosticNote("\(spec.convention.displayName)'s penalty is one term 0.5·α·ΣW² over all \(c.layers.count) kernels\(spec.penalty.divideByBatch ? ", divided by the batch size" : ""); it has no per-layer form"),
                ],
                fixIts: fixes))
        }
        if native != .allKernels, spec.penalty.alpha > 0 {
            let form = spec.penalty.divideByBatch
                ? "α/n·W with α = \(Num.exact(spec.penalty.alpha)), n = \(c.batchSize.map(String.init) ?? "the batch size")"
                : "α·W with α = \(Num.exact(spec.penalty.alpha)), not divided by the batch size as scikit-learn's alpha is"
            let nativeText = native == .weightDecay
                ? "\(spec.convention.displayName) penalizes through optimizer.weight_decay, biases included"
                : "\(spec.convention.displayName) penalizes only the layers that name a kernel_regularizer"
            let coef = c.l2Coefficient(layer: 0, bias: false) ?? spec.penalty.alpha
            out.append(Self.finding(
                "regularization.alpha penalizes all \(c.layers.count) kernels, the output layer's included, under convention \(spec.convention.rawValue)",
                at: c.location("regularization.alpha"),
                notes: [
                    DiagnosticNote("each kernel's gradient gains \(form)"),
                    DiagnosticNote(nativeText),
                ],
                fixIts: [
                    FixIt("to penalize chosen layers as \(spec.convention.displayName) does, drop regularization.alpha and give those layers",
                          replacement: "kernel_regularizer: {half_l2: \(Num.g(coef))}"),
                    c.fix("or, if scikit-learn's all-kernel penalty is meant, say so", setting: "convention", to: "sklearn"),
                ]))
        }
        return out
    }

    private func describe(_ c: LintContext, _ i: Int) -> String {
        let terms = c.penaltyTerms(layer: i, bias: false).filter { $0.path.contains("kernel_regularizer") }
        return "'\(c.layers[i].name)' (" + terms.map { "\($0.formula), \($0.values)" }.joined(separator: "; ") + ")"
    }
}
