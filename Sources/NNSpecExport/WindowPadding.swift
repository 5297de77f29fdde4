import NNSpecIR
import NNSpecPlan

/// The zeros around a convolution's or pooling layer's input, per side: the amounts the spec
/// writes (PyTorch's `padding=p`), or for `same` the ones the plan's `SpatialGeometry` derives
/// (TensorFlow's rule, the odd pixel at the bottom/right). The exporters write these numbers;
/// they never recompute them.
struct WindowPadding: Equatable {
    var top: Int, bottom: Int, left: Int, right: Int

    init(_ layer: LayerPlan, _ g: SpatialGeometry) {
        if case .explicit(let t, let b, let l, let r) = layer.spec.window?.padding {
            top = t; bottom = b; left = l; right = r
        } else {
            top = g.padTop; bottom = g.padBottom; left = g.padLeft; right = g.padRight
        }
    }

    var isZero: Bool { top == 0 && bottom == 0 && left == 0 && right == 0 }
    /// The same zeros before and after on each axis, as a framework's single `padding=` says.
    var isSymmetric: Bool { top == bottom && left == right }
    /// PyTorch's pooling layers take a symmetric `padding` of at most half the window.
    func fitsTorchPooling(_ g: SpatialGeometry) -> Bool { isSymmetric && top <= g.kH / 2 && left <= g.kW / 2 }

    /// `(left, right, top, bottom)`: `F.pad`'s order for the last two axes.
    var torchPad: String { "(\(left), \(right), \(top), \(bottom))" }
    /// `((top, bottom), (left, right))`: Keras' `ZeroPadding2D`.
    var kerasPad: String { "((\(top), \(bottom)), (\(left), \(right)))" }
}

extension LayerPlan {
    /// The window's padding from the plan (nil for layers without a window).
    var padding: WindowPadding? { geometry.map { WindowPadding(self, $0) } }
    /// The layer has parameters or running statistics: it is listed in the results file and
    /// takes initial weights.
    var hasParameters: Bool { !tensors.isEmpty || !statistics.isEmpty }
    /// Batch normalization's plan, for a batch-normalization layer.
    var batchNorm: BatchNormLayer? { kind as? BatchNormLayer }
    /// The layer's input is an image (a rank-3 sample).
    var takesImage: Bool { inputShape.count == 3 }
    /// An average pooling with padded zeros that do not count in its averages (count_include_pad
    /// false): each window's sum is divided by the input pixels it covers.
    var averagesInputPixelsOnly: Bool {
        guard spec.type is AveragePooling2D.Type, let w = spec.window, let pad = padding else { return false }
        return !w.countIncludePad && !pad.isZero
    }
}

extension ExportContext {
    /// The model's input is an image: rows of the data are samples flattened in C order of
    /// `model.input_shape`.
    var imageInput: Bool { plan.layers[0].takesImage }
    /// Layers whose training and inference passes differ (dropout, batch normalization).
    var hasTrainingMode: Bool { layers.contains { $0.type is Dropout.Type || $0.type is BatchNormalization.Type } }
    var hasDropout: Bool { layers.contains { $0.type is Dropout.Type } }
    var hasBatchNorm: Bool { plan.layers.contains { $0.batchNorm != nil } }
    /// What an exported dropout layer is and is not: the framework's masks, not nnspec's.
    func dropoutNote(generator: String) -> String {
        "Dropout masks come from \(generator): nnspec's masks (a seeded hash of step, layer and position) are not replayed, so with a rate above 0 the training losses and weights are the same experiment only in distribution; evaluation (the final loss) runs in inference mode, where dropout is the identity in both."
    }
    /// The layers with parameters, in the results file's order.
    var weightedLayers: [LayerPlan] { plan.layers.filter(\.hasParameters) }
}
