import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Two specs that claim to be one experiment but build different networks.
struct MirrorArchitecture: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-architecture", name: "Mirrors build different networks", severity: .error,
        summary: "The mirrored specs differ in layers, units, activations, biases or input width.",
        explanation: """
        A mirror claims the same experiment in another framework's conventions; that only makes \
        sense for the same network. Different layer counts, widths, activations, bias use or input \
        width are not a convention but a different model, and every other comparison between the two \
        specs is then moot. Layers are compared in order.
        """,
        triggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: ↓relu}
            - {units: 1}
        """)],
        nonTriggering: [MirrorExamples.changed("""
        model:
          layers:
            - {units: 4, activation: tanh}
            - {units: 1}
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this, b = m.other
        guard m.sameLayerCount else {
            return [Self.finding(
                "\(Num.count(a.layers.count, "layer")) here and \(b.layers.count) in \(m.otherName): these are different networks",
                at: a.layers[0].location ?? a.start,
                notes: [m.there("layers " + b.layers.map(summary).joined(separator: " → "), else: b.layers[0].location),
                        DiagnosticNote("here: layers " + a.layers.map(summary).joined(separator: " → "))])]
        }
        var out: [Diagnostic] = []
        if let wa = a.inputWidth, let wb = b.inputWidth, wa != wb {
            out.append(Self.finding("\(wa) input features here and \(wb) in \(m.otherName)",
                                    at: a.location("model.inputs", else: a.spec.data.inputs.location),
                                    notes: [m.there("\(wb) input features", "model.inputs", else: b.spec.data.inputs.location)]))
        }
        for i in a.layers.indices {
            let la = a.layers[i], lb = b.layers[i], p = a.layerPath(i)
            func differ(_ key: String, _ here: String, _ there: String) {
                out.append(Self.finding(
                    "\(a.layerName(i)) has \(key) \(here) here and \(there) in \(m.otherName)",
                    at: a.location("\(p).\(key)", else: la.location),
                    notes: [m.there("\(key) \(there) (\(b.origin("\(p).\(key)")))", "\(p).\(key)", else: lb.location)],
                    fixIts: [a.fix("build the same layer", setting: "\(p).\(key)", to: there)]))
            }
            // Layers of different kinds share no fields to compare (a batch normalization has no units).
            guard la.type.type == lb.type.type else { differ("type", la.type.type, lb.type.type); continue }
            if let na = la.batchNorm, let nb = lb.batchNorm {
                if na.center != nb.center { differ("center", "\(na.center)", "\(nb.center)") }
                if na.scale != nb.scale { differ("scale", "\(na.scale)", "\(nb.scale)") }
                continue
            }
            if la.units != lb.units { differ("units", "\(la.units)", "\(lb.units)") }
            if la.activation != lb.activation { differ("activation", la.activation.rawValue, lb.activation.rawValue) }
            if la.useBias != lb.useBias { differ("use_bias", "\(la.useBias)", "\(lb.useBias)") }
        }
        return out
    }

    /// A layer in a few words: a dense layer's width and activation, another kind's name.
    private func summary(_ l: LayerSpec) -> String {
        l.type is Dense.Type ? "\(l.units) \(l.activation.rawValue)" : l.type.type
    }
}
