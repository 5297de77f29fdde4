import NNSpecIR

/// Limited-memory BFGS on a smooth function of a vector, in float64, as scikit-learn runs
/// scipy's L-BFGS-B without bounds: two-loop recursion over the last `memory` pairs with the
/// initial scaling `sᵀy/yᵀy`, a first step of `1/‖g‖`, a line search satisfying the strong Wolfe
/// conditions (sufficient decrease 1e-3, curvature 0.9, as L-BFGS-B's `dcsrch`), and its stops:
/// `max|g| ≤ gtol`, relative reduction of f below `factr·ε` (scipy's `ftol` 2.22e-9), `max_iter`
/// iterations or more than `max_fun` evaluations. The line search is not L-BFGS-B's Moré–Thuente
/// code, so iterates agree with scipy's approximately, not bit for bit.
struct LBFGS {
    var memory: Int
    var maxIterations: Int
    var maxEvaluations: Int
    var gradientTolerance: Double
    var relativeReduction = 2.220446049250313e-09
    let sufficientDecrease = 1e-3
    let curvature = 0.9
    let lineSearchEvaluations = 20

    enum Outcome { case converged, budget, lineSearchFailed, notFinite }

    /// `f(x)` with its gradient written into `g`.
    typealias Objective = (_ x: [Double], _ g: inout [Double]) -> Double

    struct State {
        var x: [Double]
        var f: Double
        var g: [Double]
        var iterations = 0
        var evaluations = 1
    }

    /// Minimizes from `x0`; `onIteration` sees every accepted iterate.
    func minimize(_ x0: [Double], _ objective: Objective, onIteration: (State) -> Void) -> (State, Outcome) {
        var g0 = [Double](repeating: 0, count: x0.count)
        let f0 = objective(x0, &g0)
        var s = State(x: x0, f: f0, g: g0)
        guard f0.isFinite else { return (s, .notFinite) }
        if maxNorm(s.g) <= gradientTolerance { return (s, .converged) }
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        while true {
            var d = direction(s.g, pairs)
            var first = pairs.isEmpty
            var dg = dot(s.g, d)
            if !(dg < 0) {
                pairs.removeAll()
                d = s.g.map { -$0 }
                dg = dot(s.g, d)
                first = true
            }
            let step = first ? 1 / norm(d) : 1
            guard let next = lineSearch(s, d, dg, step, objective, evaluations: &s.evaluations) else {
                if pairs.isEmpty { return (s, .lineSearchFailed) }
                pairs.removeAll()  // L-BFGS-B restarts from steepest descent once
                continue
            }
            let previous = s.f
            let sk = zip(next.x, s.x).map { $0 - $1 }
            let yk = zip(next.g, s.g).map { $0 - $1 }
            let sy = dot(sk, yk), descent = -dot(s.g, sk)
            s.x = next.x
            s.f = next.f
            s.g = next.g
            s.iterations += 1
            onIteration(s)
            if s.iterations >= maxIterations || s.evaluations > maxEvaluations { return (s, .budget) }
            if maxNorm(s.g) <= gradientTolerance { return (s, .converged) }
            if previous - s.f <= relativeReduction * max(abs(previous), abs(s.f), 1) { return (s, .converged) }
            // Keep the pair only when its curvature is clearly positive (L-BFGS-B's `yᵀs > ε·(−gᵀs)`).
            if sy > Double.ulpOfOne * descent {
                pairs.append((sk, yk, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
        }
    }

    /// `−H·g` by the two-loop recursion; steepest descent without pairs.
    private func direction(_ g: [Double], _ pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = g
        var alphas = [Double](repeating: 0, count: pairs.count)
        for i in stride(from: pairs.count - 1, through: 0, by: -1) {
            alphas[i] = pairs[i].rho * dot(pairs[i].s, q)
            for j in q.indices { q[j] -= alphas[i] * pairs[i].y[j] }
        }
        if let last = pairs.last {
            let gamma = dot(last.s, last.y) / dot(last.y, last.y)
            for j in q.indices { q[j] *= gamma }
        }
        for i in pairs.indices {
            let beta = pairs[i].rho * dot(pairs[i].y, q)
            for j in q.indices { q[j] += (alphas[i] - beta) * pairs[i].s[j] }
        }
        return q.map { -$0 }
    }

    /// A step along `d` meeting the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5
    /// and 3.6, with safeguarded cubic interpolation); nil when none is found in the budget.
    private func lineSearch(_ s: State, _ d: [Double], _ dg0: Double, _ initial: Double, _ objective: Objective,
                            evaluations: inout Int) -> (x: [Double], f: Double, g: [Double])? {
        var g = [Double](repeating: 0, count: d.count)
        var count = 0
        func phi(_ a: Double) -> (f: Double, dg: Double, x: [Double], g: [Double]) {
            let x = zip(s.x, d).map { $0 + a * $1 }
            let f = objective(x, &g)
            evaluations += 1
            count += 1
            return (f.isFinite ? f : .infinity, f.isFinite ? dot(g, d) : .nan, x, g)
        }
        func decreases(_ a: Double, _ f: Double) -> Bool { f <= s.f + sufficientDecrease * a * dg0 }
        func flat(_ dg: Double) -> Bool { abs(dg) <= -curvature * dg0 }

        func zoom(_ lo0: (a: Double, f: Double, dg: Double), _ hi0: (a: Double, f: Double, dg: Double))
            -> (x: [Double], f: Double, g: [Double])? {
            var lo = lo0, hi = hi0
            while count < lineSearchEvaluations {
                let a = interpolate(lo, hi)
                let p = phi(a)
                if !decreases(a, p.f) || p.f >= lo.f {
                    hi = (a, p.f, p.dg)
                } else {
                    if flat(p.dg) { return (p.x, p.f, p.g) }
                    if p.dg * (hi.a - lo.a) >= 0 { hi = lo }
                    lo = (a, p.f, p.dg)
                }
                if abs(hi.a - lo.a) <= 1e-16 * max(1, abs(lo.a)) { break }
            }
            return nil
        }

        var previous = (a: 0.0, f: s.f, dg: dg0)
        var a = initial
        while count < lineSearchEvaluations {
            let p = phi(a)
            if !decreases(a, p.f) || (count > 1 && p.f >= previous.f) {
                return zoom(previous, (a, p.f, p.dg))
            }
            if flat(p.dg) { return (p.x, p.f, p.g) }
            if p.dg >= 0 { return zoom((a, p.f, p.dg), previous) }
            previous = (a, p.f, p.dg)
            a *= 4
        }
        return nil
    }

    /// The minimizer of the cubic through both ends, kept inside the middle 80 % of the bracket
    /// (bisection when the cubic has none).
    private func interpolate(_ lo: (a: Double, f: Double, dg: Double), _ hi: (a: Double, f: Double, dg: Double)) -> Double {
        let left = min(lo.a, hi.a), right = max(lo.a, hi.a), width = right - left
        var t = (lo.a + hi.a) / 2
        if hi.f.isFinite && hi.dg.isFinite {
            let d1 = lo.dg + hi.dg - 3 * (lo.f - hi.f) / (lo.a - hi.a)
            let disc = d1 * d1 - lo.dg * hi.dg
            if disc >= 0 {
                let d2 = (hi.a > lo.a ? 1.0 : -1.0) * disc.squareRoot()
                let c = hi.a - (hi.a - lo.a) * (hi.dg + d2 - d1) / (hi.dg - lo.dg + 2 * d2)
                if c.isFinite { t = c }
            }
        }
        return min(max(t, left + 0.1 * width), right - 0.1 * width)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
    private func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
}
