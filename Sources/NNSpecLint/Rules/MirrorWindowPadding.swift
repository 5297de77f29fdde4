import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// Padding of one side of a window's input, as a spec would write it per side.

/// A convolution or pooling window padded differently in two mirrored specs: the classic port of
/// Keras' stride-2 `same` to PyTorch's `padding=1`.
struct MirrorWindowPadding: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-window-padding", name: "Mirrored windows pad differently", severity: .error,
        summary: "A convolution or pooling layer pads its input differently in the mirrored specs, so its windows read different pixels.",
        explanation: """
        TensorFlow's `same` gives ceil(n / stride) outputs and splits the total padding \
        (out − 1)·stride + kernel − n with the odd pixel at the bottom/right. With stride 1 and an odd \
        kernel that is k // 2 on every side, which PyTorch's `padding=k // 2` matches; with stride 2 \
        it depends on the input size: a 3×3 kernel on 7 pixels pads 1 on each side, on 6 pixels only 1 \
        at the bottom/right. PyTorch's `padding=1` pads both sides, so on even sizes every window is \
        shifted by one pixel: the same weights compute different outputs. The rule compares the \
        padding each layer actually gets on its input (top, bottom, left, right).
        """,
        triggering: [MirrorExamples.pair(
            MirrorExamples.images(convention: "keras", format: "channels_last", layer: "{type: conv2d, filters: 2, kernel_size: 3, strides: 2, padding: ↓same}"),
            MirrorExamples.images(convention: "torch", format: "channels_first", layer: "{type: conv2d, filters: 2, kernel_size: 3, strides: 2, padding: 1}"))],
        nonTriggering: [MirrorExamples.pair(
            MirrorExamples.images(convention: "keras", format: "channels_last", layer: "{type: conv2d, filters: 2, kernel_size: 3, strides: 2, padding: same}", size: 7),
            MirrorExamples.images(convention: "torch", format: "channels_first", layer: "{type: conv2d, filters: 2, kernel_size: 3, strides: 2, padding: 1}", size: 7))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        MirrorWindows.pairs(m).compactMap { i, a, b in
            guard a.paddingSides != b.paddingSides else { return nil }
            let p = m.this.layerPath(i)
            let here = m.this.layers[i].window!.padding.text, there = m.other.layers[i].window!.padding.text
            return Self.finding(
                "the windows of \(m.this.layerName(i)) reach \(a.paddingText) padded pixels (top, bottom, left, right) of its \(a.inH)×\(a.inW) input with padding \(here) here, but \(b.paddingText) with padding \(there) in \(m.otherName): they read different pixels",
                at: m.this.location("\(p).padding", else: m.this.layers[i].location),
                notes: [m.there("padding \(there) reaches \(b.paddingText)", "\(p).padding", else: m.other.layers[i].location),
                        DiagnosticNote("same: ceil(n / stride) outputs, the odd padding pixel at the bottom/right; an integer pads every side")],
                fixIts: [FixIt("pad as the mirror does", replacement: "padding: \(b.paddingText)")])
        }
    }
}

/// Average pooling windows at a padded border divided differently: Keras by the input pixels,
/// PyTorch (`count_include_pad=True`) by the whole window.
struct MirrorAveragePoolBorder: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-average-pool-border", name: "Mirrored average pooling counts the border differently", severity: .error,
        summary: "Average pooling over a padded border divides by the window's input pixels in one spec and by the whole window in the other.",
        explanation: """
        Keras' AveragePooling2D with `same` padding averages only the input pixels a border window \
        covers; PyTorch's AvgPool2d counts the padded zeros (`count_include_pad=True`, its default), \
        so the same border window gives a smaller mean. Interior windows agree; every window that \
        reaches into the padding differs, by the ratio of the two divisors.
        """,
        triggering: [MirrorExamples.pair(
            MirrorExamples.images(convention: "torch", format: "channels_first", layer: "↓{type: average_pooling2d, pool_size: 2, padding: [0, 1, 0, 1]}", size: 5),
            MirrorExamples.images(convention: "keras", format: "channels_last", layer: "{type: average_pooling2d, pool_size: 2, padding: same}", size: 5))],
        nonTriggering: [MirrorExamples.pair(
            MirrorExamples.images(convention: "torch", format: "channels_first", layer: "{type: average_pooling2d, pool_size: 2, padding: [0, 1, 0, 1], count_include_pad: false}", size: 5),
            MirrorExamples.images(convention: "keras", format: "channels_last", layer: "{type: average_pooling2d, pool_size: 2, padding: same}", size: 5))])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        MirrorWindows.pairs(m).compactMap { i, a, b in
            let wa = m.this.layers[i].window!, wb = m.other.layers[i].window!
            guard m.this.layers[i].type is AveragePooling2D.Type, wa.countIncludePad != wb.countIncludePad,
                  a.padTop + a.padBottom + a.padLeft + a.padRight > 0 || b.padTop + b.padBottom + b.padLeft + b.padRight > 0
            else { return nil }
            let p = m.this.layerPath(i)
            func rule(_ counts: Bool) -> String { counts ? "the whole window, padded zeros included" : "the input pixels it covers" }
            return Self.finding(
                "\(m.this.layerName(i)) divides each border window by \(rule(wa.countIncludePad)) here (count_include_pad \(wa.countIncludePad), \(m.this.origin("\(p).count_include_pad"))), but by \(rule(wb.countIncludePad)) in \(m.otherName): border outputs differ",
                at: m.this.location("\(p).count_include_pad", else: m.this.layers[i].location),
                notes: [m.there("count_include_pad \(wb.countIncludePad) (\(m.other.origin("\(p).count_include_pad")))", "\(p).count_include_pad", else: m.other.layers[i].location)],
                fixIts: [FixIt("count the border as the mirror does", replacement: "count_include_pad: \(wb.countIncludePad)")])
        }
    }
}

/// The window layers two mirrors have at the same index with the same kind, kernel, strides,
/// dilation and input size, with their geometries (other differences are other rules' business).
enum MirrorWindows {
    static func pairs(_ m: MirrorContext) -> [(Int, SpatialGeometry, SpatialGeometry)] {
        guard m.sameLayerCount, let pa = m.this.plan, let pb = m.other.plan else { return [] }
        return pa.layers.indices.compactMap { i in
            guard m.this.layers[i].type.type == m.other.layers[i].type.type,
                  let a = pa.layers[i].geometry, let b = pb.layers[i].geometry,
                  [a.inH, a.inW, a.kH, a.kW, a.strideH, a.strideW, a.dilationH, a.dilationW]
                    == [b.inH, b.inW, b.kH, b.kW, b.strideH, b.strideW, b.dilationH, b.dilationW]
            else { return nil }
            return (i, a, b)
        }
    }
}

extension MirrorExamples {
    /// A spec of `size`×`size` one-channel images with `layer`, then flatten and one output.
    static func images(convention: String, format: String, layer: String, size: Int = 6) -> String {
        let shape = format == "channels_last" ? "[-1, \(size), \(size), 1]" : "[-1, 1, \(size), \(size)]"
        return """
        convention: \(convention)
        dtype: float64
        data:
          inputs: {reshape: {of: {rand: [40, \(size * size)]}, shape: \(shape)}}
          targets: {rand: [40, 1]}
        model:
          data_format: \(format)
          layers:
            - \(layer)
            - {type: flatten}
            - {units: 1}
        loss: mse
        optimizer: {kind: sgd, learning_rate: 0.01}
        training: {epochs: 50, batch_size: 10, shuffle: false}
        """
    }
}
