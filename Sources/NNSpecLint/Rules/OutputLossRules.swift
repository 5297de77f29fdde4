import NNSpecIR
import NNSpecSyntax

// Rules about the output activation and the loss that reads it (NeuraLint's and UMLAUT's
// "last layer activation vs loss" family). Each is its own rule so each can be disabled alone.

extension LintContext {
    /// Where the output layer's activation is written, else the layer itself.
    var outputActivationLocation: SourceLocation {
        location("\(layerPath(outputIndex)).activation", else: output.location)
    }

    /// True when every target is 0 or 1 (class labels or one-hot rows).
    var targetsAreClasses: Bool {
        guard let y = trainingData?.targets.values, !y.isEmpty else { return false }
        return y.allSatisfy { $0 == 0 || $0 == 1 }
    }
}

/// MSE on 0/1 class targets with a squashing output.
struct MSEOnClasses: SpecRule {
    static let description = RuleDescription(
        id: "mse-on-classes", name: "MSE on class targets", severity: .note,
        summary: "Mean squared error on 0/1 class targets with a sigmoid or softmax output: gradients vanish where the output saturates.",
        explanation: """
        With p = σ(z), mse's delta at the logit is m·(p − y)·σ'(z), and σ'(z) = p(1 − p) → 0 as the \
        unit saturates — also when it saturates at the wrong class, so confident mistakes learn \
        slowest. Cross-entropy's delta is m·(p − y) (the canonical link cancels σ'). MSE on classes \
        is legitimate (the MNIST NumPy network uses it, and a mirror of it must too), so this is \
        informational. The rule reads the targets from the data: it fires when all are 0 or 1.
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[0], [1], [1], [0]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 1, activation: sigmoid}
            loss: ↓mse
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[0], [1], [1], [0]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[0.1], [0.9], [0.8], [0.2]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 1, activation: sigmoid}
            loss: mse
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let act = c.output.activation
        guard c.spec.loss.kind == .mse, act == .sigmoid || act == .softmax, c.targetsAreClasses,
              let t = c.trainingData?.targets else { return [] }
        let ce = act == .softmax ? "categorical_crossentropy" : "binary_crossentropy"
        return [Self.finding(
            "mse on 0/1 class targets with a \(act.rawValue) output: the delta (p−y)·σ'(z) vanishes when a unit saturates, even at the wrong class",
            at: c.location("loss.kind"),
            notes: [
                DiagnosticNote("all \(t.rows * t.columns) target values are 0 or 1 (\(t.rows) samples × \(t.columns) outputs); σ'(z) = p(1−p) ≤ 0.25 and → 0 at p → 0 or 1"),
                DiagnosticNote("cross-entropy's delta at the logit is p − y: the canonical link cancels σ'"),
            ],
            fixIts: [FixIt("unless mse is what is being reproduced", replacement: "loss: \(ce)")])]
    }
}

/// Softmax outputs under binary cross-entropy.
struct SoftmaxBinaryCrossentropy: SpecRule {
    static let description = RuleDescription(
        id: "softmax-bce", name: "Softmax with binary cross-entropy", severity: .warning,
        summary: "A softmax output under binary cross-entropy: the outputs are coupled, the loss treats them as independent.",
        explanation: """
        Softmax makes the k outputs sum to 1 — one class per sample. Binary cross-entropy scores \
        each output as an independent probability, Σ_j −y_j log p_j − (1−y_j) log(1−p_j), so its \
        gradient is not the clean p − y that either pairing gives (sigmoid + binary cross-entropy \
        for independent labels, softmax + categorical cross-entropy for one class), and its accuracy \
        metric is computed per output. A single-unit softmax is `softmax-single-unit`.
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[1, 0], [0, 1], [0, 1], [1, 0]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 2, activation: ↓softmax}
            loss: binary_crossentropy
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[1, 0], [0, 1], [0, 1], [1, 0]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 2, activation: softmax}
            loss: categorical_crossentropy
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard c.output.activation == .softmax, c.output.units > 1, c.spec.loss.kind == .binaryCrossentropy else { return [] }
        return [Self.finding(
            "softmax output with binary_crossentropy: the \(c.output.units) outputs are coupled to sum to 1, but the loss scores each as an independent probability",
            at: c.outputActivationLocation,
            notes: [DiagnosticNote("loss: binary_crossentropy (\(c.origin("loss.kind"))); softmax pairs with categorical_crossentropy, sigmoid with binary_crossentropy", at: c.location("loss.kind"))],
            fixIts: [
                FixIt("for one class per sample", replacement: "loss: categorical_crossentropy"),
                FixIt("for independent labels", replacement: "activation: sigmoid"),
            ])]
    }
}

