import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// The shape checks only the plan can make, once the data's shapes are known: each layer's
/// output shape from its input's, so a layer that receives the wrong rank (a dense layer on an
/// image, a convolution on a vector) or a window that does not fit is reported by `check`,
/// located at the layer, naming the shapes.
enum PlanCheck {
    static func diagnostics(for spec: Spec) -> [Diagnostic] {
        guard case .plan(let e)? = lowering(spec), e.kind == .shape else { return [] }
        return [e.diagnostic(in: spec)]
    }

    private static func lowering(_ spec: Spec) -> PlanLoweringError? {
        do { _ = try ExperimentPlan.lower(spec); return nil } catch { return error }
    }
}
