// Adam's per-element update in the two forms the frameworks use, as vector loops.
//
// The runtime's optimizer decides the form and the step's scalars; these loops only apply
// them. They live here, not in the runtime, so that they are compiled -Ounchecked for the
// host's widest vector unit (see Package.swift): the update touches every parameter on every
// step, and scalar `sqrtss`/`divss` per element cost as much as a layer's products.
// Each lane computes exactly the scalar formula written beside it (one rounding per operation,
// no FMA, IEEE square root and division), so the result is the same at any vector width.

public enum AdamUpdate {
    /// Keras' form (ε added to √v, the bias corrections folded into `alpha`), for i < n:
    /// `m ← m + (g − m)·b1;  v ← v + (g·g − v)·b2;  w ← w − m·alpha/(√v + ε)`.
    public static func accumulator<S: BinaryFloatingPoint & SIMDScalar>(
        w: UnsafeMutablePointer<S>, g: UnsafePointer<S>, m: UnsafeMutablePointer<S>, v: UnsafeMutablePointer<S>,
        count n: Int, b1: S, b2: S, alpha: S, epsilon eps: S
    ) {
        split(w, g, m, v, n) { w, g, m, v, n in accumulatorRange(w: w, g: g, m: m, v: v, count: n, b1: b1, b2: b2, alpha: alpha, epsilon: eps) }
    }

    private static func accumulatorRange<S: BinaryFloatingPoint & SIMDScalar>(
        w: UnsafeMutablePointer<S>, g: UnsafePointer<S>, m: UnsafeMutablePointer<S>, v: UnsafeMutablePointer<S>,
        count n: Int, b1: S, b2: S, alpha: S, epsilon eps: S
    ) {
        if S.self == Float.self {
            accumulatorLoop(SIMD16<Float>.self, w: cast(w), g: cast(g), m: cast(m), v: cast(v), n,
                            b1 as! Float, b2 as! Float, alpha as! Float, eps as! Float)
        } else if S.self == Double.self {
            accumulatorLoop(SIMD8<Double>.self, w: cast(w), g: cast(g), m: cast(m), v: cast(v), n,
                            b1 as! Double, b2 as! Double, alpha as! Double, eps as! Double)
        } else {
            accumulatorLoop(SIMD8<S>.self, w: w, g: g, m: m, v: v, n, b1, b2, alpha, eps)
        }
    }

    /// PyTorch's form (ε added to √v/√(1 − β2ᵗ) = √v/`correction`), for i < n:
    /// `m ← m + (g − m)·b1;  v ← v·beta2 + g·g·b2;  w ← w − stepSize·(m/(√v/correction + ε))`.
    public static func estimate<S: BinaryFloatingPoint & SIMDScalar>(
        w: UnsafeMutablePointer<S>, g: UnsafePointer<S>, m: UnsafeMutablePointer<S>, v: UnsafeMutablePointer<S>,
        count n: Int, b1: S, beta2: S, b2: S, stepSize: S, correction: S, epsilon eps: S
    ) {
        split(w, g, m, v, n) { w, g, m, v, n in
            estimateRange(w: w, g: g, m: m, v: v, count: n, b1: b1, beta2: beta2, b2: b2,
                          stepSize: stepSize, correction: correction, epsilon: eps)
        }
    }

    private static func estimateRange<S: BinaryFloatingPoint & SIMDScalar>(
        w: UnsafeMutablePointer<S>, g: UnsafePointer<S>, m: UnsafeMutablePointer<S>, v: UnsafeMutablePointer<S>,
        count n: Int, b1: S, beta2: S, b2: S, stepSize: S, correction: S, epsilon eps: S
    ) {
        if S.self == Float.self {
            estimateLoop(SIMD16<Float>.self, w: cast(w), g: cast(g), m: cast(m), v: cast(v), n,
                         b1 as! Float, beta2 as! Float, b2 as! Float, stepSize as! Float,
                         correction as! Float, eps as! Float)
        } else if S.self == Double.self {
            estimateLoop(SIMD8<Double>.self, w: cast(w), g: cast(g), m: cast(m), v: cast(v), n,
                         b1 as! Double, beta2 as! Double, b2 as! Double, stepSize as! Double,
                         correction as! Double, eps as! Double)
        } else {
            estimateLoop(SIMD8<S>.self, w: w, g: g, m: m, v: v, n, b1, beta2, b2, stepSize, correction, eps)
        }
    }

