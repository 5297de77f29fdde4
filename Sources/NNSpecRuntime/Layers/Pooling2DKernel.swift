import NNSpecPlan

/// Max or average pooling per channel on `(h, w, c)` feature maps. The maximum is the first
/// largest value in window order (row by row), as TensorFlow and PyTorch pick it; padded pixels
/// never win. The average divides by the window's input pixels, or by the whole window with
/// `countIncludePad` (PyTorch's default: padded zeros count).
///
/// Samples are split among threads (`SampleParallel`); within a window the channels go eight at
/// a time through SIMD lanes, each lane doing exactly the scalar comparison or sum in window
/// order, so every output is the same bits at any thread count.
struct Pooling2DKernel<S: TrainingScalar> {
    let g: SpatialGeometry
    let averages: Bool
    let countIncludePad: Bool

    var outputCount: Int { g.positions * g.inC }

    /// The window at output `(oy, ox)`: its input rows and columns, clipped to the input, and
    /// the divisor an average uses.
    @inline(__always)
    private func window(_ oy: Int, _ ox: Int) -> (ys: Range<Int>, xs: Range<Int>, divisor: Int) {
        let y0 = oy * g.strideH - g.padTop, x0 = ox * g.strideW - g.padLeft
        let ys = max(y0, 0) ..< max(min(y0 + g.kH, g.inH), max(y0, 0))
        let xs = max(x0, 0) ..< max(min(x0 + g.kW, g.inW), max(x0, 0))
        return (ys, xs, countIncludePad ? g.kH * g.kW : ys.count * xs.count)
    }

    /// The forward maximum's step: `v` replaces `o` when larger or NaN (the last NaN stays).
    /// Both comparisons are evaluated (no short circuit), so a channel loop vectorizes to selects.
    @inline(__always)
    static func replaces(_ v: S, _ o: S) -> Bool { ((v > o ? 1 : 0) | (v != v ? 1 : 0)) != 0 }

    /// The backward winner's step: `v` displaces `best` when larger, or when it is the first NaN.
    @inline(__always)
    static func displaces(_ v: S, _ best: S) -> Bool { ((v > best ? 1 : 0) | (v != v && best == best ? 1 : 0)) != 0 }

    /// A pass over `rows` samples in the matrix products' unit (what `SampleParallel` weighs): a
    /// window pixel's comparison or sum, loaded from a feature map, costs about as much as 16 of
    /// the micro-kernel's multiply–adds, which run 16 to a cycle from registers.
    private func work(_ rows: Int) -> Int { rows * outputCount * g.kH * g.kW * 16 }

    func forward(_ x: UnsafePointer<S>, rows: Int, into z: UnsafeMutablePointer<S>) {
        SampleParallel.run(count: rows, parts: SampleParallel.parts(count: rows, work: work(rows))) { _, samples in
            for r in samples { forward(sample: x + r * g.inputCount, into: z + r * outputCount) }
        }
    }

    /// Pixel by pixel over the window, every channel in an inner loop the compiler vectorizes
    /// (a select per lane: the same comparison, in the same order, as one channel alone).
    private func forward(sample: UnsafePointer<S>, into z: UnsafeMutablePointer<S>) {
        let c = g.inC
        for oy in 0 ..< g.outH {
            for ox in 0 ..< g.outW {
                let out = z + (oy * g.outW + ox) * c
                let (ys, xs, divisor) = window(oy, ox)
                out.update(repeating: averages ? 0 : -S.infinity, count: c)
                for iy in ys {
                    for ix in xs {
                        let v = sample + (iy * g.inW + ix) * c
                        if averages {
                            for j in 0 ..< c { out[j] = out[j] + v[j] }
                        } else {
                            for j in 0 ..< c {
                                let o = out[j], w = v[j]
                                out[j] = Self.replaces(w, o) ? w : o
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

    /// `∂L/∂x`: each output's δ to the pixel that won its maximum, or shared by the average's
    /// divisor over the window's input pixels. Overlapping windows add onto a pixel in window
    /// order.
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?) {
        guard let dx else { return }
        SampleParallel.run(count: rows, parts: SampleParallel.parts(count: rows, work: work(rows))) { _, samples in
            (dx + samples.lowerBound * g.inputCount).update(repeating: 0, count: samples.count * g.inputCount)
            for r in samples {
                backward(sample: x + r * g.inputCount, delta + r * outputCount, into: dx + r * g.inputCount)
            }
        }
    }

    private func backward(sample: UnsafePointer<S>, _ delta: UnsafePointer<S>, into ds: UnsafeMutablePointer<S>) {
        let c = g.inC
        let disjoint = g.strideH >= g.kH && g.strideW >= g.kW
        withUnsafeTemporaryAllocation(of: S.self, capacity: 2 * c) { scratch in
            let best = scratch.baseAddress!, number = best + c
            withUnsafeTemporaryAllocation(of: Int.self, capacity: c) { at in
                for oy in 0 ..< g.outH {
                    for ox in 0 ..< g.outW {
                        let d = delta + (oy * g.outW + ox) * c
                        let (ys, xs, divisor) = window(oy, ox)
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
                        // Each channel's winner: the first pixel, replaced by a larger value or
                        // by the first NaN.
                        if disjoint {
                            // Windows that do not overlap: the winner is noted by its number in
                            // the window (exact in S, and the same width as the values, so the
                            // selects vectorize), and each pixel's δ is written, not added onto.
                            let x0 = xs.lowerBound
                            let v0 = sample + (ys.lowerBound * g.inW + x0) * c
                            for j in 0 ..< c { best[j] = v0[j]; number[j] = 0 }
                            var w: S = 0
                            for iy in ys {
                                for ix in xs {
                                    let v = sample + (iy * g.inW + ix) * c
                                    for j in 0 ..< c {
                                        let b = best[j], u = v[j]
                                        let wins = Self.displaces(u, b)
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
                                    let wins = Self.displaces(w, b)
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
