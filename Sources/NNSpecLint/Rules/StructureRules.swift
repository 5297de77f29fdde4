import NNSpecIR
import NNSpecSyntax

// Dense-network rules from NeuraLint's graph rules (missing activations, increasing dense widths,
// non-zero biases) and UMLAUT's heuristics (missing activations, learning-rate range).

/// A hidden layer without a non-linearity.
struct LinearHidden: SpecRule {
    static let description = RuleDescription(
        id: "linear-hidden", name: "Linear hidden layer", severity: .warning,
        summary: "A hidden layer has a linear activation, so it composes with the next layer into one linear map.",
        explanation: """
        W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂): a hidden layer with a linear (identity) \
        activation adds parameters but no expressive power, and its product W₂W₁ is at most of rank \
        min(units) — a bottleneck, not a feature. NeuraLint ("missing ReLUs") and UMLAUT ("missing \
        activation") both flag it. scikit-learn's activation='identity' is sometimes chosen on \
        purpose to compare frameworks; disable the rule for such a spec.
        """,
        triggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 8, activation: ↓linear}
                - {units: 1}
            loss: mse
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 8, activation: tanh}
                - {units: 1}
            loss: mse
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.layers.indices.dropLast().filter { c.layers[$0].activation == .linear }.map { i in
            let next = c.layers[i + 1]
            return Self.finding(
                "hidden \(c.layerName(i)) is linear: with '\(next.name)' it computes one linear map, so it adds no expressive power",
                at: c.location("\(c.layerPath(i)).activation", else: c.layers[i].location),
                notes: [DiagnosticNote("W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), with W₂W₁ of rank ≤ \(min(c.layers[i].units, next.units, c.inputWidth ?? Int.max)); activation \(c.origin("\(c.layerPath(i)).activation"))")],
                fixIts: [FixIt("add a non-linearity", replacement: "activation: relu")])
        }
    }
}

/// Hidden layers that widen toward the output.
struct IncreasingWidths: SpecRule {
    static let description = RuleDescription(
        id: "increasing-widths", name: "Hidden layers widen", severity: .note,
        summary: "A hidden layer is wider than the hidden layer before it.",
        explanation: """
        A dense layer can carry no more information about the input than the narrowest layer \
        before it, so widening after a narrow layer adds parameters, not capacity; the usual shape \
        narrows toward the output. NeuraLint reports increasing dense widths as a design smell. \
        Informational: it is not a bug, and some experiments widen on purpose.
        """,
        triggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 4, activation: tanh}
                - {units: ↓16, activation: tanh}
                - {units: 1}
            loss: mse
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 16, activation: tanh}
                - {units: 4, activation: tanh}
                - {units: 1}
            loss: mse
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        let hidden = Array(c.layers.indices.dropLast())
        return zip(hidden, hidden.dropFirst()).filter { c.layers[$1].units > c.layers[$0].units }.map { prev, i in
            Self.finding(
                "hidden \(c.layerName(i)) has \(c.layers[i].units) units after \(c.layers[prev].units) in '\(c.layers[prev].name)': it cannot carry more than the narrower layer passed on",
                at: c.location("\(c.layerPath(i)).units", else: c.layers[i].location),
                notes: [DiagnosticNote("widths: " + c.layers.map { "\($0.units)" }.joined(separator: " → "))],
                fixIts: [FixIt("narrow toward the output", replacement: "units: \(c.layers[prev].units)")])
        }
    }
}

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
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 4, activation: tanh, bias_initializer: ↓{normal: {stddev: 1}}}
                - {units: 1}
            loss: mse
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
              inputs: x
              targets: {apply: {fn: sin, of: x}}
            model:
              layers:
                - {units: 4, activation: tanh, bias_initializer: {sklearn: 6}}
                - {units: 1}
            loss: mse
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        c.layers.indices.compactMap { i in
            let l = c.layers[i]
            let path = "\(c.layerPath(i)).bias_initializer"
            guard l.useBias, c.isWritten(path) else { return nil }
            switch l.biasInitializer {
            case .zeros, .constant(0), .sklearn, .torchLinear, .file: return nil
            default: break
            }
            return Self.finding(
                "the bias of \(c.layerName(i)) starts from \(l.biasInitializer.formula), neither zeros nor a framework's rule",
                at: c.location(path),
                notes: [DiagnosticNote(c.initDistribution(layer: i, bias: true).map { "the \(l.units) biases start \($0.text)" } ?? "the biases start away from 0")],
                fixIts: [FixIt("start the biases at zero", replacement: "bias_initializer: zeros")])
        }
    }
}

