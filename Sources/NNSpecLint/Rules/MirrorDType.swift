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
        make bit-level agreement impossible and can change late-training behaviour.
        """,
        triggering: [MirrorExamples.changed("""
        dtype: ↓float32
        """)],
        nonTriggering: [MirrorExamples.changed("""
        dtype: float64
        """)])

    func check(_ m: MirrorContext) -> [Diagnostic] {
        let da = m.this.spec.dtype, db = m.other.spec.dtype
        guard da != db else { return [] }
        func eps(_ d: DType) -> String { d == .float32 ? "1.19e-07" : "2.22e-16" }
        return [Self.finding(
            "computes in \(da.rawValue) here and \(db.rawValue) in \(m.otherName)",
            at: m.this.location("dtype"),
            notes: [DiagnosticNote("here \(da.rawValue) (\(m.this.origin("dtype"))), machine ε \(eps(da)); there \(db.rawValue) (\(m.other.origin("dtype"))), ε \(eps(db))"),
                    m.there("dtype \(db.rawValue)", "dtype", "convention")],
            fixIts: [FixIt("compute in the same precision", replacement: "dtype: \(db.rawValue)")])]
    }
}
