import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Targets whose values the loss cannot read (UMLAUT's and NeuraLint's label-encoding checks).
struct TargetEncoding: SpecRule {
    static let description = RuleDescription(
        id: "target-encoding", name: "Targets the loss cannot read", severity: .error,
        summary: "The targets' values do not fit the loss: non-probabilities under cross-entropy, labels where one-hot rows are expected, labels beyond the outputs.",
        explanation: """
        binary_crossentropy reads each target as a probability in [0, 1]; categorical_crossentropy \
        reads each row as a distribution (one-hot, or non-negative and summing to 1); \
        sparse_categorical_crossentropy reads integer labels 0 … k−1 for k outputs. Integer class \
        labels under binary cross-entropy, or a label column under categorical cross-entropy, make \
        the loss meaningless (negative "probabilities", log of a missing class) without any shape \
        error. The rule reads the actual target values.
        """,
        triggering: [
            .example(data: ExampleData(lines: ["inputs: [[0], [1], [2], [3]]", "targets: ↓[[0], [1], [2], [3]]"]),
                     layers: ["{units: 1, activation: sigmoid}"],
                     loss: "binary_crossentropy"),
            .example(data: ExampleData(lines: ["inputs: [[0], [1], [2], [3]]", "targets: ↓[[0], [1], [2], [3]]"]),
                     layers: ["{units: 3, activation: softmax}"],
                     loss: "sparse_categorical_crossentropy"),
        ],
        nonTriggering: [
            .example(data: ExampleData(lines: ["inputs: [[0], [1], [2], [3]]", "targets: [[0], [1], [2], [3]]"]),
                     layers: ["{units: 4, activation: softmax}"],
                     loss: "sparse_categorical_crossentropy"),
            .example(data: ExampleData(lines: ["inputs: [[0], [1], [2], [3]]", "targets: [[0], [1], [2], [3]]",
                                               "preprocess: [{kind: one_hot, classes: 4}]"]),
                     layers: ["{units: 4, activation: softmax}"],
                     loss: "categorical_crossentropy"),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard let d = c.trainingData, d.targets.values.allSatisfy(\.isFinite) else { return [] }
        let y = d.targets.values, cols = d.targets.columns, k = c.lossOutputs
        let at = c.spec.data.targets.location ?? c.start
        let lo = y.min() ?? 0, hi = y.max() ?? 0
        let range = DiagnosticNote("the \(d.targets.rows) training targets range over \(Num.g(lo))…\(Num.g(hi)) (\(d.targets.rows) × \(cols))")
        switch c.spec.loss.kind {
        case .mse:
            return []
        case .binaryCrossentropy:
            guard lo < 0 || hi > 1 else { return [] }
            let labels = y.allSatisfy { $0 == $0.rounded() } && lo >= 0
            return [Self.finding(
                "binary_crossentropy reads targets as probabilities in [0, 1], but they reach \(Num.g(lo < 0 ? lo : hi))",
                at: at, notes: [range],
                fixIts: labels ? [
                    c.fix("for \(Checked.add(Checked.int(hi), 1).map(String.init) ?? Num.g(hi + 1)) classes, one output per class", setting: "loss", to: "sparse_categorical_crossentropy"),
                ] : [FixIt("rescale the targets to [0, 1]", replacement: "preprocess: [{kind: minmax, apply_to: targets}]")])]
        case .categoricalCrossentropy:
            if cols == 1 && k > 1 {
                return [Self.finding(
                    "categorical_crossentropy expects one-hot rows, but the targets are one column of labels for \(k) outputs",
                    at: at, notes: [range],
                    fixIts: [
                        c.fix("read the labels as they are", setting: "loss", to: "sparse_categorical_crossentropy"),
                        FixIt("or encode them", replacement: "preprocess: [{kind: one_hot, classes: \(k), apply_to: targets}]"),
                    ])]
            }
            for r in 0..<d.targets.rows {
                let row = y[(r * cols)..<((r + 1) * cols)]
                let s = row.reduce(0, +)
                if row.contains(where: { $0 < 0 || $0 > 1 }) || Swift.abs(s - 1) > 1e-6 {
                    return [Self.finding(
                        "categorical_crossentropy expects each target row to be a distribution, but row \(r) sums to \(Num.g(s))",
                        at: at, notes: [range, DiagnosticNote("row \(r): [" + row.prefix(8).map { Num.g($0) }.joined(separator: ", ") + (cols > 8 ? ", …" : "") + "]")],
                        fixIts: [FixIt("one-hot encode class labels", replacement: "preprocess: [{kind: one_hot, classes: \(k), apply_to: targets}]")])]
                }
            }
            return []
        case .sparseCategoricalCrossentropy:
            guard let bad = y.firstIndex(where: { $0 < 0 || $0 != $0.rounded() || $0 >= Double(k) }) else { return [] }
            return [Self.finding(
                "sparse_categorical_crossentropy reads integer labels 0…\(k - 1) for \(k) outputs, but target \(bad) is \(Num.g(y[bad]))",
                at: at, notes: [range],
                fixIts: Checked.add(Checked.int(max(hi, 0)), 1).map { [c.fix("give the output layer one unit per class", setting: "\(c.layerPath(c.outputIndex)).units", to: "\($0)")] } ?? [])]
        }
    }
}
