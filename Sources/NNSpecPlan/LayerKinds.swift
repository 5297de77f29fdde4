import NNSpecIR

/// The plan's side of each layer kind the front end declares (`LayerRegistry`): adding a kind is
/// its `LayerKind` file and a case here.
enum LayerKinds {
    static func kind(_ spec: LayerSpec, path: String, format: DataFormat) throws(PlanError) -> any LayerKind {
        switch spec.type {
        case is Dense.Type: return DenseLayer(spec, path: path)
        case is Conv2D.Type: return Conv2DLayer(spec, path: path, format: format)
        case is MaxPooling2D.Type: return Pooling2DLayer(spec, path: path, format: format, averages: false)
        case is AveragePooling2D.Type: return Pooling2DLayer(spec, path: path, format: format, averages: true)
        case is Flatten.Type: return FlattenLayer(spec, path: path, format: format)
        case is Dropout.Type: return DropoutLayer(spec, path: path)
        case is BatchNormalization.Type: return BatchNormLayer(spec, path: path, format: format)
        default: throw PlanError(.shape, "layer type \(spec.type.type) has no plan", path: path)
        }
    }
}
