import NNSpecIR
import NNSpecSyntax

extension Curvature.Estimate {
    /// The parts of H as a note.
    func explanation(_ c: LintContext) -> String {
        let loss = c.spec.loss
        var s = "H ≈ m·g·λ + c = \(Num.g(lossCurvature / max(c.outputCurvatureBound, 1e-300))) × \(Num.g(c.outputCurvatureBound)) × \(Num.g(inputMoment)) + \(Num.g(penalty)) = \(Num.g(total)): "
        s += "m from \(loss.formName)'s gradient \(loss.gradientFormula(outputs: c.lossOutputs)) with k = \(c.lossOutputs); "
        s += "g the curvature of a \(c.output.activation.rawValue) output; "
        if exact {
            s += "λ the largest eigenvalue of E[x̃x̃ᵀ] on the training data; "
        } else if let h = hidden {
            s += "λ the largest eigenvalue of E[h̃h̃ᵀ] for the last hidden layer at initialization (mean-field: E[h] ≈ \(Num.g(h.mean)), E[h²] ≈ \(Num.g(h.square))); "
        }
        s += "c the L2 coefficient on the output kernel"
        return s
    }
}
