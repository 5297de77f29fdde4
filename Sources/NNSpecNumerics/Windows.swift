// The per-sample loops of convolution and pooling on `(h, w, c)` feature maps: im2col and its
// transpose col2im, and max/average pooling forward and backward.
//
// They live here, not in the runtime, so they are compiled -Ounchecked for the host's widest
// vector unit (see Package.swift): the channel loops become AVX-512 selects and sums, and the
// window walks lose their overflow checks. Every element sees exactly the operations, in the
// order, of the plain loops they replaced (copies, one comparison or sum per window pixel in
// window order, one add per column-matrix row in row order), so results keep their bits at any
// vector width or thread count.

/// Where a window lands on an `(h, w, c)` feature map: the runtime's `SpatialGeometry`, as the
/// plain numbers these loops read.
public struct WindowGeometry: Sendable, Equatable {
    public var inH: Int, inW: Int, channels: Int
    public var outH: Int, outW: Int
    public var kH: Int, kW: Int
    public var strideH: Int, strideW: Int
    public var dilationH: Int, dilationW: Int
    public var padTop: Int, padLeft: Int

    public init(inH: Int, inW: Int, channels: Int, outH: Int, outW: Int, kH: Int, kW: Int, strideH: Int, strideW: Int,
                dilationH: Int, dilationW: Int, padTop: Int, padLeft: Int) {
        self.inH = inH; self.inW = inW; self.channels = channels
        self.outH = outH; self.outW = outW
        self.kH = kH; self.kW = kW
        self.strideH = strideH; self.strideW = strideW
        self.dilationH = dilationH; self.dilationW = dilationW
        self.padTop = padTop; self.padLeft = padLeft
    }

    /// Values of one input sample, and of one output sample of a pooling (channels kept).
    public var inputCount: Int { inH * inW * channels }
    public var pooledCount: Int { outH * outW * channels }
    /// Values of one column-matrix row: a window's `(ky, kx, c)`.
    public var patch: Int { kH * kW * channels }

    /// The output columns whose window row lies wholly inside the input, undilated: there a
    /// window row is one run of `kW·c` values.
    var wholeRows: Range<Int> {
        guard dilationW == 1 else { return 0 ..< 0 }
        // ox·s − padLeft ≥ 0 and ox·s − padLeft + kW ≤ inW.
        let lo = (padLeft + strideW - 1) / strideW
        let hi = inW - kW + padLeft < 0 ? 0 : (inW - kW + padLeft) / strideW + 1
        return lo ..< max(lo, min(hi, outW))
    }
}

// MARK: - im2col / col2im

