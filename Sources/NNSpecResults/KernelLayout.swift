import NNSpecIR

/// A convolution kernel is held `(kh, kw, c_in, c_out)` (Keras' layout, the im2col product's
/// matrix); a results file of a channels-first convention (PyTorch) writes it as the framework's
/// weight, `(c_out, c_in, kh, kw)`, so it reads as `state_dict()` does.
public enum KernelLayout {
    /// Whether `convention`'s files hold convolution kernels channels-first.
    public static func channelsFirst(_ convention: Convention) -> Bool { ConventionPreset.of(convention).dataFormat == .channelsFirst }

    static func isConvolutionKernel(_ t: ReportedTensor) -> Bool { t.name == "kernel" && t.shape.count == 4 }

    /// `(kh, kw, c_in, c_out)` → `(c_out, c_in, kh, kw)`.
    static func toFile(_ t: ReportedTensor, _ convention: Convention) -> ReportedTensor {
        guard channelsFirst(convention), isConvolutionKernel(t) else { return t }
        return permuted(t, [3, 2, 0, 1])
    }

    /// `(c_out, c_in, kh, kw)` → `(kh, kw, c_in, c_out)`.
    static func fromFile(_ t: ReportedTensor, _ convention: Convention) -> ReportedTensor {
        guard channelsFirst(convention), isConvolutionKernel(t) else { return t }
        return permuted(t, [2, 3, 1, 0])
    }

    /// `t` with its axes reordered: the result's axis k is `t`'s axis `order[k]`.
    static func permuted(_ t: ReportedTensor, _ order: [Int]) -> ReportedTensor {
        let shape = order.map { t.shape[$0] }
        // Row-major strides of the source, taken in the result's axis order.
        var strides = [Int](repeating: 1, count: t.shape.count)
        for k in stride(from: t.shape.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * t.shape[k + 1] }
        let step = order.map { strides[$0] }
        var out: [Double] = []
        out.reserveCapacity(t.values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0 ..< t.values.count {
            out.append(t.values[zip(index, step).reduce(0) { $0 + $1.0 * $1.1 }])
            var k = shape.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        return ReportedTensor(name: t.name, shape: shape, values: out)
    }
}
