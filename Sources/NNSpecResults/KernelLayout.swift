import NNSpecIR

/// A convolution kernel is held `(kh, kw, c_in, c_out)` (Keras' layout, the im2col product's
/// matrix); a results file of a channels-first convention (PyTorch) writes it as the framework's
/// weight, `(c_out, c_in, kh, kw)`, so it reads as `state_dict()` does.
enum KernelLayout {
    /// Whether `convention`'s files hold convolution kernels channels-first.
    static func channelsFirst(_ convention: Convention) -> Bool { ConventionPreset.of(convention).dataFormat == .channelsFirst }

    static func isConvolutionKernel(_ t: ReportedTensor) -> Bool { t.name == "kernel" && t.shape.count == 4 }

    /// `(kh, kw, c_in, c_out)` → `(c_out, c_in, kh, kw)`.
    static func toFile(_ t: ReportedTensor, _ convention: Convention) -> ReportedTensor {
        guard channelsFirst(convention), isConvolutionKernel(t) else { return t }
        let (kh, kw, ci, co) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
        var out = [Double](repeating: 0, count: t.values.count)
        for y in 0 ..< kh { for x in 0 ..< kw { for i in 0 ..< ci { for o in 0 ..< co {
            out[((o * ci + i) * kh + y) * kw + x] = t.values[((y * kw + x) * ci + i) * co + o]
        } } } }
        return ReportedTensor(name: t.name, shape: [co, ci, kh, kw], values: out)
    }

    /// `(c_out, c_in, kh, kw)` → `(kh, kw, c_in, c_out)`.
    static func fromFile(_ t: ReportedTensor, _ convention: Convention) -> ReportedTensor {
        guard channelsFirst(convention), isConvolutionKernel(t) else { return t }
        let (co, ci, kh, kw) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
        var out = [Double](repeating: 0, count: t.values.count)
        for o in 0 ..< co { for i in 0 ..< ci { for y in 0 ..< kh { for x in 0 ..< kw {
            out[((y * kw + x) * ci + i) * co + o] = t.values[((o * ci + i) * kh + y) * kw + x]
        } } } }
        return ReportedTensor(name: t.name, shape: [kh, kw, ci, co], values: out)
    }
}
