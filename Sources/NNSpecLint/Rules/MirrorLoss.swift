import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Different loss functions or loss scales.
struct MirrorLoss: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-loss", name: "Mirrors scale the loss differently", severity: .warning,
        summary: "The mirrored specs use a different loss, a different gradient scale, or one broadcasts targets and the other does not.",
        explanation: """
        What matters for training is the data term's gradient m·(p−y)/n: Keras' mse gives \
        2(p−y)/(n·k) (m = 2/k), scikit-learn's squared_error 0.5·mean, whose gradient is (p−y)/n \
        (m = 1, not divided by k), binary cross-entropy (p−y)/(n·k) in Keras and (p−y)/n in \
        scikit-learn at the logit. At the same learning rate plain SGD then steps m_a/m_b times \
        further on the data, and a penalty's weight relative to the data changes by the inverse; \
        with Adam the steps are the same but reported losses differ. Cross-entropies also differ in \
        their link: Keras on TensorFlow works from the logits and scikit-learn uses the canonical \
        delta p − y, while a clipped loss (`link: clipped`) passes no gradient once a probability \
        reaches the clip — which on separable data every prediction does. A loss that broadcasts (n,) \
        targets against (n, 1) predictions (TF1) optimizes a different objective altogether. The \
        fix-it gives the `loss.scale` that equalizes m.
        """,
        triggering: [
            MirrorExamples.changed("""
            loss: {kind: ↓mse, form: sklearn}
            """),
            MirrorExamples.pair(
                RuleExample.yaml(data: .steps, layers: ["{units: 1, activation: sigmoid}"],
                                 loss: "{kind: binary_crossentropy, link: ↓clipped}"),
                RuleExample.yaml(data: .steps, layers: ["{units: 1, activation: sigmoid}"],
                                 loss: "binary_crossentropy")),
        ],
        nonTriggering: [MirrorExamples.changed("""
        loss: {kind: mse, form: sklearn, scale: 1, gradient_reduction: mean}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        let la = a.spec.loss, lb = b.spec.loss
        let at = a.location("loss.kind")
        if la.kind != lb.kind {
            return [Self.finding("the loss is \(la.kind.rawValue) here and \(lb.kind.rawValue) in \(m.otherName)", at: at,
                                 notes: [m.there("loss \(lb.kind.rawValue)", "loss.kind")],
                                 fixIts: [a.fix("use the same loss", setting: "loss", to: lb.kind.rawValue)])]
        }
        if a.broadcastsTargets != b.broadcastsTargets, let n = a.samples {
            let here = a.broadcastsTargets
            return [Self.finding(
                here ? "the loss broadcasts (\(n),) targets against (\(n), 1) predictions here, comparing all \(n)² pairs; \(m.otherName) compares them element by element"
                     : "the loss compares targets element by element here; \(m.otherName) broadcasts (\(n),) targets against (\(n), 1) predictions, comparing all \(n)² pairs",
                at: here ? (a.spec.data.targets.location ?? at) : at,
                notes: [m.there("broadcast_targets \(lb.broadcastTargets) (\(b.origin("loss.broadcast_targets"))), targets \(b.trainingData.map { "\($0.targets.shape)" } ?? "?")",
                                "loss.broadcast_targets", else: b.spec.data.targets.location),
                        DiagnosticNote("a broadcast mse is minimized by predicting the mean target everywhere")],
                fixIts: [FixIt(here ? "compare element by element" : "to reproduce the broadcast, say so",
                               replacement: "loss: {kind: mse, broadcast_targets: \(!here)}")])]
        }
        if la.kind.isProbabilistic, (la.link == .clipped) != (lb.link == .clipped), !la.fromLogits, !lb.fromLogits {
            let here = la.link == .clipped
            let eps = (here ? la : lb).clipEpsilon.map { Num.g($0) } ?? "ε"
            return [Self.finding(
                here ? "the loss's gradient stops where a probability is clipped to [\(eps), 1 − \(eps)] here; in \(m.otherName) the delta stays p − y"
                     : "the delta at the output stays p − y here; in \(m.otherName) the gradient stops where a probability is clipped to [\(eps), 1 − \(eps)]",
                at: a.location("loss.link", "loss.kind"),
                notes: [DiagnosticNote("here link \(la.link.rawValue) (\(a.origin("loss.link")))"),
                        m.there("link \(lb.link.rawValue) (\(b.origin("loss.link")))", "loss.link", "loss.kind"),
                        DiagnosticNote("the runs agree until a prediction saturates; on separable data every prediction does")],
                fixIts: [FixIt("use the same link", replacement: "loss: {kind: \(la.kind.rawValue), link: \(lb.link.rawValue)}")])]
        }
        let ka = a.lossOutputs, kb = b.lossOutputs
        let ma = la.gradientFactor(outputs: ka), mb = lb.gradientFactor(outputs: kb)
        guard !Num.same(ma, mb) else { return [] }
        let r = ma / mb
        let adaptive = a.isAdaptive && b.isAdaptive
        let effect = adaptive
            ? "\(a.spec.optimizer.kind.rawValue) normalizes its steps, so updates agree, but reported losses and any penalty's relative weight differ \(Num.factor(max(r, 1 / r)))"
            : "at the same learning rate this spec's steps on the data term are \(Num.factor(r)) the mirror's, and a penalty weighs \(Num.factor(1 / r)) as much against it"
        let newScale = la.scale(matchingFactor: mb, outputs: ka)
        return [Self.finding(
            "the loss gradient is \(la.gradientFormula(outputs: ka)) here and \(lb.gradientFormula(outputs: kb)) in \(m.otherName): with k = \(ka) this spec's data term is \(Num.factor(r)) the mirror's",
            at: at,
            notes: [
                DiagnosticNote("here: \(la.formName) (\(a.origin("loss.form"))), scale \(Num.exact(la.scale)), m = \(Num.g(ma))"),
                m.there("\(lb.formName) (\(b.origin("loss.form"))), scale \(Num.exact(lb.scale)), m = \(Num.g(mb))", "loss.kind"),
                DiagnosticNote(effect),
            ],
            fixIts: [FixIt("use scale \(Num.g(newScale)) to make the gradients equal",
                           replacement: "loss: {kind: \(la.kind.rawValue), scale: \(Num.g(newScale, 6))}")])]
    }
}