    // MARK: Split over threads

    /// Multiply–adds one element's update costs, as a product's work is counted (measured on
    /// Zen 4: ~0.6 ns per float element against ~0.02 ns per multiply–add of a 4 M product).
    static let workPerElement = 32

    /// Fewest elements worth handing to another thread (~5 µs of updates).
    static let minimumElementsPerPart = 8192

    /// `body` over disjoint ranges of the `n` elements, whole vectors each, on the worker pool
    /// when the update is large: element-wise, so no bit depends on the split.
    private static func split<S>(
        _ w: UnsafeMutablePointer<S>, _ g: UnsafePointer<S>, _ m: UnsafeMutablePointer<S>, _ v: UnsafeMutablePointer<S>,
        _ n: Int,
        _ body: (UnsafeMutablePointer<S>, UnsafePointer<S>, UnsafeMutablePointer<S>, UnsafeMutablePointer<S>, Int) -> Void
    ) {
        WorkerPool.forEachRange(count: n, workPerItem: workPerElement, granule: 16,
                                minimumPerPart: minimumElementsPerPart) { r in
            let i = r.lowerBound
            body(w + i, g + i, m + i, v + i, r.count)
        }
    }

    // MARK: Loops (generic over the lane type; the public entries pick a concrete one)

    @inline(__always)
    private static func accumulatorLoop<V: SIMD>(
        _: V.Type, w: UnsafeMutablePointer<V.Scalar>, g: UnsafePointer<V.Scalar>,
        m: UnsafeMutablePointer<V.Scalar>, v: UnsafeMutablePointer<V.Scalar>, _ n: Int,
        _ b1: V.Scalar, _ b2: V.Scalar, _ alpha: V.Scalar, _ eps: V.Scalar
    ) where V.Scalar: BinaryFloatingPoint {
        var i = 0
        while i + V.scalarCount <= n {
            let gi = load(V.self, g + i)
            let mi = load(V.self, m + i) + (gi - load(V.self, m + i)) * b1
            let vi = load(V.self, v + i) + (gi * gi - load(V.self, v + i)) * b2
            let wi = load(V.self, w + i) - mi * alpha / (vi.squareRoot() + eps)
            store(mi, m + i); store(vi, v + i); store(wi, w + i)
            i += V.scalarCount
        }
        while i < n {
            m[i] = m[i] + (g[i] - m[i]) * b1
            v[i] = v[i] + (g[i] * g[i] - v[i]) * b2
            w[i] = w[i] - m[i] * alpha / (v[i].squareRoot() + eps)
            i += 1
        }
    }

    @inline(__always)
    private static func estimateLoop<V: SIMD>(
        _: V.Type, w: UnsafeMutablePointer<V.Scalar>, g: UnsafePointer<V.Scalar>,
        m: UnsafeMutablePointer<V.Scalar>, v: UnsafeMutablePointer<V.Scalar>, _ n: Int,
        _ b1: V.Scalar, _ beta2: V.Scalar, _ b2: V.Scalar, _ stepSize: V.Scalar, _ correction: V.Scalar,
        _ eps: V.Scalar
    ) where V.Scalar: BinaryFloatingPoint {
        var i = 0
        while i + V.scalarCount <= n {
            let gi = load(V.self, g + i)
            let mi = load(V.self, m + i) + (gi - load(V.self, m + i)) * b1
            let vi = load(V.self, v + i) * beta2 + gi * gi * b2
            let wi = load(V.self, w + i) - stepSize * (mi / (vi.squareRoot() / correction + eps))
            store(mi, m + i); store(vi, v + i); store(wi, w + i)
            i += V.scalarCount
        }
        while i < n {
            m[i] = m[i] + (g[i] - m[i]) * b1
            v[i] = v[i] * beta2 + g[i] * g[i] * b2
            w[i] = w[i] - stepSize * (m[i] / (v[i].squareRoot() / correction + eps))
            i += 1
        }
    }

    @inline(__always)
    private static func load<V: SIMD>(_: V.Type, _ p: UnsafePointer<V.Scalar>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private static func load<V: SIMD>(_: V.Type, _ p: UnsafeMutablePointer<V.Scalar>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private static func store<V: SIMD>(_ x: V, _ p: UnsafeMutablePointer<V.Scalar>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: V.self)
    }

}