public enum WindowColumns {
    /// The column matrix of `samples` samples at `x` (each `inputCount` values) into `dst`: row
    /// `(r, oy, ox)` holds the window at that position, `(ky, kx, c)` in order, zeros where it
    /// reaches into the padding.
    public static func im2col<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, samples: Int, _ g: WindowGeometry,
                                                      into dst: UnsafeMutablePointer<S>) {
        if S.self == Float.self {
            im2colLoop(cast(x) as UnsafePointer<Float>, samples, g, cast(dst) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            im2colLoop(cast(x) as UnsafePointer<Double>, samples, g, cast(dst) as UnsafeMutablePointer<Double>)
        } else {
            im2colLoop(x, samples, g, dst)
        }
    }

    /// Adds the column matrix `src`'s rows back onto the windows they came from (im2col's
    /// transpose) into `dx` (`samples` samples, which the caller has set). Each input value
    /// receives its terms in the order of the column matrix's rows.
    public static func col2im<S: BinaryFloatingPoint & SIMDScalar>(_ dx: UnsafeMutablePointer<S>, samples: Int, _ g: WindowGeometry,
                                                      from src: UnsafePointer<S>) {
        if S.self == Float.self {
            col2imLoop(cast(dx) as UnsafeMutablePointer<Float>, samples, g, cast(src) as UnsafePointer<Float>)
        } else if S.self == Double.self {
            col2imLoop(cast(dx) as UnsafeMutablePointer<Double>, samples, g, cast(src) as UnsafePointer<Double>)
        } else {
            col2imLoop(dx, samples, g, src)
        }
    }

    /// Walks the column matrix of `samples` samples as runs, for col2im: `body(column, input,
    /// count)` for `count` values at `column` in the column matrix that come from `input` in the
    /// samples (contiguous there), or `input` nil where the window reaches into the padding.
    ///
    /// The walk goes `(r, oy, ky, ox, kx)`, not the matrix's row order `(r, oy, ox, ky, kx)`:
    /// for one input pixel and one `oy`, `ky` is fixed, so the terms any input value receives
    /// still come in the matrix's row order (col2im's sums keep their order).
    @inline(__always)
    static func forEachRun(samples: Int, _ g: WindowGeometry, _ body: (_ column: Int, _ input: Int?, _ count: Int) -> Void) {
        let c = g.channels, rowRun = g.kW * c, patch = g.patch, whole = g.wholeRows
        for r in 0 ..< samples {
            let sample = r * g.inputCount
            for oy in 0 ..< g.outH {
                let rowBase = (r * g.outH + oy) * g.outW * patch
                for ky in 0 ..< g.kH {
                    let iy = oy * g.strideH - g.padTop + ky * g.dilationH
                    let base = rowBase + ky * rowRun
                    guard iy >= 0 && iy < g.inH else {
                        for ox in 0 ..< g.outW { body(base + ox * patch, nil, rowRun) }
                        continue
                    }
                    let line = sample + iy * g.inW * c
                    for ox in 0 ..< g.outW {
                        let ix0 = ox * g.strideW - g.padLeft
                        if whole.contains(ox) {
                            body(base + ox * patch, line + ix0 * c, rowRun)
                            continue
                        }
                        for kx in 0 ..< g.kW {
                            let ix = ix0 + kx * g.dilationW
                            body(base + ox * patch + kx * c, ix >= 0 && ix < g.inW ? line + ix * c : nil, c)
                        }
                    }
                }
            }
        }
    }

    /// In the matrix's row order, each run copied (or zeroed) a vector at a time, the last
    /// vector whole: the values it writes past the run belong to the next runs, which are
    /// written next and in address order, so every value ends as its own run left it. Where a
    /// whole vector would read past the samples or write past the matrix, the run ends value by
    /// value. Rows whose window lies wholly inside the input (most of them) take a tight loop.
    @inline(never)
    static func im2colLoop<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ samples: Int, _ g: WindowGeometry,
                                                                _ dst: UnsafeMutablePointer<S>) {
        let c = g.channels, rowRun = g.kW * c, patch = g.patch, whole = g.wholeRows
        let inputEnd = samples * g.inputCount, columnEnd = samples * g.outH * g.outW * patch
        let lineStride = g.inW * c, kyStride = lineStride * g.dilationH
        /// Row `(r, oy, ox)` run by run, bounds checked.
        @inline(__always) func row(_ sample: Int, _ oy: Int, _ ox: Int, _ column: Int) {
            var d = column
            @inline(__always) func run(_ input: Int?, _ count: Int) {
                if let input {
                    if input + count + 8 <= inputEnd && d + count + 8 <= columnEnd {
                        ValueRuns.copyOver(dst + d, x + input, count)
                    } else {
                        ValueRuns.copy(dst + d, x + input, count)
                    }
                } else {
                    if d + count + 8 <= columnEnd { ValueRuns.zeroOver(dst + d, count) } else { ValueRuns.zero(dst + d, count) }
                }
                d += count
            }
            let ix0 = ox * g.strideW - g.padLeft
            let wholeRow = whole.contains(ox)
            for ky in 0 ..< g.kH {
                let iy = oy * g.strideH - g.padTop + ky * g.dilationH
                guard iy >= 0 && iy < g.inH else {
                    run(nil, rowRun)
                    continue
                }
                let line = sample + iy * lineStride
                if wholeRow {
                    run(line + ix0 * c, rowRun)
                    continue
                }
                for kx in 0 ..< g.kW {
                    let ix = ix0 + kx * g.dilationW
                    run(ix >= 0 && ix < g.inW ? line + ix * c : nil, c)
                }
            }
        }
        for r in 0 ..< samples {
            let sample = r * g.inputCount
            for oy in 0 ..< g.outH {
                let rowBase = (r * g.outH + oy) * g.outW
                let iyTop = oy * g.strideH - g.padTop
                var fast = iyTop >= 0 && iyTop + (g.kH - 1) * g.dilationH < g.inH ? whole : 0 ..< 0
                if let last = fast.last {
                    // The last row's reads and writes, a vector past its runs, stay inside.
                    let lastInput = sample + (iyTop + (g.kH - 1) * g.dilationH) * lineStride + (last * g.strideW - g.padLeft) * c
                    if lastInput + rowRun + 8 > inputEnd || (rowBase + last + 1) * patch + 8 > columnEnd { fast = 0 ..< 0 }
                }
                for ox in 0 ..< g.outW where !fast.contains(ox) || ox == fast.lowerBound {
                    guard fast.contains(ox) else {
                        row(sample, oy, ox, (rowBase + ox) * patch)
                        continue
                    }
                    var src = x + sample + iyTop * lineStride + (ox * g.strideW - g.padLeft) * c
                    var d = dst + (rowBase + ox) * patch
                    let step = g.strideW * c
                    if rowRun <= 4 {
                        for _ in fast {
                            for ky in 0 ..< g.kH { ValueRuns.copy4Over(d + ky * rowRun, src + ky * kyStride) }
                            src += step
                            d += patch
                        }
                    } else {
                        for _ in fast {
                            for ky in 0 ..< g.kH { ValueRuns.copyOver(d + ky * rowRun, src + ky * kyStride, rowRun) }
                            src += step
                            d += patch
                        }
                    }
                }
            }
        }
    }

    @inline(never)
    static func col2imLoop<S: BinaryFloatingPoint & SIMDScalar>(_ dx: UnsafeMutablePointer<S>, _ samples: Int, _ g: WindowGeometry,
                                                   _ src: UnsafePointer<S>) {
        forEachRun(samples: samples, g) { column, input, count in
            if let input { ValueRuns.add(dx + input, src + column, count) }
        }
    }
}

