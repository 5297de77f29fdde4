// The bounded and smooth activations (sigmoid, tanh, softplus, softmax) over a block of values,
// forward and backward, as loops compiled here (-Ounchecked, the host's widest vectors; see
// Package.swift) rather than in the runtime's baseline build; ReLU is `Rectifier`. Each value is
// the scalar formula written below, one rounding per operation (LLVM never contracts without
// fast-math) and the elementary functions are the platform C library's (`RealFunctions`), so
// the bits are the plain loop's at any vector width. The derivatives are taken from the output
// where the frameworks do (sigmoid `a(1−a)`, tanh `1−a²`) and from `z` for softplus (`σ(z)`).

public enum ActivationPasses {
    /// `a[i] = 1 / (1 + e^−z[i])`: scipy.special.expit and TensorFlow's logistic. `a` may be `z`.
    public static func sigmoid<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, count: Int) {
        if S.self == Float.self {
            sigmoidLoop(cast(z) as UnsafePointer<Float>, cast(a) as UnsafeMutablePointer<Float>, count)
        } else if S.self == Double.self {
            sigmoidLoop(cast(z) as UnsafePointer<Double>, cast(a) as UnsafeMutablePointer<Double>, count)
        } else {
            sigmoidLoop(z, a, count)
        }
    }

    /// `δ[i] = δ[i]·a[i]·(1 − a[i])`, in place.
    public static func sigmoidBackward<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, a: UnsafePointer<S>, count: Int) {
        if S.self == Float.self {
            sigmoidBackwardLoop(cast(delta) as UnsafeMutablePointer<Float>, cast(a) as UnsafePointer<Float>, count)
        } else if S.self == Double.self {
            sigmoidBackwardLoop(cast(delta) as UnsafeMutablePointer<Double>, cast(a) as UnsafePointer<Double>, count)
        } else {
            sigmoidBackwardLoop(delta, a, count)
        }
    }

    /// `a[i] = tanh(z[i])`. `a` may be `z`.
    public static func tanh<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, count: Int) {
        if S.self == Float.self {
            tanhLoop(cast(z) as UnsafePointer<Float>, cast(a) as UnsafeMutablePointer<Float>, count)
        } else if S.self == Double.self {
            tanhLoop(cast(z) as UnsafePointer<Double>, cast(a) as UnsafeMutablePointer<Double>, count)
        } else {
            tanhLoop(z, a, count)
        }
    }

    /// `δ[i] = δ[i]·(1 − a[i]·a[i])`, in place.
    public static func tanhBackward<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, a: UnsafePointer<S>, count: Int) {
        if S.self == Float.self {
            tanhBackwardLoop(cast(delta) as UnsafeMutablePointer<Float>, cast(a) as UnsafePointer<Float>, count)
        } else if S.self == Double.self {
            tanhBackwardLoop(cast(delta) as UnsafeMutablePointer<Double>, cast(a) as UnsafePointer<Double>, count)
        } else {
            tanhBackwardLoop(delta, a, count)
        }
    }

    /// TensorFlow's Softplus kernel: with `t = log(ε) + 2` (ε the type's machine epsilon), z above
    /// −t is returned as is, z below t as e^z, otherwise log(e^z + 1). `a` may be `z`.
    public static func softplus<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, count: Int) {
        if S.self == Float.self {
            softplusLoop(cast(z) as UnsafePointer<Float>, cast(a) as UnsafeMutablePointer<Float>, count)
        } else if S.self == Double.self {
            softplusLoop(cast(z) as UnsafePointer<Double>, cast(a) as UnsafeMutablePointer<Double>, count)
        } else {
            softplusLoop(z, a, count)
        }
    }

    /// `δ[i] = δ[i] / (e^−z[i] + 1)`: softplus' derivative σ(z), in place.
    public static func softplusBackward<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, z: UnsafePointer<S>, count: Int) {
        if S.self == Float.self {
            softplusBackwardLoop(cast(delta) as UnsafeMutablePointer<Float>, cast(z) as UnsafePointer<Float>, count)
        } else if S.self == Double.self {
            softplusBackwardLoop(cast(delta) as UnsafeMutablePointer<Double>, cast(z) as UnsafePointer<Double>, count)
        } else {
            softplusBackwardLoop(delta, z, count)
        }
    }

    /// Row-wise softmax of `rows` rows of `cols` values: `e_j = e^(z_j − max z)`, summed in
    /// ascending j from +0, then `a_j = e_j / Σ`. `a` may be `z`.
    public static func softmax<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
        if S.self == Float.self {
            softmaxLoop(cast(z) as UnsafePointer<Float>, cast(a) as UnsafeMutablePointer<Float>, rows, cols)
        } else if S.self == Double.self {
            softmaxLoop(cast(z) as UnsafePointer<Double>, cast(a) as UnsafeMutablePointer<Double>, rows, cols)
        } else {
            softmaxLoop(z, a, rows, cols)
        }
    }

    /// Softmax's backward pass per row, in place: `dot = Σ_j δ_j·a_j` in ascending j from +0,
    /// then `δ_j = (δ_j − dot)·a_j`.
    public static func softmaxBackward<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, a: UnsafePointer<S>, rows: Int, cols: Int) {
        if S.self == Float.self {
            softmaxBackwardLoop(cast(delta) as UnsafeMutablePointer<Float>, cast(a) as UnsafePointer<Float>, rows, cols)
        } else if S.self == Double.self {
            softmaxBackwardLoop(cast(delta) as UnsafeMutablePointer<Double>, cast(a) as UnsafePointer<Double>, rows, cols)
        } else {
            softmaxBackwardLoop(delta, a, rows, cols)
        }
    }

    @inline(never)
    static func sigmoidLoop<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, _ n: Int) {
        for i in 0 ..< n { a[i] = 1 / (1 + S.exp(-z[i])) }
    }

    @inline(never)
    static func sigmoidBackwardLoop<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, _ a: UnsafePointer<S>, _ n: Int) {
        for i in 0 ..< n { delta[i] = delta[i] * a[i] * (1 - a[i]) }
    }

    @inline(never)
    static func tanhLoop<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, _ n: Int) {
        for i in 0 ..< n { a[i] = S.tanh(z[i]) }
    }

    @inline(never)
    static func tanhBackwardLoop<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, _ a: UnsafePointer<S>, _ n: Int) {
        for i in 0 ..< n { delta[i] = delta[i] * (1 - a[i] * a[i]) }
    }

    @inline(never)
    static func softplusLoop<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, _ n: Int) {
        let t = S.log(S.ulpOfOne) + 2
        for i in 0 ..< n {
            let x = z[i]
            a[i] = x > -t ? x : (x < t ? S.exp(x) : S.log(S.exp(x) + 1))
        }
    }

    @inline(never)
    static func softplusBackwardLoop<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, _ z: UnsafePointer<S>, _ n: Int) {
        for i in 0 ..< n { delta[i] = delta[i] / (S.exp(-z[i]) + 1) }
    }

    @inline(never)
    static func softmaxLoop<S: RealFunctions>(_ z: UnsafePointer<S>, _ a: UnsafeMutablePointer<S>, _ rows: Int, _ cols: Int) {
        for r in 0 ..< rows {
            let zr = z + r * cols, ar = a + r * cols
            var m = zr[0]
            for j in 1 ..< cols where zr[j] > m { m = zr[j] }
            var sum: S = 0
            for j in 0 ..< cols {
                let e = S.exp(zr[j] - m)
                ar[j] = e
                sum += e
            }
            for j in 0 ..< cols { ar[j] = ar[j] / sum }
        }
    }

    @inline(never)
    static func softmaxBackwardLoop<S: RealFunctions>(_ delta: UnsafeMutablePointer<S>, _ a: UnsafePointer<S>, _ rows: Int,
                                                      _ cols: Int) {
        for r in 0 ..< rows {
            let d = delta + r * cols, ar = a + r * cols
            var dot: S = 0
            for j in 0 ..< cols { dot += d[j] * ar[j] }
            for j in 0 ..< cols { d[j] = (d[j] - dot) * ar[j] }
        }
    }
}
