import NNSpecIR

/// Flatten: feature maps are `(h, w, c)` in the runtime, so channels-last is a copy and
/// channels-first lays the values out `(c, h, w)`, as PyTorch's `x.view(n, -1)` of an
/// `(n, c, h, w)` tensor does.
struct FlattenKernel<S: TrainingScalar> {
    let h: Int, w: Int, c: Int
    /// true: emit `(c, h, w)` order.
    let channelsFirst: Bool

    var count: Int { h * w * c }

    func forward(_ x: UnsafePointer<S>, rows: Int, into z: UnsafeMutablePointer<S>) {
        guard channelsFirst else { z.update(from: x, count: rows * count); return }
        for r in 0 ..< rows { ImageLayout.hwcToCHW(x + r * count, z + r * count, h: h, w: w, c: c) }
    }

    func backward(_ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?) {
        guard let dx else { return }
        guard channelsFirst else { dx.update(from: delta, count: rows * count); return }
        for r in 0 ..< rows { ImageLayout.chwToHWC(delta + r * count, dx + r * count, h: h, w: w, c: c) }
    }
}

/// The two orders of one image's values.
enum ImageLayout {
    static func hwcToCHW<S>(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, h: Int, w: Int, c: Int) {
        for p in 0 ..< h * w {
            for j in 0 ..< c { dst[j * h * w + p] = src[p * c + j] }
        }
    }

    static func chwToHWC<S>(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, h: Int, w: Int, c: Int) {
        for p in 0 ..< h * w {
            for j in 0 ..< c { dst[p * c + j] = src[j * h * w + p] }
        }
    }
}
