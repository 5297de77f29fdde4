import NNSpecIR
import NNSpecPlan

/// A batch-normalization layer of a plan, for the rules about it.
struct BatchNormSite {
    var index: Int
    var layer: LayerPlan
    var kind: BatchNormLayer

    var spec: BatchNormSpec { kind.batchNorm }
    /// The weight of the old running value in each update, as the plan resolved it.
    var runningWeight: Double { kind.runningWeight }
    /// Values every sample gives each channel (an image's positions, a vector's 1).
    var positions: Int { kind.positions(input: layer.inputShape) }
}

extension LintContext {
    /// The batch-normalization layers of the plan (none without a plan).
    var batchNormSites: [BatchNormSite] {
        plan?.layers.compactMap { l in (l.kind as? BatchNormLayer).map { BatchNormSite(index: l.index, layer: l, kind: $0) } } ?? []
    }
}

extension MirrorContext {
    /// Batch-normalization layers at the same index in both specs (other layer differences are
    /// `mirror-architecture`'s).
    var batchNormPairs: [(BatchNormSite, BatchNormSite)] {
        guard sameLayerCount else { return [] }
        let there = Dictionary(other.batchNormSites.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        return this.batchNormSites.compactMap { a in there[a.index].map { (a, $0) } }
    }
}

extension BatchNormMomentumForm {
    /// The update this form reads `momentum` into, and whose form it is.
    var formula: String {
        switch self {
        case .runningWeight: return "running = m·running + (1 − m)·batch (Keras' form)"
        case .batchWeight: return "running = (1 − m)·running + m·batch (PyTorch's form)"
        }
    }
}

enum BatchNormText {
    /// "keeps 1 % of the old running value per update" for a running weight `w`.
    static func keeps(_ w: Double) -> String { "keeps \(Num.g(100 * w)) % of the old running value per update" }

    /// What the running statistics then are: an exponential average over about (1 + w)/(1 − w)
    /// batches (the number of batches whose plain mean has the same variance).
    static func memory(_ w: Double) -> String {
        guard w < 1 else { return "the running statistics never move from their start (mean 0, variance 1)" }
        let batches = Num.g((1 + w) / (1 - w))
        return (1 + w) / (1 - w) < 1.5
            ? "the running statistics ≈ the last batch's (an average over (1 + w)/(1 − w) = \(batches) batches)"
            : "the running statistics average over about (1 + w)/(1 − w) = \(batches) batches"
    }

    /// A momentum as a spec would write it (1 − 0.99 as 0.01).
    static func value(_ m: Double) -> String { Num.g(m, 12) }
}

extension RuleExample {
    /// The training lines of the batch-normalization examples: PyTorch's default batch of 1
    /// would give the layer one value per channel, which the plan refuses.
    static let batchNormTraining = "training: {epochs: 20, batch_size: 10}"

    /// A regression on `data` through `hidden`, the batch-normalization layer `bn` and one
    /// output, then the top-level lines `rest`.
    static func batchNorm(_ convention: String, _ bn: String = "{type: batch_normalization}", hidden: String = "{units: 8, activation: relu}",
                          data: ExampleData = .sine, then rest: [String] = [batchNormTraining]) -> RuleExample {
        RuleExample(batchNormYAML(convention, bn, hidden: hidden, data: data, then: rest))
    }

    /// The text of `batchNorm(...)`, for a mirror pair.
    static func batchNormYAML(_ convention: String, _ bn: String = "{type: batch_normalization}", hidden: String = "{units: 8, activation: relu}",
                              data: ExampleData = .sine, then rest: [String] = [batchNormTraining]) -> String {
        yaml(convention: convention, data: data, layers: [hidden, bn, "{units: 1}"], loss: "mse", then: rest)
    }
}
