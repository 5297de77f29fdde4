import NNSpecPlan

/// Max or average pooling per channel on `(h, w, c)` feature maps. The maximum is the first
/// largest value in window order (row by row), as TensorFlow and PyTorch pick it; padded pixels
/// never win. The average divides by the window's input pixels, or by the whole window with
/// `countIncludePad` (PyTorch's default: padded zeros count).
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
        let ys = max(y0, 0) ..< min(y0 + g.kH, g.inH)
        let xs = max(x0, 0) ..< min(x0 + g.kW, g.inW)
        return (ys, xs, countIncludePad ? g.kH * g.kW : ys.count * xs.count)
    }

    func forward(_ x: UnsafePointer<S>, rows: Int, into z: UnsafeMutablePointer<S>) {
        let c = g.inC
        for r in 0 ..< rows {
            let sample = x + r * g.inputCount
            for oy in 0 ..< g.outH {
                for ox in 0 ..< g.outW {
                    let out = z + r * outputCount + (oy * g.outW + ox) * c
                    let (ys, xs, divisor) = window(oy, ox)
                    out.update(repeating: averages ? 0 : -S.infinity, count: c)
                    for iy in ys {
                        for ix in xs {
                            let v = sample + (iy * g.inW + ix) * c
                            if averages {
                                for j in 0 ..< c { out[j] = out[j] + v[j] }
                            } else {
                                for j in 0 ..< c where v[j] > out[j] || v[j].isNaN { out[j] = v[j] }
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

    /// `∂L/∂x`: each output's δ to the pixel that won its maximum, or shared by the average's
    /// divisor over the window's input pixels.
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?) {
        guard let dx else { return }
        dx.update(repeating: 0, count: rows * g.inputCount)
        let c = g.inC
        for r in 0 ..< rows {
            let sample = x + r * g.inputCount, ds = dx + r * g.inputCount
            for oy in 0 ..< g.outH {
                for ox in 0 ..< g.outW {
                    let d = delta + r * outputCount + (oy * g.outW + ox) * c
                    let (ys, xs, divisor) = window(oy, ox)
                    if averages {
                        let n = S(divisor)
                        for iy in ys {
                            for ix in xs {
                                let t = ds + (iy * g.inW + ix) * c
                                for j in 0 ..< c { t[j] = t[j] + d[j] / n }
                            }
                        }
                    } else {
                        for j in 0 ..< c {
                            var best = -S.infinity, at = -1
                            for iy in ys {
                                for ix in xs {
                                    let v = sample[(iy * g.inW + ix) * c + j]
                                    if v > best || (v.isNaN && !best.isNaN) || at < 0 { best = v; at = (iy * g.inW + ix) * c + j }
                                }
                            }
                            if at >= 0 { ds[at] = ds[at] + d[j] }
                        }
                    }
                }
            }
        }
    }
}
