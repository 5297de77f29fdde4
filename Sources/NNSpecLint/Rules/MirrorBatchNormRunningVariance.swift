import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Mirrored batch-normalization layers whose running variance moves toward different batch
/// variances: Keras' and TF1's biased Σ(x − μ)²/n, PyTorch's unbiased Σ(x − μ)²/(n − 1).
struct MirrorBatchNormRunningVariance: MirrorRule {
    /// The relative difference of the running variances, n/(n − 1) − 1, below which the rule is
    /// quiet: 5 %, more than 21 values per channel in a batch (a difference under 2.5 % in a
    /// normalized value at inference, which neither framework's layer can remove).
    static let threshold = 0.05

    static let description = RuleDescription(
        id: "mirror-batch-norm-running-variance", name: "Mirrored BatchNorm running variances take different batch variances", severity: .warning,
        summary: "A batch-normalization layer moves its running variance toward the batch's biased variance in one spec (Keras, TF1) and the unbiased one in the other (PyTorch), so at small batches the variances used at inference differ by n/(n − 1).",
        explanation: """
        Both frameworks normalize a training batch with its biased variance Σ(x − μ)²/n, but they \
        update the running variance, which evaluation and predictions divide by, with different \
        ones: Keras' and TF1's BatchNormalization with the biased variance, PyTorch's BatchNorm with \
        the unbiased Σ(x − μ)²/(n − 1), n the values per channel in the batch (the rows, times the \
        positions of an image). With the same batches PyTorch's running variance is n/(n − 1) times \
        Keras' (apart from what is left of the starting 1), and each normalized value at inference \
        √((n − 1)/n) times as large, where the variance is much larger than ε: ×1.11 in the variance \
        at batches of 10 rows, ×2 at 2. Neither framework's layer offers the other form \
        (`running_variance` in nnspec does; export refuses the form its framework lacks), so the \
        rule reports the difference only where it reaches \(Int(threshold * 100)) % of the \
        variance, n ≤ 21, and gives the factor at the spec's batch size (and at an epoch's shorter \
        last batch). Training itself is the same in both.
        """,
        triggering: [MirrorExamples.pair(
            RuleExample.batchNormYAML("torch", "↓{type: batch_normalization, momentum: 0.01, epsilon: 0.001}"),
            RuleExample.batchNormYAML("keras"))],
        nonTriggering: [
            MirrorExamples.pair(
                RuleExample.batchNormYAML("torch", "{type: batch_normalization, momentum: 0.01, epsilon: 0.001, running_variance: biased}"),
                RuleExample.batchNormYAML("keras")),
            // Batches of 32 rows: ×32/31, 3.2 % in the variance.
            MirrorExamples.pair(
                RuleExample.batchNormYAML("torch", "{type: batch_normalization, momentum: 0.01, epsilon: 0.001}", data: .sine(points: 64),
                                          then: ["training: {epochs: 20, batch_size: 32}"]),
                RuleExample.batchNormYAML("keras", data: .sine(points: 64), then: ["training: {epochs: 20, batch_size: 32}"])),
        ])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        m.batchNormPairs.compactMap { a, b in
            guard a.kind.unbiasedRunningVariance != b.kind.unbiasedRunningVariance else { return nil }
            let here = a.kind.unbiasedRunningVariance
            // The factor is the unbiased side's, at that spec's batches.
            let (u, uc) = here ? (a, m.this) : (b, m.other)
            guard let batching = uc.plan?.batching,
                  let n = u.kind.valuesPerChannel(rows: batching.size, input: u.layer.inputShape) else { return nil }
            let factor: Double = u.kind.runningVarianceFactor(valuesPerChannel: n)
            guard factor - 1 >= Self.threshold else { return nil }
            let p = m.this.layerPath(a.index)
            let ratio = here ? factor : 1 / factor, fraction = here ? "\(n)/\(n - 1)" : "\(n - 1)/\(n)"
            let batches = "batches of \(Num.count(batching.size, "row"))"
            let perChannel = u.positions == 1 ? "" : " (\(n) values per channel)"
            var notes = [
                DiagnosticNote("here: \(Self.variance(a)) (\(m.this.origin("\(p).running_variance")))"),
                m.there("\(Self.variance(b)) (\(m.other.origin("\(p).running_variance")))", "\(p).running_variance", "\(p).type",
                        else: m.other.layers[a.index].location),
                DiagnosticNote("with n = \(n) values per channel (\(here ? "" : "\(m.otherName)'s ")\(batches), \(uc.origin("training.batch_size"))) the running variance this spec converges to is \(Num.factor(ratio)) (\(fraction)) the mirror's, so at inference each normalized value is \(Num.factor(1 / ratio.squareRoot())) as large where the variance is much larger than ε"),
            ]
            if batching.order == .epoch, !batching.batchesAllEqual,
               let last = u.kind.valuesPerChannel(rows: batching.lastBatchRows, input: u.layer.inputShape), last > 1 {
                let f: Double = u.kind.runningVarianceFactor(valuesPerChannel: last)
                notes.append(DiagnosticNote("each epoch's last batch, of \(Num.count(batching.lastBatchRows, "row")), enters the unbiased running variance ×\(Num.g(f)) (\(last)/\(last - 1))"))
            }
            notes.append(DiagnosticNote("training normalizes each batch with its biased variance in both; torch.nn.BatchNorm has no biased running variance and Keras' BatchNormalization no unbiased one"))
            return Self.finding(
                "\(m.this.layerName(a.index)) moves its running variance toward the batch's \(a.spec.runningVariance.rawValue) variance here and the \(b.spec.runningVariance.rawValue) one in \(m.otherName): \(Num.factor(ratio)) (\(fraction)) at \(batches)\(perChannel)",
                at: m.this.location("\(p).running_variance", else: m.this.layers[a.index].location), notes: notes,
                fixIts: [m.this.fix("take the batch variance \(m.otherName) takes (nnspec can; neither framework's layer can)", setting: "\(p).running_variance",
                                    to: b.spec.runningVariance.rawValue)])
        }
    }

    /// "the unbiased batch variance Σ(x − μ)²/(n − 1)".
    private static func variance(_ s: BatchNormSite) -> String {
        s.kind.unbiasedRunningVariance ? "the unbiased batch variance Σ(x − μ)²/(n − 1)" : "the biased batch variance Σ(x − μ)²/n"
    }
}
