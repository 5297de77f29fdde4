import Foundation
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Weight decay or a regularizer reaching batch normalization's γ and β.
struct BatchNormWeightDecay: SpecRule {
    /// The pull over the run (shrink of γ by L2, or distance by L1) below which the rule is quiet.
    static let threshold = 0.05

    static let description = RuleDescription(
        id: "batch-norm-weight-decay", name: "Weight decay on batch-normalization parameters", severity: .warning,
        summary: "A penalty reaches batch normalization's γ and β (PyTorch's weight_decay reaches every parameter), pulling the layer's scale and offset toward 0.",
        explanation: """
        PyTorch's `weight_decay` (and AdamW's, and Keras' optimizer `weight_decay`) decays every \
        parameter it is given, γ and β of batch normalization included, unless they are put in a \
        parameter group of their own; Keras' `gamma_regularizer` / `beta_regularizer` do it on \
        purpose. On γ the decay is not the complexity penalty it is on a kernel: the normalization \
        makes the layer's output independent of the scale of the weights before it, so decaying γ \
        only shrinks the signal the layer passes on toward 0, and decaying β pulls its learned \
        offset back to 0. The usual practice is no decay on normalization layers (and biases): \
        torchvision's training reference's `--norm-weight-decay 0.0`, a PyTorch group `{'params': bn_params, \
        'weight_decay': 0}`, Keras' `optimizer.exclude_from_weight_decay(var_names=['gamma', \
        'beta'])`. The rule reads the penalties the plan puts on γ and β and fires when, without the \
        data's gradient, they would move γ by at least 5 % over the run (λ·Σ lr, times 1/(1 − μ) for \
        a coupled penalty under SGD momentum; always under L-BFGS, whose objective holds them).
        """,
        triggering: [
            .batchNorm("torch", then: ["optimizer: {kind: sgd, learning_rate: 0.1, weight_decay: ↓0.01}", "training: {epochs: 100, batch_size: 10}"]),
            .batchNorm("keras", "{type: batch_normalization, gamma_regularizer: {l2: ↓0.01}}", then: ["optimizer: {kind: sgd, learning_rate: 0.1}", "training: {epochs: 100, batch_size: 10}"]),
        ],
        nonTriggering: [
            .batchNorm("torch", then: ["optimizer: {kind: sgd, learning_rate: 0.1, weight_decay: 0.00001}", "training: {epochs: 100, batch_size: 10}"]),
            .batchNorm("keras", hidden: "{units: 8, activation: relu, kernel_regularizer: {l2: 0.01}}", then: ["optimizer: {kind: sgd, learning_rate: 0.1}", "training: {epochs: 100, batch_size: 10}"]),
        ])

    private struct Reach {
        var site: BatchNormSite
        var tensor: TensorPlan
        var term: PenaltyTerm
    }

    func check(_ c: LintContext) -> [Diagnostic] {
        guard let plan = c.plan else { return [] }
        let reaches = c.batchNormSites.flatMap { s in
            plan.layers[s.index].tensors.map { plan.tensors[$0] }.flatMap { t in t.penalties.map { Reach(site: s, tensor: t, term: $0) } }
        }
        let lbfgs = c.spec.optimizer.kind == .lbfgs
        return reaches.groupedInOrder { $0.term.path }.compactMap { group in
            let term = group[0].term
            let pull = self.pull(term, c)
            guard lbfgs || (pull ?? 0) >= Self.threshold else { return nil }
            let layers = group.map(\.site.index).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
            let roles = Set(group.map(\.tensor.role))
            let what = [TensorRole.gamma, .beta].filter(roles.contains).map(\.word).joined(separator: " and ")
            var notes = [DiagnosticNote("\(term.formula) with \(term.values) on \(what) of \(c.layerNames(layers)), \(c.origin(term.path))")]
            if let pull, !lbfgs {
                let steps = c.totalUpdates.map { "the run's \(Num.count($0, "update"))" } ?? "the run"
                notes.append(DiagnosticNote(term.isL1
                    ? "without the data's gradient it alone would move γ by \(Num.g(pull)) toward 0 over \(steps) (γ starts at 1)"
                    : "without the data's gradient it alone would shrink γ and β to \(Num.g(exp(-pull)))× over \(steps) (λ·Σ lr\(gainText(term, c)) = \(Num.g(pull)))"))
            } else if lbfgs {
                notes.append(DiagnosticNote("L-BFGS minimizes the penalty with the loss: the optimum it finds has γ and β pulled toward 0"))
            }
            if c.isAdaptive, !term.isDecoupled {
                notes.append(DiagnosticNote("coupled into \(c.spec.optimizer.kind.rawValue)'s normalized step, the decay dominates where γ's data gradient is small"))
            }
            notes.append(DiagnosticNote("γ is the layer's output scale: the normalization before it undoes any scale of the weights feeding it, so decaying γ only shrinks what the layer passes on, and decaying β pulls its offset to 0"))
            return Self.finding(
                "\(term.origin) reaches \(what) of batch normalization \(c.layerNames(layers)), pulling the layer's scale and offset toward 0",
                at: c.location(term.path), notes: notes, fixIts: fixes(term, c))
        }
    }

    /// λ·Σ lr over the run, with momentum's gain for a coupled penalty under SGD (nil when a
    /// coefficient or the run's length is unknown).
    private func pull(_ t: PenaltyTerm, _ c: LintContext) -> Double? {
        guard let coef = t.coefficient, let sum = c.learningRateSum else { return nil }
        return coef * sum * (t.isDecoupled ? 1 : c.momentumGain)
    }

    private func gainText(_ t: PenaltyTerm, _ c: LintContext) -> String {
        t.isDecoupled || c.momentumGain == 1 ? "" : " × \(Num.g(c.momentumGain)) for momentum"
    }

    private func fixes(_ t: PenaltyTerm, _ c: LintContext) -> [FixIt] {
        switch t.source {
        case .weightDecay(let lambda, let decoupled):
            var out = [FixIt("exempt the normalization layers: PyTorch parameter groups [{'params': others}, {'params': norm_params, 'weight_decay': 0}]; Keras optimizer.exclude_from_weight_decay(var_names=['gamma', 'beta'])")]
            if !decoupled {
                // Coupled decay λ·W on a kernel is half_l2: λ (gradient λ·W) on that kernel alone.
                out.append(FixIt("or, in nnspec, decay the kernels only: drop optimizer.weight_decay and give each dense and conv2d layer",
                                 replacement: "kernel_regularizer: {half_l2: \(Num.exact(lambda))}"))
            }
            return out
        default:
            let key = t.path.split(separator: ".").dropLast().last.map(String.init) ?? "regularizer"
            return [FixIt("remove \(key): a normalization layer's scale and offset need no penalty")]
        }
    }
}