// MARK: - Pooling

/// Max or average pooling per channel. The maximum is the first largest value in window order
/// (row by row), as TensorFlow and PyTorch pick it; padded pixels never win. The average
/// divides by the window's input pixels, or by the whole window with `countIncludePad`.
public enum WindowPooling {
    /// `z` (each sample `pooledCount` values) from `samples` samples at `x`.
    public static func forward<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, samples: Int, _ g: WindowGeometry, averages: Bool,
                                                       countIncludePad: Bool, into z: UnsafeMutablePointer<S>) {
        if S.self == Float.self {
            forwardLoop(cast(x) as UnsafePointer<Float>, samples, g, averages, countIncludePad, cast(z) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            forwardLoop(cast(x) as UnsafePointer<Double>, samples, g, averages, countIncludePad, cast(z) as UnsafeMutablePointer<Double>)
        } else {
            forwardLoop(x, samples, g, averages, countIncludePad, z)
        }
    }

    /// `∂L/∂x` into `dx` (set here, every value): each output's δ to the pixel that won its
    /// maximum, or shared by the average's divisor over the window's input pixels. Overlapping
    /// windows add onto a pixel in window order.
    public static func backward<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, samples: Int,
                                                        _ g: WindowGeometry, averages: Bool, countIncludePad: Bool,
                                                        into dx: UnsafeMutablePointer<S>) {
        if S.self == Float.self {
            backwardLoop(cast(x) as UnsafePointer<Float>, cast(delta) as UnsafePointer<Float>, samples, g, averages, countIncludePad,
                         cast(dx) as UnsafeMutablePointer<Float>)
        } else if S.self == Double.self {
            backwardLoop(cast(x) as UnsafePointer<Double>, cast(delta) as UnsafePointer<Double>, samples, g, averages, countIncludePad,
                         cast(dx) as UnsafeMutablePointer<Double>)
        } else {
            backwardLoop(x, delta, samples, g, averages, countIncludePad, dx)
        }
    }

    /// The forward maximum's step: `v` replaces `o` when larger or NaN (the last NaN stays).
    /// Both comparisons are evaluated (no short circuit), so a channel loop vectorizes to selects.
    @inline(__always)
    static func replaces<S: BinaryFloatingPoint & SIMDScalar>(_ v: S, _ o: S) -> Bool { ((v > o ? 1 : 0) | (v != v ? 1 : 0)) != 0 }

    /// The backward winner's step: `v` displaces `best` when larger, or when it is the first NaN.
    @inline(__always)
    static func displaces<S: BinaryFloatingPoint & SIMDScalar>(_ v: S, _ best: S) -> Bool {
        ((v > best ? 1 : 0) | ((v != v ? 1 : 0) & (best == best ? 1 : 0))) != 0
    }

    /// The window at output `(oy, ox)`: its input rows and columns, clipped to the input, and
    /// the divisor an average uses.
    @inline(__always)
    static func window(_ g: WindowGeometry, _ oy: Int, _ ox: Int, countIncludePad: Bool) -> (ys: Range<Int>, xs: Range<Int>, divisor: Int) {
        let y0 = oy * g.strideH - g.padTop, x0 = ox * g.strideW - g.padLeft
        let ys = max(y0, 0) ..< max(min(y0 + g.kH, g.inH), max(y0, 0))
        let xs = max(x0, 0) ..< max(min(x0 + g.kW, g.inW), max(x0, 0))
        return (ys, xs, countIncludePad ? g.kH * g.kW : ys.count * xs.count)
    }

    /// Pixel by pixel over the window, every channel in an inner loop the compiler vectorizes
    /// (a select per lane: the same comparison, in the same order, as one channel alone).
    @inline(never)
    static func forwardLoop<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ samples: Int, _ g: WindowGeometry, _ averages: Bool,
                                                    _ countIncludePad: Bool, _ z: UnsafeMutablePointer<S>) {
        let c = g.channels
        for r in 0 ..< samples {
            let sample = x + r * g.inputCount
            for oy in 0 ..< g.outH {
                for ox in 0 ..< g.outW {
                    let out = z + r * g.pooledCount + (oy * g.outW + ox) * c
                    let (ys, xs, divisor) = window(g, oy, ox, countIncludePad: countIncludePad)
                    let start: S = averages ? 0 : -S.infinity
                    for j in 0 ..< c { out[j] = start }
                    for iy in ys {
                        for ix in xs {
                            let v = sample + (iy * g.inW + ix) * c
                            if averages {
                                for j in 0 ..< c { out[j] = out[j] + v[j] }
                            } else {
                                for j in 0 ..< c {
                                    let o = out[j], w = v[j]
                                    out[j] = replaces(w, o) ? w : o
                                }
                            }
                        }
                    }
                    if averages {
                        let d = S(divisor)
                        for j in 0 ..< c { out[j] = out[j] / d }
                    }
                }
            }
        }
    }

    @inline(never)
    static func backwardLoop<S: BinaryFloatingPoint & SIMDScalar>(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, _ samples: Int,
                                                     _ g: WindowGeometry, _ averages: Bool, _ countIncludePad: Bool,
                                                     _ dx: UnsafeMutablePointer<S>) {
        let c = g.channels
        // Windows that do not overlap and cover the input: every pixel's δ is written once,
        // so nothing needs zeroing first.
        let disjoint = g.strideH >= g.kH && g.strideW >= g.kW
        let covers = disjoint && g.padTop == 0 && g.padLeft == 0 && g.outH * g.kH == g.inH && g.outW * g.kW == g.inW
            && g.strideH == g.kH && g.strideW == g.kW
        if !(covers && !averages) { dx.update(repeating: 0, count: samples * g.inputCount) }
        withUnsafeTemporaryAllocation(of: S.self, capacity: 2 * c) { scratch in
            let best = scratch.baseAddress!, number = best + c
            withUnsafeTemporaryAllocation(of: Int.self, capacity: c) { atBuffer in
                let at = atBuffer.baseAddress!
                for r in 0 ..< samples {
                    let sample = x + r * g.inputCount, ds = dx + r * g.inputCount
                    for oy in 0 ..< g.outH {
                        for ox in 0 ..< g.outW {
                            let d = delta + r * g.pooledCount + (oy * g.outW + ox) * c
                            let (ys, xs, divisor) = window(g, oy, ox, countIncludePad: countIncludePad)
                            if ys.isEmpty || xs.isEmpty { continue }
                            if averages {
                                let n = S(divisor)
                                for iy in ys {
                                    for ix in xs {
                                        let t = ds + (iy * g.inW + ix) * c
                                        for j in 0 ..< c { t[j] = t[j] + d[j] / n }
                                    }
                                }
                                continue
                            }
                            // Each channel's winner: the first pixel, replaced by a larger value
                            // or by the first NaN.
                            if disjoint {
                                // The winner is noted by its number in the window (exact in S, and
                                // the same width as the values, so the selects vectorize), and
                                // each pixel's δ is written, not added onto (+0 where it lost).
                                let v0 = sample + (ys.lowerBound * g.inW + xs.lowerBound) * c
                                for j in 0 ..< c { best[j] = v0[j]; number[j] = 0 }
                                var w: S = 0
                                for iy in ys {
                                    for ix in xs {
                                        let v = sample + (iy * g.inW + ix) * c
                                        for j in 0 ..< c {
                                            let b = best[j], u = v[j]
                                            let wins = displaces(u, b)
                                            best[j] = wins ? u : b
                                            number[j] = wins ? w : number[j]
                                        }
                                        w += 1
                                    }
                                }
                                w = 0
                                for iy in ys {
                                    for ix in xs {
                                        let t = ds + (iy * g.inW + ix) * c
                                        for j in 0 ..< c { t[j] = number[j] == w ? 0 + d[j] : 0 }
                                        w += 1
                                    }
                                }
                                continue
                            }
                            let first = (ys.lowerBound * g.inW + xs.lowerBound) * c
                            for j in 0 ..< c { best[j] = sample[first + j]; at[j] = first + j }
                            for iy in ys {
                                for ix in xs {
                                    let o = (iy * g.inW + ix) * c
                                    let v = sample + o
                                    for j in 0 ..< c {
                                        let b = best[j], w = v[j]
                                        let wins = displaces(w, b)
                                        best[j] = wins ? w : b
                                        at[j] = wins ? o + j : at[j]
                                    }
                                }
                            }
                            for j in 0 ..< c { ds[at[j]] = ds[at[j]] + d[j] }
                        }
                    }
                }
            }
        }
    }
}

