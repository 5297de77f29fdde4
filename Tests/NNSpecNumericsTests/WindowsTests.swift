import XCTest
import NNSpecNumerics

/// The window loops (im2col, col2im, pooling) give, bit for bit, the plain loops that define
/// them — every window element from its pixel or a zero, col2im's terms added in column-matrix
/// row order, the pooling maximum as the first largest (or last NaN) in window order — over
/// geometries reaching every path: runs of 1 to 48 values (the 4-wide and the 8-wide copies,
/// their tails), padding on each side, strides, dilation, windows overlapping or tiling or
/// leaving pixels out, and the last rows of the buffers (where no copy may reach past them).
final class WindowsTests: XCTestCase {
    /// (h, w, c, kH, kW, stride, dilation, padding top/bottom/left/right, samples)
    private typealias Case = (h: Int, w: Int, c: Int, kH: Int, kW: Int, sH: Int, sW: Int, dH: Int, dW: Int,
                              pT: Int, pB: Int, pL: Int, pR: Int, n: Int)

    private let cases: [Case] = [
        (28, 28, 1, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 3),    // the CNN's first convolution: runs of 3
        (13, 13, 16, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 2),   // its second: runs of 48
        (7, 6, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 2),      // runs of 4
        (6, 7, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2),      // same padding: zero runs, per-pixel runs at the edges
        (9, 8, 5, 3, 2, 2, 2, 1, 1, 0, 1, 1, 0, 3),      // strides, uneven padding, runs of 10
        (9, 9, 3, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 2),      // dilation
        (5, 9, 7, 1, 3, 1, 3, 1, 1, 0, 0, 0, 0, 2),      // one-row windows, stride 3
        (8, 8, 16, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, 2),     // pooling that tiles the input
        (11, 11, 32, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, 2),   // pooling that leaves the last row and column out
        (7, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2),      // overlapping windows, padded
        (4, 4, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 1),      // padding beyond half the window: corner windows hold one pixel
    ]

    private func geometry(_ t: Case) -> WindowGeometry {
        let outH = (t.h + t.pT + t.pB - (t.kH - 1) * t.dH - 1) / t.sH + 1
        let outW = (t.w + t.pL + t.pR - (t.kW - 1) * t.dW - 1) / t.sW + 1
        return WindowGeometry(inH: t.h, inW: t.w, channels: t.c, outH: outH, outW: outW, kH: t.kH, kW: t.kW, strideH: t.sH,
                              strideW: t.sW, dilationH: t.dH, dilationW: t.dW, padTop: t.pT, padLeft: t.pL)
    }

