import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Mirrors that flatten feature maps in different orders but load the dense kernel after the
/// flatten from one file.
struct MirrorFlattenOrder: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-flatten-order", name: "One kernel file after flattens of different order", severity: .error,
        summary: "The mirrors flatten (h, w, c) and (c, h, w) but load the next dense kernel from the same file, so its rows meet different features.",
        explanation: """
        Keras flattens a channels-last feature map in (h, w, c) order, PyTorch a channels-first one in \
        (c, h, w) order. The dense layer after the flatten multiplies feature r by row r of its kernel, \
        so one kernel file means two different models: with more than one channel, row r is a \
        different pixel–channel pair on each side. Permute the rows for one side (for PyTorch: \
        W.reshape(h, w, c, units).transpose(2, 0, 1, 3).reshape(-1, units)) or use one data format.
        """,
        triggering: [MirrorExamples.pair(
            MirrorExamples.flattenThenDense(convention: "keras", format: "channels_last", kernel: "↓{file: k.json}"),
            MirrorExamples.flattenThenDense(convention: "torch", format: "channels_first", kernel: "{file: k.json}"))],
        nonTriggering: [MirrorExamples.pair(
            MirrorExamples.flattenThenDense(convention: "keras", format: "channels_last", kernel: "{file: k.json}"),
            MirrorExamples.flattenThenDense(convention: "torch", format: "channels_first", kernel: "{file: k-chw.json}"))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        guard m.sameLayerCount, m.this.spec.model.dataFormat != m.other.spec.model.dataFormat,
              let pa = m.this.plan, let pb = m.other.plan else { return [] }
        var out: [Diagnostic] = []
        for i in pa.layers.indices where m.this.layers[i].type is Flatten.Type && m.other.layers[i].type is Flatten.Type {
            let shape = pa.layers[i].inputShape
            guard shape.count == 3, m.this.spec.model.dataFormat.hwc(shape).c > 1,
                  let j = pa.layers.indices.first(where: { $0 > i && m.this.layers[$0].type is Dense.Type }),
                  pb.layers.indices.contains(j), m.other.layers[j].type is Dense.Type,
                  case .file(let fa)? = pa.tensor(layer: j, .kernel)?.initializer, case .file(let fb)? = pb.tensor(layer: j, .kernel)?.initializer
            else { continue }
            let ra = DataFile.resolve(fa, relativeTo: m.this.layers[j].location?.file ?? m.this.spec.file)
            let rb = DataFile.resolve(fb, relativeTo: m.other.layers[j].location?.file ?? m.other.spec.file)
            guard ra == rb else { continue }
            func order(_ f: DataFormat) -> String { f == .channelsLast ? "(h, w, c)" : "(c, h, w)" }
            let p = m.this.layerPath(j)
            out.append(Self.finding(
                "\(m.this.layerName(j)) loads its kernel from \(fa) here and in \(m.otherName), but \(m.this.layerName(i)) flattens \(order(m.this.spec.model.dataFormat)) here and \(order(m.other.spec.model.dataFormat)) there: row r of the file multiplies a different feature on each side",
                at: m.this.location("\(p).kernel_initializer", else: m.this.layers[j].location),
                notes: [m.there("the same file, after a \(order(m.other.spec.model.dataFormat)) flatten", "\(p).kernel_initializer", else: m.other.layers[j].location)],
                fixIts: [FixIt("give one side the kernel with its rows permuted, or use one data_format")]))
        }
        return out
    }
}

extension MirrorExamples {
    /// 2-channel 3×3 images, flattened into a dense layer whose kernel comes from `kernel`.
    static func flattenThenDense(convention: String, format: String, kernel: String) -> String {
        let shape = format == "channels_last" ? "[-1, 3, 3, 2]" : "[-1, 2, 3, 3]"
        return """
        convention: \(convention)
        dtype: float64
        data:
          inputs: {reshape: {of: {rand: [40, 18]}, shape: \(shape)}}
          targets: {rand: [40, 1]}
        model:
          data_format: \(format)
          layers:
            - {type: flatten}
            - {units: 1, kernel_initializer: \(kernel)}
        loss: mse
        optimizer: {kind: sgd, learning_rate: 0.01}
        training: {epochs: 50, batch_size: 10, shuffle: false}
        """
    }
}
