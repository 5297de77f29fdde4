import NNSpecIR
import NNSpecSyntax

/// (n,) targets against (n, 1) predictions under a loss that broadcasts.
struct BroadcastTargets: SpecRule {
    static let description = RuleDescription(
        id: "broadcast-targets", name: "Broadcast targets", severity: .error,
        summary: "Targets of shape (n,) meet predictions of shape (n, 1) under a loss that broadcasts them to (n, n).",
        explanation: """
        TF1's `tf.losses.mean_squared_error(labels, predictions)` (and NumPy arithmetic) broadcast \
        labels of shape (n,) against predictions of shape (n, 1) to an (n, n) matrix: every \
        prediction is compared with every label, the loss is mean_ij (p_i − y_j)², and its minimum \
        is reached when every prediction equals the mean label. In the first-feature experiment \
        this is why the TF program stalls at loss 0.0823 with bias 0.488 — the mean of y — while \
        Keras, which aligns the shapes, learns y = x₀. The rule reads the target shape from the data \
        the spec produces and fires when the loss has `broadcast_targets` (the tf1 convention's \
        default) and a single output.
        """,
        triggering: [
            RuleExample("""
            convention: tf1
            data:
              arrays: {x: {concat: {of: [{linspace: {start: 0, stop: 1, num: 20}}, {linspace: {start: 1, stop: 0, num: 20}}], axis: 1}}}
              inputs: x
              targets: {↓column: {of: x, index: 0, keepdims: false}}
            model:
              layers:
                - {units: 1, kernel_initializer: zeros}
            loss: mse
            """),
        ],
        nonTriggering: [
            RuleExample("""
            convention: tf1
            data:
              arrays: {x: {concat: {of: [{linspace: {start: 0, stop: 1, num: 20}}, {linspace: {start: 1, stop: 0, num: 20}}], axis: 1}}}
              inputs: x
              targets: {column: {of: x, index: 0}}
            model:
              layers:
                - {units: 1, kernel_initializer: zeros}
            loss: mse
            """),
            RuleExample("""
            convention: keras
            data:
              arrays: {x: {concat: {of: [{linspace: {start: 0, stop: 1, num: 20}}, {linspace: {start: 1, stop: 0, num: 20}}], axis: 1}}}
              inputs: x
              targets: {column: {of: x, index: 0, keepdims: false}}
            model:
              layers:
                - {units: 1, kernel_initializer: zeros}
            loss: mse
            """),
        ])

    func check(_ c: LintContext) -> [Diagnostic] {
        guard c.broadcastsTargets, let n = c.samples else { return [] }
        let targets = c.spec.data.targets
        var fix = FixIt("give the targets shape (n, 1)", replacement: "{reshape: {of: …, shape: [-1, 1]}}")
        if case .column(_, let i, false) = targets.kind {
            fix = FixIt("keep the column a column", replacement: "{column: {of: …, index: \(i), keepdims: true}}")
        }
        return [Self.finding(
            "targets of shape (\(n),) against predictions of shape (\(n), 1) broadcast to (\(n), \(n)): every prediction is compared with every target, so the model learns their mean",
            at: targets.location ?? c.start,
            notes: [
                DiagnosticNote("the loss is mean_ij (p_i − y_j)² over \(n)² = \(Num.g(Double(n) * Double(n))) pairs; its minimum puts every prediction at the mean target"),
                DiagnosticNote("loss.broadcast_targets is true (\(c.origin("loss.broadcast_targets"))), as TF1's tf.losses.mean_squared_error broadcasts", at: c.location("loss.broadcast_targets")),
            ],
            fixIts: [fix, FixIt("or compare element by element", replacement: "loss: {kind: mse, broadcast_targets: false}")])]
    }
}

extension LintContext {
    /// True when the loss compares (n,) targets with (n, 1) predictions pairwise.
    public var broadcastsTargets: Bool {
        guard plan?.loss.link == .broadcastSquared, let t = trainingData?.targets else { return false }
        return t.shape.count == 1 && t.rows > 1
    }
}
