import NNSpecIR

/// The plan's side of each layer kind the front end declares (`LayerRegistry`): adding a kind is
/// its `LayerKind` file and a case here.
enum LayerKinds {
    static func kind(_ spec: LayerSpec, path: String) throws(PlanError) -> any LayerKind {
        switch spec.type {
        case is Dense.Type: return DenseLayer(spec, path: path)
        default: throw PlanError(.shape, "layer type \(spec.type.type) has no plan", path: path)
        }
    }
}