/// Sigmoid outputs under categorical cross-entropy.
struct SigmoidCategoricalCrossentropy: SpecRule {
    static let description = RuleDescription(
        id: "sigmoid-cce", name: "Sigmoid with categorical cross-entropy", severity: .warning,
        summary: "Sigmoid outputs under categorical cross-entropy: the outputs are not a distribution over classes.",
        explanation: """
        Categorical cross-entropy −Σ_j y_j log p_j assumes the outputs form a distribution. \
        Independent sigmoids do not sum to 1: the loss only ever pushes the true class's output up \
        and never the others down (Keras divides by the sum first, which couples them in a way no \
        framework's softmax does), so the scores drift and the gradients differ from softmax's p − y.
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[1, 0], [0, 1], [0, 1], [1, 0]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 2, activation: ↓sigmoid}
            loss: categorical_crossentropy
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[1, 0], [0, 1], [0, 1], [1, 0]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 2, activation: softmax}
            loss: categorical_crossentropy
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let k = c.spec.loss.kind
        guard c.output.activation == .sigmoid, k == .categoricalCrossentropy || k == .sparseCategoricalCrossentropy else { return [] }
        return [Self.finding(
            "sigmoid outputs with \(k.rawValue): the \(c.output.units) outputs do not sum to 1, so the loss pushes up the true class and never pushes down the others",
            at: c.outputActivationLocation,
            notes: [DiagnosticNote("loss: \(k.rawValue) (\(c.origin("loss.kind"))) expects a distribution over the classes", at: c.location("loss.kind"))],
            fixIts: [FixIt("make the outputs a distribution", replacement: "activation: softmax")])]
    }
}

/// A probability loss reading a linear output.
struct LogitsWithoutFromLogits: SpecRule {
    static let description = RuleDescription(
        id: "logits-without-from-logits", name: "Probability loss on a linear output", severity: .error,
        summary: "A cross-entropy loss reads a linear output as a probability without from_logits.",
        explanation: """
        Without `from_logits: true`, cross-entropy takes the outputs as probabilities: Keras clips \
        them to [ε, 1 − ε] (ε = 1e-7) and takes logs. A linear output is any real number; wherever it \
        falls outside (0, 1) the clip is active and its gradient is zero, so those samples stop \
        training, and inside the loss is not the likelihood of anything. Either squash the output \
        (sigmoid, softmax) or tell the loss it receives logits.
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 1, activation: ↓linear}
            loss: binary_crossentropy
            """),
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - ↓{units: 1}
            loss: binary_crossentropy
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 1, activation: linear}
            loss: {kind: binary_crossentropy, from_logits: true}
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let loss = c.spec.loss
        guard loss.kind.isProbabilistic, c.output.activation == .linear, !loss.fromLogits else { return [] }
        let eps = loss.clipEpsilon.map { Num.g($0) } ?? "ε"
        let squash = loss.kind == .binaryCrossentropy ? "sigmoid" : "softmax"
        return [Self.finding(
            "\(loss.kind.rawValue) reads the linear output of \(c.layerName(c.outputIndex)) as a probability: outputs outside (0, 1) are clipped and get no gradient",
            at: c.outputActivationLocation,
            notes: [DiagnosticNote("from_logits is false (\(c.origin("loss.from_logits"))); probabilities are clipped to [\(eps), 1 − \(eps)] before the log")],
            fixIts: [
                FixIt("let the loss apply the \(squash)", replacement: "loss: {kind: \(loss.kind.rawValue), from_logits: true}"),
                FixIt("or squash the output", replacement: "activation: \(squash)"),
            ])]
    }
}

/// from_logits on outputs already squashed.
struct DoubleActivation: SpecRule {
    static let description = RuleDescription(
        id: "double-activation", name: "Activation applied twice", severity: .warning,
        summary: "from_logits: true on an output that already has a sigmoid or softmax squashes it twice.",
        explanation: """
        With `from_logits: true` the loss applies the sigmoid (or softmax) itself. If the output \
        layer already has one, predictions are squashed twice: σ(σ(z)) lies in (0.5, 0.731), so the \
        loss can never reach 0, gradients shrink by another σ' ≤ 1/4, and predicted probabilities \
        read off the layer are not what the loss optimized.
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 1, activation: sigmoid}
            loss: {kind: binary_crossentropy, from_logits: ↓true}
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 1, activation: sigmoid}
            loss: {kind: binary_crossentropy, from_logits: false}
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let act = c.output.activation
        guard c.spec.loss.fromLogits, act == .sigmoid || act == .softmax else { return [] }
        return [Self.finding(
            "from_logits: true applies a \(act.rawValue) to outputs that already went through one: predictions are squashed twice",
            at: c.location("loss.from_logits"),
            notes: [DiagnosticNote("\(c.layerName(c.outputIndex)) has activation \(act.rawValue); σ(σ(z)) stays in (0.5, 0.731), so the loss cannot reach 0", at: c.outputActivationLocation)],
            fixIts: [
                FixIt("keep the \(act.rawValue) in the layer", replacement: "from_logits: false"),
                FixIt("or output logits", replacement: "activation: linear")
            ])]
    }
}

