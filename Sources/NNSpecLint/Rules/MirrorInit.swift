import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Initial weights drawn from different distributions.
struct MirrorInit: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-init", name: "Mirrors initialize differently", severity: .warning,
        summary: "A layer's kernel or bias starts from a different distribution in the mirrored spec.",
        explanation: """
        Initializer bounds per convention (fan_in, fan_out of the layer): Keras glorot_uniform \
        U(±√(6/(fan_in+fan_out))) and zero biases; scikit-learn U(±√(f/(fan_in+fan_out))) with f = 2 \
        when the hidden activation is logistic, else 6, for every layer's kernel **and** bias; \
        PyTorch nn.Linear U(±1/√fan_in) for both; zeros in the hand-written NumPy and TF programs. \
        Different bounds start the two runs in different places, which matters most where the \
        objective has several minima or training is short. The rule compares the resolved \
        distributions and names the initializer that would match.
        """,
        triggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: tanh, kernel_initializer: ↓{sklearn: 2}}
            - {units: 1}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: tanh, kernel_initializer: {uniform: {low: -1.0954451150103321, high: 1.0954451150103321}}}
            - {units: 1}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount else { return [] }
        let a = m.this, b = m.other
        var out: [Diagnostic] = []
        for bias in [false, true] {
            let key = bias ? "bias_initializer" : "kernel_initializer"
            // One finding per pair of initializers (here, there).
            for group in m.comparison.initDifferences(bias: bias) {
                let (ia, ib, layers) = (group.here, group.there, group.layers)
                let first = layers[0]
                let path = "\(a.layerPath(first)).\(key)"
                let per = layers.compactMap { i -> String? in
                    guard let da = a.initDistribution(layer: i, bias: bias), let db = b.initDistribution(layer: i, bias: bias) else { return nil }
                    var s = "'\(a.layers[i].name)': \(da.text) here, \(db.text) there"
                    if let sa = da.scale, let sb = db.scale, sa > 0, sb > 0 { s += " (\(Num.factor(sa / sb)))" }
                    return s
                }
                let what = bias ? "biases" : "kernels"
                out.append(Self.finding(
                    "\(what) of \(a.layerNames(layers)) start from \(ia.yaml) here and \(ib.yaml) in \(m.otherName)",
                    at: a.location(path, else: a.layers[first].location),
                    notes: [
                        DiagnosticNote("here: \(ia.formula) (\(a.origin(path))); there: \(ib.formula) (\(b.origin(path)))"),
                        DiagnosticNote(per.joined(separator: "; ")),
                        m.there(ib.formula, path, else: b.layers[first].location),
                    ],
                    fixIts: [a.fix("draw from the same distribution", setting: path, to: ib.yaml)]))
            }
        }
        return out
    }
}