/// An adaptive optimizer whose per-step move exceeds the initial spread of the weights.
struct AdaptiveStepSize: SpecRule {
    static let description = RuleDescription(
        id: "adaptive-step-size", name: "Adaptive step larger than the initialization", severity: .warning,
        summary: "Adam, RMSprop or Adagrad moves each weight by about lr per step, and lr exceeds the spread of a layer's initial weights.",
        explanation: """
        An adaptive optimizer normalizes each weight's step: Adam moves a weight by about lr per \
        step (m/√v ≈ ±1 while the gradient keeps its sign), whatever the gradient's size. When lr is \
        larger than the spread of a layer's initial weights — the Glorot bound √(6/(fan_in+fan_out)) \
        is 0.086 for 784 → 30 — the first few steps overwrite the initialization and training starts \
        from wherever they land. UMLAUT flags learning rates above 0.01; this rule compares lr with \
        the layer it actually moves instead. The bump experiment's Adam(0.1) on 1 → 2 → 1 units \
        (bounds 1.41) is fine; Adam(0.1) on MNIST's first layer is not.
        """,
        triggering: [
            RuleExample("""
            data:
              arrays: {x: {concat: {of: [{linspace: {start: -1, stop: 1, num: 40}}, {linspace: {start: 1, stop: -1, num: 40}}], axis: 1}}}
              inputs: x
              targets: {apply: {fn: sin, of: {column: {of: x, index: 0}}}}
            model:
              inputs: 2
              layers:
                - {units: 400, activation: tanh}
                - {units: 1}
            loss: mse
            optimizer: {kind: adam, learning_rate: ↓0.5}
            training: {epochs: 50}
            """),
        ],
        nonTriggering: [
            RuleExample("""
            data:
              arrays: {x: {concat: {of: [{linspace: {start: -1, stop: 1, num: 40}}, {linspace: {start: 1, stop: -1, num: 40}}], axis: 1}}}
              inputs: x
              targets: {apply: {fn: sin, of: {column: {of: x, index: 0}}}}
            model:
              inputs: 2
              layers:
                - {units: 400, activation: tanh}
                - {units: 1}
            loss: mse
            optimizer: {kind: adam, learning_rate: 0.01}
            training: {epochs: 50}
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard c.isAdaptive else { return [] }
        let lr = c.spec.optimizer.learningRate
        let spreads = c.layers.indices.compactMap { i -> (Int, InitDistribution, Double)? in
            guard let d = c.initDistribution(layer: i, bias: false), !d.isConstant, let s = d.scale, s > 0 else { return nil }
            return (i, d, s)
        }
        guard let (i, d, s) = spreads.min(by: { $0.2 < $1.2 }), lr > s else { return [] }
        return [Self.finding(
            "\(c.spec.optimizer.kind.rawValue) moves each weight by about lr = \(Num.exact(lr)) per step, more than the initial spread of \(c.layerName(i)) (\(d.text))",
            at: c.location("optimizer.learning_rate", "optimizer.kind"),
            notes: [DiagnosticNote("kernel of \(c.layerName(i)): \(c.layers[i].kernelInitializer.formula) with fan_in \(c.fanIn(i) ?? 0), fan_out \(c.layers[i].units) = \(d.text); lr is \(Num.factor(lr / s)) that")],
            fixIts: [FixIt("keep a step well inside the initial spread", replacement: "learning_rate: \(Num.g(s / 10, 1))")])]
    }
}
