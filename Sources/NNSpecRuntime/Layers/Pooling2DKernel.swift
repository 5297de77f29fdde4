import NNSpecNumerics
import NNSpecPlan

/// Max or average pooling per channel on `(h, w, c)` feature maps. The maximum is the first
/// largest value in window order (row by row), as TensorFlow and PyTorch pick it; padded pixels
/// never win. The average divides by the window's input pixels, or by the whole window with
/// `countIncludePad` (PyTorch's default: padded zeros count).
///
/// Samples are split among threads (`SampleParallel`); each part runs the numerics' window loops
/// (`WindowPooling`), whose lanes each do exactly the scalar comparison or sum in window order,
/// so every output is the same bits at any thread count.
struct Pooling2DKernel<S: TrainingScalar> {
    let g: SpatialGeometry
    let averages: Bool
    let countIncludePad: Bool
    /// `g` as the numerics' window loops read it.
    let windows: WindowGeometry

    init(g: SpatialGeometry, averages: Bool, countIncludePad: Bool) {
        self.g = g
        self.averages = averages
        self.countIncludePad = countIncludePad
        windows = g.windows
    }

    var outputCount: Int { g.positions * g.inC }

    /// A pass over `rows` samples in the matrix products' unit (what `SampleParallel` weighs): a
    /// window pixel's comparison or sum, loaded from a feature map, costs about as much as 16 of
    /// the micro-kernel's multiply–adds, which run 16 to a cycle from registers.
    private func work(_ rows: Int) -> Int { rows * outputCount * g.kH * g.kW * 16 }

    func forward(_ x: UnsafePointer<S>, rows: Int, into z: UnsafeMutablePointer<S>) {
        SampleParallel.run(count: rows, parts: SampleParallel.parts(count: rows, work: work(rows))) { _, samples in
            WindowPooling.forward(x + samples.lowerBound * g.inputCount, samples: samples.count, windows, averages: averages,
                                  countIncludePad: countIncludePad, into: z + samples.lowerBound * outputCount)
        }
    }

    /// `∂L/∂x`: each output's δ to the pixel that won its maximum, or shared by the average's
    /// divisor over the window's input pixels. Overlapping windows add onto a pixel in window
    /// order.
    func backward(_ x: UnsafePointer<S>, _ delta: UnsafePointer<S>, rows: Int, inputDelta dx: UnsafeMutablePointer<S>?) {
        guard let dx else { return }
        SampleParallel.run(count: rows, parts: SampleParallel.parts(count: rows, work: work(rows))) { _, samples in
            WindowPooling.backward(x + samples.lowerBound * g.inputCount, delta + samples.lowerBound * outputCount,
                                   samples: samples.count, windows, averages: averages, countIncludePad: countIncludePad,
                                   into: dx + samples.lowerBound * g.inputCount)
        }
    }
}