/// Short runs of values copied, zeroed or added in place: the rows of a convolution's window,
/// a few to a few hundred values, too short for a `memmove` call to pay.
enum ValueRuns {
    @inline(__always)
    static func copy<S: SIMDScalar>(_ dst: UnsafeMutablePointer<S>, _ src: UnsafePointer<S>, _ n: Int) {
        var j = 0
        while j + 8 <= n {
            UnsafeMutableRawPointer(dst + j).storeBytes(of: UnsafeRawPointer(src + j).loadUnaligned(as: SIMD8<S>.self),
                                                        as: SIMD8<S>.self)
            j += 8
        }
        while j < n { dst[j] = src[j]; j += 1 }
    }

    /// `copy`, the last vector whole: up to 7 values past the run are read and written.
    @inline(__always)
    static func copyOver<S: SIMDScalar>(_ dst: UnsafeMutablePointer<S>, _ src: UnsafePointer<S>, _ n: Int) {
        var j = 0
        repeat {
            UnsafeMutableRawPointer(dst + j).storeBytes(of: UnsafeRawPointer(src + j).loadUnaligned(as: SIMD8<S>.self),
                                                        as: SIMD8<S>.self)
            j += 8
        } while j < n
    }

    /// Up to 4 values copied as one vector of 4: the values past the run are read and written.
    @inline(__always)
    static func copy4Over<S: SIMDScalar>(_ dst: UnsafeMutablePointer<S>, _ src: UnsafePointer<S>) {
        UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: SIMD4<S>.self), as: SIMD4<S>.self)
    }

    /// `zero`, the last vector whole: up to 7 values past the run are written.
    @inline(__always)
    static func zeroOver<S: SIMDScalar & BinaryFloatingPoint>(_ dst: UnsafeMutablePointer<S>, _ n: Int) {
        var j = 0
        repeat {
            UnsafeMutableRawPointer(dst + j).storeBytes(of: SIMD8<S>(), as: SIMD8<S>.self)
            j += 8
        } while j < n
    }

    @inline(__always)
    static func zero<S: SIMDScalar & BinaryFloatingPoint>(_ dst: UnsafeMutablePointer<S>, _ n: Int) {
        var j = 0
        while j + 8 <= n {
            UnsafeMutableRawPointer(dst + j).storeBytes(of: SIMD8<S>(), as: SIMD8<S>.self)
            j += 8
        }
        while j < n { dst[j] = 0; j += 1 }
    }

    /// `dst[j] = dst[j] + src[j]`.
    @inline(__always)
    static func add<S: SIMDScalar & BinaryFloatingPoint>(_ dst: UnsafeMutablePointer<S>, _ src: UnsafePointer<S>, _ n: Int) {
        var j = 0
        while j + 8 <= n {
            let sum = UnsafeRawPointer(dst + j).loadUnaligned(as: SIMD8<S>.self) + UnsafeRawPointer(src + j).loadUnaligned(as: SIMD8<S>.self)
            UnsafeMutableRawPointer(dst + j).storeBytes(of: sum, as: SIMD8<S>.self)
            j += 8
        }
        while j < n { dst[j] = dst[j] + src[j]; j += 1 }
    }
}
