import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Batch normalization over batches too small for their statistics to mean anything: a batch
/// (or an epoch's last, partial batch) of a few rows, or of one value per channel.
struct BatchNormSmallBatch: SpecRule {
    /// Rows below which a batch's mean and variance are mostly sampling noise.
    static let minimumRows = 8

    static let description = RuleDescription(
        id: "batch-norm-small-batch", name: "Batch normalization over tiny batches", severity: .warning,
        summary: "Batch normalization normalizes with the statistics of batches so small (or an epoch's last batch so short) that they are noise, or of a single value per channel.",
        explanation: """
        In training, batch normalization divides by the batch's own mean and variance. Over b rows \
        the mean's standard error is σ/√b and the variance's relative spread about √(2/(b − 1)), \
        so small batches normalize each step with noise and the running statistics inherit it (Wu \
        & He's Group Normalization paper, 2018: batch normalization's ImageNet error rises rapidly \
        as the batch shrinks, 10.6 points above Group Normalization's at 2 images per batch). The \
        rule draws the line at \(minimumRows) rows. One value per channel is degenerate: x − μ = 0, so the layer \
        outputs β whatever its input and passes no gradient back. Keras takes it (a batch \
        variance of 0 enters the moving variance); PyTorch refuses it ("ValueError: Expected more \
        than 1 value per channel when training"), its unbiased running variance b/(b − 1) being \
        undefined, and so does nnspec's plan for `running_variance: unbiased`. An epoch whose row \
        count leaves a last batch of 1 hits this once per epoch. A short last batch is also reported when the running statistics keep \
        less than half of their old value per update (see `batch-norm-momentum-form`): they then \
        end every epoch as that batch's. Rows count, not values: the positions of one image are \
        correlated and stand in poorly for more images.
        """,
        triggering: [
            .batchNorm("keras", then: ["training: {epochs: 20, batch_size: ↓4}"]),
            .batchNorm("keras", data: .sine(points: 41), then: ["training: {epochs: 20, batch_size: ↓10}"]),
        ],
        nonTriggering: [
            .batchNorm("keras"),
            .batchNorm("torch", data: .sine(points: 43)),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard let batching = c.plan?.batching else { return [] }
        let rows = batching.size
        // Only an epoch walk has a short last batch; a wrapping walk always takes `size` rows.
        let last = batching.order == .epoch && !batching.batchesAllEqual ? batching.lastBatchRows : nil
        let at = c.location("training.batch_size", else: c.location("training"))
        return c.batchNormSites.compactMap { s in
            let name = c.layerName(s.index)
            let values = { (r: Int) in r.multipliedReportingOverflow(by: s.positions).overflow ? Int.max : r * s.positions }
            let batchText = "batches of \(Num.count(rows, "row")) (\(c.origin("training.batch_size")))"
            if values(rows) == 1 || last.map({ values($0) == 1 }) == true {
                let which = values(rows) == 1 ? "every batch has one row" : "each epoch's last batch has one row (\(batching.trainingRows) rows in \(batchText))"
                return Self.finding(
                    "\(name) normalizes over one value per channel: \(which), so x − μ = 0 and the layer outputs β, passing no gradient",
                    at: at,
                    notes: [DiagnosticNote("a batch variance of 0 enters the running variance; PyTorch raises ValueError: Expected more than 1 value per channel when training (its unbiased variance ×b/(b − 1) is undefined for b = 1)")],
                    fixIts: fixes(c, batching, rows: rows))
            }
            if rows < Self.minimumRows {
                return Self.finding(
                    "\(name) normalizes each step with the statistics of \(Num.count(rows, "row")): they are mostly noise",
                    at: at,
                    notes: [DiagnosticNote(noise(rows) + "; \(batchText)")],
                    fixIts: fixes(c, batching, rows: rows))
            }
            if let last, last < Self.minimumRows, s.runningWeight < 0.5 {
                return Self.finding(
                    "\(name) ends every epoch with running statistics ≈ those of its last batch of \(Num.count(last, "row"))",
                    at: at,
                    notes: [DiagnosticNote("\(batching.trainingRows) rows in \(batchText) leave \(last) in the last; the running statistics keep \(Num.g(100 * s.runningWeight)) % of their old value per update"),
                            DiagnosticNote(noise(last))],
                    fixIts: fixes(c, batching, rows: rows))
            }
            return nil
        }
    }

    private func noise(_ b: Int) -> String {
        "over \(b) rows the batch mean's standard error is σ/√\(b) = \(Num.g(1 / Double(b).squareRoot()))σ and the variance's relative spread √(2/(b − 1)) = \(Num.g((2 / Double(b - 1)).squareRoot()))"
    }

    private func fixes(_ c: LintContext, _ batching: BatchPlan, rows: Int) -> [FixIt] {
        var out: [FixIt] = []
        if rows < Self.minimumRows {
            out.append(c.fix("take at least \(Self.minimumRows) rows per batch", setting: "training.batch_size", to: "\(min(32, batching.trainingRows))"))
        } else {
            // A size that divides the rows leaves no short last batch.
            if let even = (rows...batching.trainingRows).lazy.prefix(rows).first(where: { batching.trainingRows % $0 == 0 }) {
                out.append(c.fix("take a batch size that divides the \(batching.trainingRows) rows", setting: "training.batch_size", to: "\(even)"))
            }
            out.append(FixIt("or drop the short last batch (PyTorch DataLoader(drop_last=True))"))
        }
        return out
    }
}