/// Softmax over one unit.
struct SoftmaxSingleUnit: SpecRule {
    static let description = RuleDescription(
        id: "softmax-single-unit", name: "Softmax over one unit", severity: .error,
        summary: "A softmax over a single unit always outputs 1.",
        explanation: """
        softmax(z)_j = e^{z_j} / Σ_i e^{z_i}; with one unit that is e^z/e^z = 1 for every input. The \
        layer's output is constant, its gradient is zero, and nothing before it learns. A binary \
        output is one sigmoid unit (or two softmax units).
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 1, activation: ↓softmax}
            loss: binary_crossentropy
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.layers.indices.filter { c.layers[$0].activation == .softmax && c.layers[$0].units == 1 }.map { i in
            Self.finding(
                "softmax over the single unit of \(c.layerName(i)) is always 1: the output is constant and nothing before it learns",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("softmax(z) = e^z / e^z = 1 for every input; its gradient is 0")],
                fixIts: [FixIt("for a binary output", replacement: "activation: sigmoid")])
        }
    }
}

/// Softmax inside the network.
struct HiddenSoftmax: SpecRule {
    static let description = RuleDescription(
        id: "hidden-softmax", name: "Softmax in a hidden layer", severity: .warning,
        summary: "A hidden layer uses softmax, which makes its units compete to sum to 1.",
        explanation: """
        Softmax normalizes a layer's units into a distribution: each hidden unit's value depends on \
        all the others, the layer's outputs are confined to a simplex, and each gradient is shrunk by \
        p_j(1 − p_j). It belongs at the output of a classifier; hidden layers use relu, tanh or \
        sigmoid (NeuraLint's rule on activations of intermediate layers).
        """,
        triggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 4, activation: ↓softmax}
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              inputs: [[0], [1], [2], [3]]
              targets: [[0], [0], [1], [1]]
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: 1, activation: sigmoid}
            loss: binary_crossentropy
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.layers.indices.dropLast().filter { c.layers[$0].activation == .softmax && c.layers[$0].units > 1 }.map { i in
            Self.finding(
                "softmax in hidden \(c.layerName(i)) makes its \(c.layers[i].units) units compete to sum to 1",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("each unit's value depends on all the others, and each gradient is scaled by p(1 − p) ≤ 1/4")],
                fixIts: [FixIt("use a hidden-layer activation", replacement: "activation: relu")])
        }
    }
}
