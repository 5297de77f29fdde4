import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// Computing in different floating-point types.
struct MirrorDType: MirrorRule {
    static let description = RuleDescription(
        id: "mirror-dtype", name: "Mirrors compute in different precision", severity: .warning,
        summary: "One spec computes in float32 and the other in float64.",
        explanation: """
        Keras and PyTorch default to float32 (about 7 significant digits, ε = 1.19e-7); \
        scikit-learn and NumPy compute in float64 (ε = 2.2e-16). Sums over many samples round \
        differently, and a float32 run cannot resolve a loss improvement below about 1e-7 of its \
        scale — the first-feature experiment's loss of 7.5e-8 sits right there. Different dtypes \
        make bit-level agreement impossible and can change late-training behaviour. TF1's losses \
        compute in float32 even on float64 variables (`loss.compute_dtype`), which is compared too.
        """,
        triggering: [
            MirrorExamples.changed("""
            dtype: ↓float32
            """),
            MirrorExamples.changed("""
            loss: {kind: mse, compute_dtype: ↓float32}
            """),
        ],
        nonTriggering: [MirrorExamples.changed("""
        dtype: float64
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let a = m.this.spec, b = m.other.spec
        func eps(_ d: DType) -> String { d == .float32 ? "1.19e-07" : "2.22e-16" }
        // TF1's losses cast to float32 whatever the variables' dtype.
        let la = a.loss.computeDtype ?? a.dtype, lb = b.loss.computeDtype ?? b.dtype
        let lossNote = DiagnosticNote("the loss is computed in \(la.rawValue) here and \(lb.rawValue) there")
        if a.dtype != b.dtype {
            return [Self.finding(
                "computes in \(a.dtype.rawValue) here and \(b.dtype.rawValue) in \(m.otherName)",
                at: m.this.location("dtype"),
                notes: [DiagnosticNote("here \(a.dtype.rawValue) (\(m.this.origin("dtype"))), machine ε \(eps(a.dtype)); there \(b.dtype.rawValue) (\(m.other.origin("dtype"))), ε \(eps(b.dtype))"),
                        m.there("dtype \(b.dtype.rawValue)", "dtype", "convention")] + (la != a.dtype || lb != b.dtype ? [lossNote] : []),
                fixIts: [m.this.fix("compute in the same precision", setting: "dtype", to: b.dtype.rawValue)])]
        }
        guard la != lb else { return [] }
        return [Self.finding(
            "the loss is computed in \(la.rawValue) here and \(lb.rawValue) in \(m.otherName), though both specs are \(a.dtype.rawValue)",
            at: m.this.location("loss.compute_dtype", "loss.kind"),
            notes: [DiagnosticNote("loss.compute_dtype \(a.loss.computeDtype?.rawValue ?? "as the spec") (\(m.this.origin("loss.compute_dtype"))); TF1's tf.losses cast predictions and labels to float32"),
                    m.there("loss.compute_dtype \(b.loss.computeDtype?.rawValue ?? "as the spec")", "loss.compute_dtype", "loss.kind")],
            fixIts: [FixIt("compute the loss in the same precision", replacement: "loss: {kind: \(a.loss.kind.rawValue), compute_dtype: \(lb.rawValue)}")])]
    }
}