    /// Wide-ranging values with ties, negative zeros and NaNs, so order and NaN rules show.
    private func values<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_ n: Int, seed: UInt64, _: S.Type) -> [S] {
        var rng = TestRNG(seed: seed)
        return (0 ..< n).map { i in
            switch rng.next() % 23 {
            case 0: return .nan
            case 1: return -0.0
            case 2, 3: return 0.5
            default: return S(rng.wide())
            }
        }
    }

    private func assertSameBits<S: BinaryFloatingPoint>(_ a: [S], _ b: [S], _ what: String) {
        XCTAssertEqual(a.count, b.count, what)
        for i in a.indices where !((a[i].isNaN && b[i].isNaN) || (a[i] == b[i] && a[i].sign == b[i].sign)) {
            XCTFail("\(what)[\(i)]: \(a[i]) vs \(b[i])")
            return
        }
    }

    /// The input pixel window element `(r, oy, ox, ky, kx)` reads, nil in the padding.
    private func pixel(_ g: WindowGeometry, _ r: Int, _ oy: Int, _ ox: Int, _ ky: Int, _ kx: Int) -> Int? {
        let iy = oy * g.strideH - g.padTop + ky * g.dilationH, ix = ox * g.strideW - g.padLeft + kx * g.dilationW
        guard iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW else { return nil }
        return r * g.inputCount + (iy * g.inW + ix) * g.channels
    }

    private func checkColumns<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        for (i, t) in cases.enumerated() {
            let g = geometry(t), rows = t.n * g.outH * g.outW
            let x = values(t.n * g.inputCount, seed: UInt64(i), S.self)
            // 7s: a value im2col leaves unset shows.
            var cols = [S](repeating: 7, count: rows * g.patch)
            WindowColumns.im2col(x, samples: t.n, g, into: &cols)
            var expected = [S]()
            for r in 0 ..< t.n {
                for oy in 0 ..< g.outH {
                    for ox in 0 ..< g.outW {
                        for ky in 0 ..< g.kH {
                            for kx in 0 ..< g.kW {
                                for ch in 0 ..< g.channels { expected.append(pixel(g, r, oy, ox, ky, kx).map { x[$0 + ch] } ?? 0) }
                            }
                        }
                    }
                }
            }
            assertSameBits(cols, expected, "im2col case \(i)")

            let src = values(cols.count, seed: UInt64(100 + i), S.self)
            var dx = values(x.count, seed: UInt64(200 + i), S.self), reference = dx
            WindowColumns.col2im(&dx, samples: t.n, g, from: src)
            var q = 0
            for r in 0 ..< t.n {
                for oy in 0 ..< g.outH {
                    for ox in 0 ..< g.outW {
                        for ky in 0 ..< g.kH {
                            for kx in 0 ..< g.kW {
                                for ch in 0 ..< g.channels {
                                    if let p = pixel(g, r, oy, ox, ky, kx) { reference[p + ch] = reference[p + ch] + src[q] }
                                    q += 1
                                }
                            }
                        }
                    }
                }
            }
            assertSameBits(dx, reference, "col2im case \(i)")
        }
    }

    /// The window's pixels in window order, clipped to the input, and the average's divisor.
    private func window(_ g: WindowGeometry, _ r: Int, _ oy: Int, _ ox: Int, countIncludePad: Bool) -> (pixels: [Int], divisor: Int) {
        var pixels: [Int] = []
        for ky in 0 ..< g.kH {
            for kx in 0 ..< g.kW { if let p = pixel(g, r, oy, ox, ky, kx) { pixels.append(p) } }
        }
        return (pixels, countIncludePad ? g.kH * g.kW : pixels.count)
    }

    private func checkPooling<S: BinaryFloatingPoint & SIMDScalar & Sendable>(_: S.Type) {
        // Pooling windows are undilated.
        for (i, t) in cases.enumerated() where t.dH == 1 && t.dW == 1 {
            let g = geometry(t)
            let x = values(t.n * g.inputCount, seed: UInt64(300 + i), S.self)
            let delta = values(t.n * g.pooledCount, seed: UInt64(400 + i), S.self)
            for (averages, includePad) in [(false, false), (true, false), (true, true)] {
                let what = "case \(i) \(averages ? "average\(includePad ? " counting padding" : "")" : "max")"
                var z = [S](repeating: 7, count: delta.count), expected = z
                WindowPooling.forward(x, samples: t.n, g, averages: averages, countIncludePad: includePad, into: &z)
                var dx = [S](repeating: 7, count: x.count), expectedDX = [S](repeating: 0, count: x.count)
                WindowPooling.backward(x, delta, samples: t.n, g, averages: averages, countIncludePad: includePad, into: &dx)
                for r in 0 ..< t.n {
                    for oy in 0 ..< g.outH {
                        for ox in 0 ..< g.outW {
                            let (pixels, divisor) = window(g, r, oy, ox, countIncludePad: includePad)
                            for ch in 0 ..< g.channels {
                                let o = r * g.pooledCount + (oy * g.outW + ox) * g.channels + ch
                                if averages {
                                    var s: S = 0
                                    for p in pixels { s = s + x[p + ch] }
                                    expected[o] = s / S(divisor)
                                    if !pixels.isEmpty { for p in pixels { expectedDX[p + ch] = expectedDX[p + ch] + delta[o] / S(divisor) } }
                                } else {
                                    var m = -S.infinity
                                    for p in pixels where x[p + ch] > m || x[p + ch].isNaN { m = x[p + ch] }
                                    expected[o] = m
                                    guard let first = pixels.first else { continue }
                                    var best = x[first + ch], at = first
                                    for p in pixels where x[p + ch] > best || (x[p + ch].isNaN && !best.isNaN) { best = x[p + ch]; at = p }
                                    expectedDX[at + ch] = expectedDX[at + ch] + delta[o]
                                }
                            }
                        }
                    }
                }
                assertSameBits(z, expected, "pooling forward \(what)")
                assertSameBits(dx, expectedDX, "pooling backward \(what)")
            }
        }
    }

    func testIm2colAndCol2imMatchThePlainLoopsBitForBit() {
        checkColumns(Float.self)
        checkColumns(Double.self)
    }

    func testPoolingMatchesThePlainLoopsBitForBit() {
        checkPooling(Float.self)
        checkPooling(Double.self)
    }
}
