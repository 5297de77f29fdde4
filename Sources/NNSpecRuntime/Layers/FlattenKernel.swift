import NNSpecIR
import NNSpecNumerics

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
        ImageLayout.hwcToCHW(x, z, samples: rows, h: h, w: w, c: c)
    }

    func backward(_ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?) {
        guard let dx else { return }
        guard channelsFirst else { dx.update(from: delta, count: rows * count); return }
        ImageLayout.chwToHWC(delta, dx, samples: rows, h: h, w: w, c: c)
    }
}
