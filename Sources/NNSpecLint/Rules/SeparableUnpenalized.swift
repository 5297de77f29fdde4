import NNSpecIR
import NNSpecSyntax

/// Separable classes under an unpenalized cross-entropy: the optimum is at infinity.
struct SeparableUnpenalized: SpecRule {
    static let description = RuleDescription(
        id: "separable-unpenalized", name: "Separable data without a penalty", severity: .warning,
        summary: "The training data are linearly separable and nothing penalizes the weights: the logistic loss has no finite minimum.",
        explanation: """
        If a hyperplane w·x + b separates the two classes, then scaling (w, b) by t > 1 lowers every \
        sample's binary cross-entropy, so the loss tends to 0 only as ‖w‖ → ∞ and has no finite \
        minimizer. Whatever is reported — the weights, the boundary, even its offset — then depends \
        on the optimizer, the step size and when training stopped: the two-point logistic \
        regression experiment's "variable" boundaries. (A network whose hidden units are monotone can \
        represent the same separator, so it too has no finite optimum.) The rule decides \
        separability exactly on the training data, by linear programming (Gordan's alternative), and \
        fires for binary cross-entropy with one output when no penalty of any kind is set.
        """,
        triggering: [
            .example(data: .twoPoints,
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "↓binary_crossentropy"),
        ],
        nonTriggering: [
            .example(data: .twoPoints,
                     layers: ["{units: 1, activation: sigmoid, kernel_regularizer: {l2: 0.01}}"],
                     loss: "binary_crossentropy"),
            .example(data: ExampleData(lines: ["inputs: [[1, 1], [2, 2], [3, 3]]", "targets: [[0], [1], [0]]"]),
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard c.separableWithoutOptimum, let d = c.trainingData else { return [] }
        let ones = d.targets.values.filter { $0 == 1 }.count
        let fix: FixIt = ConventionPreset.of(c.spec.convention).nativePenalty == .allKernels
            ? FixIt("add a penalty so a finite optimum exists", replacement: "regularization: {alpha: 0.0001}")
            : FixIt("add a penalty so a finite optimum exists", replacement: "kernel_regularizer: {l2: 0.01}")
        return [Self.finding(
            "the \(d.inputs.rows) training samples are linearly separable and nothing penalizes the weights: binary cross-entropy has no finite minimum",
            at: c.location("loss.kind"),
            notes: [
                DiagnosticNote("decided on the training data: a hyperplane separates \(Num.count(d.inputs.rows - ones, "sample")) of class 0 from \(ones) of class 1; the loss → 0 only as ‖w‖ → ∞"),
                DiagnosticNote("the weights grow for as long as training runs, so the boundary reported depends on the optimizer, the step size and the stopping point"),
            ],
            fixIts: [fix])]
    }
}

extension LintContext {
    /// Binary cross-entropy with one output, no penalty, and linearly separable training data.
    var separableWithoutOptimum: Bool {
        spec.loss.kind == .binaryCrossentropy && plan?.output.outputWidth == 1 && isUnpenalized && separability == .separable
    }
}
