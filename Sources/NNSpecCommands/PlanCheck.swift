import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// The shape checks only the plan can make, once the data's shapes are known: each layer's
/// output shape from its input's, so a layer that receives the wrong rank (a dense layer on an
/// image, a convolution on a vector) or a window that does not fit is reported by `check`,
/// located at the layer, naming the shapes.
enum PlanCheck {
    /// The plan's shape errors, lowered against the shapes `ShapeCheck` found.
    static func diagnostics(for spec: Spec, shapes: TrainingShapes) -> [Diagnostic] {
        do {
            _ = try ExperimentPlan(spec: spec, shapes: DataShapes(shapes))
            return []
        } catch {
            return error.kind == .shape ? [error.diagnostic(in: spec)] : []
        }
    }
}
