// Batch normalization's passes over a block of `rows` × `channels` values (channel j of row q at
// `q·channels + j`), as loops compiled here (-Ounchecked, the host's widest vectors; see
// Package.swift) rather than in the runtime's baseline build. Lanes run along the channels, so
// each value sees exactly the scalar loop's operations, one rounding each (LLVM never contracts a
// multiply and an add into an FMA without fast-math), and every per-channel sum adds its rows
// from +0 in ascending order: the bits are the plain loop's at any vector width.

public enum BatchNormPasses {
    /// `sum[j] = Σ_q x[q, j]`, from +0 in ascending `q` (the batch mean's numerator).
    public static func channelSums<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, rows: Int, channels: Int,
                                                                         into sum: UnsafeMutablePointer<S>) {
        BiasPasses.gradient(x, rows: rows, cols: channels, into: sum)
    }

    /// `sum[j] = Σ_q (x[q, j] − mean[j])²`, from +0 in ascending `q` (the biased variance's
    /// numerator, in a second pass about the mean).
    public static func squaredDeviationSums<S: BinaryFloatingPoint & SIMDScalar>(
        _ x: UnsafePointer<S>, mean: UnsafePointer<S>, rows: Int, channels: Int, into sum: UnsafeMutablePointer<S>
    ) {
        if S.self == Float.self {
            squaredDeviationLoop(cast(x) as UnsafePointer<Float>, cast(mean) as UnsafePointer<Float>, rows, channels,
                                 cast(sum) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            squaredDeviationLoop(cast(x) as UnsafePointer<Double>, cast(mean) as UnsafePointer<Double>, rows, channels,
                                 cast(sum) as UnsafeMutablePointer<Double>)
        } else {
            squaredDeviationLoop(x, mean, rows, channels, sum)
        }
    }

    /// `z[q, j] = x[q, j]·alpha[j] + shift[j]`: the normalization with `alpha = γ/√(σ² + ε)` and
    /// `shift = β − μ·alpha`. `z` may be `x`.
    public static func scaleShift<S: BinaryFloatingPoint & SIMDScalar>(
        _ x: UnsafePointer<S>, alpha: UnsafePointer<S>, shift: UnsafePointer<S>, rows: Int, channels: Int,
        into z: UnsafeMutablePointer<S>
    ) {
        if S.self == Float.self {
            scaleShiftLoop(cast(x) as UnsafePointer<Float>, cast(alpha) as UnsafePointer<Float>,
                           cast(shift) as UnsafePointer<Float>, rows, channels, cast(z) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            scaleShiftLoop(cast(x) as UnsafePointer<Double>, cast(alpha) as UnsafePointer<Double>,
                           cast(shift) as UnsafePointer<Double>, rows, channels, cast(z) as UnsafeMutablePointer<Double>)
        } else {
            scaleShiftLoop(x, alpha, shift, rows, channels, z)
        }
    }

    /// The backward pass's sums, from +0 in ascending `q`: `sumDelta[j] = Σ_q δ[q, j]` (β's
    /// gradient) and `sumDeltaXHat[j] = Σ_q δ[q, j]·((x[q, j] − mean[j])·inverseStd[j])` (γ's).
    public static func gradientSums<S: BinaryFloatingPoint & SIMDScalar>(
        _ x: UnsafePointer<S>, delta: UnsafePointer<S>, mean: UnsafePointer<S>, inverseStd: UnsafePointer<S>,
        rows: Int, channels: Int, sumDelta: UnsafeMutablePointer<S>, sumDeltaXHat: UnsafeMutablePointer<S>
    ) {
        if S.self == Float.self {
            gradientSumsLoop(cast(x) as UnsafePointer<Float>, cast(delta) as UnsafePointer<Float>,
                             cast(mean) as UnsafePointer<Float>, cast(inverseStd) as UnsafePointer<Float>, rows, channels,
                             cast(sumDelta) as UnsafeMutablePointer<Float>, cast(sumDeltaXHat) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            gradientSumsLoop(cast(x) as UnsafePointer<Double>, cast(delta) as UnsafePointer<Double>,
                             cast(mean) as UnsafePointer<Double>, cast(inverseStd) as UnsafePointer<Double>, rows, channels,
                             cast(sumDelta) as UnsafeMutablePointer<Double>, cast(sumDeltaXHat) as UnsafeMutablePointer<Double>)
        } else {
            gradientSumsLoop(x, delta, mean, inverseStd, rows, channels, sumDelta, sumDeltaXHat)
        }
    }

    /// The gradient with respect to the input of a training pass (the batch statistics depend on
    /// it): `dx[q, j] = scale·inv·(δ − sumDelta[j]/count − x̂·sumDeltaXHat[j]/count)` with
    /// `x̂ = (x[q, j] − mean[j])·inv`, `inv = inverseStd[j]` and `scale = gamma[j]` (1 without γ).
    public static func inputGradient<S: BinaryFloatingPoint & SIMDScalar>(
        _ x: UnsafePointer<S>, delta: UnsafePointer<S>, mean: UnsafePointer<S>, inverseStd: UnsafePointer<S>,
        gamma: UnsafePointer<S>?, sumDelta: UnsafePointer<S>, sumDeltaXHat: UnsafePointer<S>, count: S,
        rows: Int, channels: Int, into dx: UnsafeMutablePointer<S>
    ) {
        if S.self == Float.self {
            inputGradientLoop(cast(x) as UnsafePointer<Float>, cast(delta) as UnsafePointer<Float>,
                              cast(mean) as UnsafePointer<Float>, cast(inverseStd) as UnsafePointer<Float>,
                              gamma.map { cast($0) as UnsafePointer<Float> },
                              cast(sumDelta) as UnsafePointer<Float>, cast(sumDeltaXHat) as UnsafePointer<Float>,
                              Float(count), rows, channels, cast(dx) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            inputGradientLoop(cast(x) as UnsafePointer<Double>, cast(delta) as UnsafePointer<Double>,
                              cast(mean) as UnsafePointer<Double>, cast(inverseStd) as UnsafePointer<Double>,
                              gamma.map { cast($0) as UnsafePointer<Double> },
                              cast(sumDelta) as UnsafePointer<Double>, cast(sumDeltaXHat) as UnsafePointer<Double>,
                              Double(count), rows, channels, cast(dx) as UnsafeMutablePointer<Double>)
        } else {
            inputGradientLoop(x, delta, mean, inverseStd, gamma, sumDelta, sumDeltaXHat, count, rows, channels, dx)
        }
    }

    // The loops: for each row, its channels in vectors of 8 and then one by one.

    @inline(never)
    static func squaredDeviationLoop<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ mu: UnsafePointer<S>,
                                                                          _ n: Int, _ c: Int, _ sum: UnsafeMutablePointer<S>) {
        sum.update(repeating: 0, count: c)
        for q in 0 ..< n {
            let row = x + q * c
            var j = 0
            while j + 8 <= c {
                let d = load(row + j) - load(mu + j)
                store(load(sum + j) + d * d, sum + j)
                j += 8
            }
            while j < c {
                let d = row[j] - mu[j]
                sum[j] = sum[j] + d * d
                j += 1
            }
        }
    }

    @inline(never)
    static func scaleShiftLoop<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ alpha: UnsafePointer<S>,
                                                                    _ shift: UnsafePointer<S>, _ n: Int, _ c: Int,
                                                                    _ z: UnsafeMutablePointer<S>) {
        for q in 0 ..< n {
            let row = x + q * c, out = z + q * c
            var j = 0
            while j + 8 <= c {
                store(load(row + j) * load(alpha + j) + load(shift + j), out + j)
                j += 8
            }
            while j < c {
                out[j] = row[j] * alpha[j] + shift[j]
                j += 1
            }
        }
    }

    @inline(never)
    static func gradientSumsLoop<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>,
                                                                      _ mu: UnsafePointer<S>, _ inv: UnsafePointer<S>,
                                                                      _ n: Int, _ c: Int, _ sd: UnsafeMutablePointer<S>,
                                                                      _ sdx: UnsafeMutablePointer<S>) {
        sd.update(repeating: 0, count: c)
        sdx.update(repeating: 0, count: c)
        for q in 0 ..< n {
            let row = x + q * c, d = delta + q * c
            var j = 0
            while j + 8 <= c {
                let dv = load(d + j)
                store(load(sd + j) + dv, sd + j)
                store(load(sdx + j) + dv * ((load(row + j) - load(mu + j)) * load(inv + j)), sdx + j)
                j += 8
            }
            while j < c {
                sd[j] = sd[j] + d[j]
                sdx[j] = sdx[j] + d[j] * ((row[j] - mu[j]) * inv[j])
                j += 1
            }
        }
    }

    @inline(never)
    static func inputGradientLoop<S: BinaryFloatingPoint & SIMDScalar>(
        _ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, _ mu: UnsafePointer<S>, _ inv: UnsafePointer<S>,
        _ gamma: UnsafePointer<S>?, _ sd: UnsafePointer<S>, _ sdx: UnsafePointer<S>, _ count: S,
        _ n: Int, _ c: Int, _ dx: UnsafeMutablePointer<S>
    ) {
        let countV = SIMD8<S>(repeating: count), one = SIMD8<S>(repeating: 1)
        for q in 0 ..< n {
            let row = x + q * c, d = delta + q * c, out = dx + q * c
            var j = 0
            while j + 8 <= c {
                let scale = gamma.map { load($0 + j) } ?? one, iv = load(inv + j)
                let xhat = (load(row + j) - load(mu + j)) * iv
                store(scale * iv * (load(d + j) - load(sd + j) / countV - xhat * load(sdx + j) / countV), out + j)
                j += 8
            }
            while j < c {
                let scale: S = gamma.map { $0[j] } ?? 1
                let xhat = (row[j] - mu[j]) * inv[j]
                out[j] = scale * inv[j] * (d[j] - sd[j] / count - xhat * sdx[j] / count)
                j += 1
            }
        }
    }

    @inline(__always)
    static func load<S: SIMDScalar>(_ p: UnsafePointer<S>) -> SIMD8<S> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<S>.self) }

    @inline(__always)
    static func load<S: SIMDScalar>(_ p: UnsafeMutablePointer<S>) -> SIMD8<S> { load(UnsafePointer(p)) }

    @inline(__always)
    static func store<S: SIMDScalar>(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<S>.self)
    }
}
