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
        return [e.diagnostic(at: location(e.path, spec))]
    }

    private static func lowering(_ spec: Spec) -> PlanLoweringError? {
        do { _ = try ExperimentPlan.lower(spec); return nil } catch { return error }
    }

    /// `model.layers[i]` is the layer's mapping; other paths are where their value was written.
    private static func location(_ path: String, _ spec: Spec) -> SourceLocation? {
        let prefix = "model.layers["
        if path.hasPrefix(prefix), let close = path.firstIndex(of: "]"),
           let i = Int(path[path.index(path.startIndex, offsetBy: prefix.count) ..< close]), spec.model.layers.indices.contains(i) {
            return spec.model.layers[i].location
        }
        return spec.provenance.location(of: path)
    }
}
