import NNSpecIR
import NNSpecSyntax

extension MirrorContext {
    /// A note pointing at the value in the other spec.
    func there(_ message: String, _ paths: String..., else fallback: SourceLocation? = nil) -> DiagnosticNote {
        var loc: SourceLocation?
        for p in paths where loc == nil { loc = other.spec.provenance.entries[p]?.location }
        return DiagnosticNote("\(otherName): \(message)", at: loc ?? fallback ?? other.location(paths.first ?? "", else: nil))
    }

    /// Layer-by-layer comparisons need the same layer count (`mirror-architecture` reports it).
    var sameLayerCount: Bool { this.layers.count == other.layers.count }
}

extension Sequence {
    /// The elements grouped by `key`, the groups in the order of their first element; an element
    /// whose key is nil is left out.
    func groupedInOrder(by key: (Element) -> String?) -> [[Element]] {
        var groups: [String: [Element]] = [:]
        var order: [String] = []
        for x in self {
            guard let k = key(x) else { continue }
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(x)
        }
        return order.map { groups[$0]! }
    }
}

/// Shared example texts for the cross-spec rules: a small regression spec as the mirror, and
/// the spec that extends it, mirrors it, and changes one thing.
enum MirrorExamples {
    static let base = """
    convention: keras
    dtype: float64
    data:
      arrays: {x: {linspace: {start: -1, stop: 1, num: 40}}}
      inputs: x
      targets: {apply: {fn: sin, of: x}}
    model:
      layers:
        - {units: 4, activation: tanh}
        - {units: 1}
    loss: mse
    optimizer: {kind: sgd, learning_rate: 0.01, momentum: 0.9}
    training: {epochs: 50, batch_size: 10}
    """

    /// The mirror plus `change`, written as a spec that extends and mirrors it.
    static func changed(_ change: String) -> RuleExample {
        RuleExample("extends: \(RuleExample.mirrorFile)\nmirrors: \(RuleExample.mirrorFile)\n" + change, mirror: base)
    }

    /// A spec that mirrors `mirror` and is otherwise `spec`.
    static func pair(_ spec: String, _ mirror: String) -> RuleExample {
        RuleExample("mirrors: \(RuleExample.mirrorFile)\n" + spec, mirror: mirror)
    }

    /// The first MLP question in small: a Keras spec whose layers are `hidden` and `output`,
    /// mirroring scikit-learn's alpha = 1 on the same data in batches of 200. Keras' l2 = 0.0025
    /// on a kernel matches that alpha there (2λ·W = α/n·W = 0.005·W).
    static func kerasAgainstSklearnAlpha(hidden: String, output: String) -> RuleExample {
        let training = ["optimizer: {kind: sgd, learning_rate: 0.001, momentum: 0.9, nesterov: true}",
                        "training: {epochs: 200, batch_size: 200}"]
        return pair(RuleExample.yaml(convention: "keras", data: .sine(points: 400),
                                     layers: [hidden, output],
                                     loss: "{kind: mse, scale: 0.5}",
                                     then: training),
                    RuleExample.yaml(convention: "sklearn", data: .sine(points: 400),
                                     layers: ["{units: 4, activation: sigmoid}", "{units: 1}"],
                                     loss: "mse",
                                     then: ["regularization: {alpha: 1}"] + training))
    }

    /// The pair matched: l2 = 0.0025 on both Keras kernels is scikit-learn's alpha = 1.
    static let kerasMatchingSklearnAlpha = kerasAgainstSklearnAlpha(
        hidden: "{units: 4, activation: sigmoid, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}",
        output: "{units: 1, kernel_regularizer: {l2: 0.0025}, kernel_initializer: {sklearn: 2}, bias_initializer: {sklearn: 2}}")
}

extension RuleExample {
    /// The same spec against another mirror text.
    func withMirror(_ mirror: String) -> RuleExample { RuleExample(spec, mirror: mirror) }
}
