/// Decides whether two classes of points are strictly linearly separable, exactly, by linear
/// programming.
///
/// With rows `a_i = s_i·[x_i, 1]` (s_i = ±1 by class; the 1 only when the layer has a bias),
/// Gordan's theorem says exactly one of these holds:
///   - there is a w with `a_i·w > 0` for every i (the classes are separable), or
///   - there is a λ ≥ 0, Σλ = 1, with `Σ λ_i a_i = 0` (their convex hulls meet).
/// The second system has one row per feature, so a phase-1 simplex on it stays small even for
/// many samples. Bland's rule keeps the simplex from cycling on these degenerate systems.
public enum Separability {
    public enum Verdict: Sendable, Equatable {
        case separable
        case notSeparable
        /// Targets that are not all 0 or 1: separability does not apply.
        case notBinary
    }

    /// Work budget: the tableau has (features + 2) × (samples + features + 2) entries.
    static let maxTableau = 4_000_000

    /// `inputs` row-major with `columns` per row; `labels` one per row. nil when too large to decide.
    public static func decide(inputs: [Double], columns: Int, labels: [Double], bias: Bool) -> Verdict? {
        let n = labels.count
        guard n > 0, inputs.count == n * columns else { return nil }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { return .notBinary }
        guard inputs.allSatisfy(\.isFinite) else { return nil }
        let d = columns + (bias ? 1 : 0)
        let m = d + 1
        let width = n + m + 1
        guard m * width <= maxTableau else { return nil }

        // Scaling a feature does not change separability; it keeps the pivots well conditioned.
        var scale = [Double](repeating: 1, count: columns)
        for j in 0..<columns {
            var mx = 0.0
            for i in 0..<n { mx = max(mx, abs(inputs[i * columns + j])) }
            scale[j] = mx > 0 ? 1 / mx : 1
        }

        // Tableau rows: Σ λ_i a_ij + t_j = 0 (j < d), Σ λ_i + t_d = 1. Columns: λ, t, rhs.
        var t = [Double](repeating: 0, count: m * width)
        for i in 0..<n {
            let s = labels[i] == 1 ? 1.0 : -1.0
            for j in 0..<columns { t[j * width + i] = s * inputs[i * columns + j] * scale[j] }
            if bias { t[columns * width + i] = s }
            t[d * width + i] = 1
        }
        for r in 0..<m { t[r * width + n + r] = 1 }
        t[d * width + width - 1] = 1
        var basis = (0..<m).map { n + $0 }

        // Phase-1 objective: minimize Σ t_r; reduced costs of λ are −(column sums).
        var cost = [Double](repeating: 0, count: width)
        for r in 0..<m {
            for c in 0..<width where c < n || c == width - 1 { cost[c] -= t[r * width + c] }
        }
        let eps = 1e-10
        var iterations = 0
        let limit = 50 * (n + m)
        while iterations < limit {
            iterations += 1
            guard let enter = (0..<(n + m)).first(where: { cost[$0] < -eps }) else { break }
            var leave = -1
            var best = Double.infinity
            for r in 0..<m {
                let a = t[r * width + enter]
                guard a > eps else { continue }
                let ratio = t[r * width + width - 1] / a
                if ratio < best - eps || (abs(ratio - best) <= eps && leave >= 0 && basis[r] < basis[leave]) {
                    best = ratio
                    leave = r
                }
            }
            guard leave >= 0 else { return nil }  // unbounded cannot happen in phase 1
            let p = t[leave * width + enter]
            for c in 0..<width { t[leave * width + c] /= p }
            for r in 0..<m where r != leave {
                let f = t[r * width + enter]
                if f != 0 { for c in 0..<width { t[r * width + c] -= f * t[leave * width + c] } }
            }
            let f = cost[enter]
            for c in 0..<width { cost[c] -= f * t[leave * width + c] }
            basis[leave] = enter
        }
        if iterations >= limit { return nil }
        // −cost[rhs] is the minimal total of the artificials: zero means λ exists.
        return -cost[width - 1] > 1e-9 ? .separable : .notSeparable
    }
}
