import Foundation
import NNSpecPlan

/// A convolution kernel read from a file must be in nnspec's (Keras') layout,
/// `(kh, kw, c_in, c_out)`. A nested list shaped as PyTorch's weight, `(c_out, c_in, kh, kw)`,
/// holds the right number of values in the wrong order; read silently it would scramble every
/// filter, so it is refused with the transpose that fixes it.
enum KernelFileLayout {
    /// The shape of a nested JSON list (nil when ragged or not a list of numbers).
    static func shape(_ v: Any) -> [Int]? {
        guard let list = v as? [Any] else { return v is NSNumber ? [] : nil }
        guard let first = list.first else { return [0] }
        guard let inner = shape(first) else { return nil }
        for item in list.dropFirst() where shape(item) != inner { return nil }
        return [list.count] + inner
    }

    static func check(_ written: [Int]?, _ t: TensorPlan, file: String) throws(RunError) {
        guard t.role == .kernel, t.shape.count == 4, let written, written.count == 4, written != t.shape else { return }
        let (kh, kw, cin, cout) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
        if written == [cout, cin, kh, kw] {
            throw RunError("layer '\(t.layerName)': '\(file)' holds a kernel of shape \(written), PyTorch's (c_out, c_in, kh, kw) layout; nnspec reads convolution kernels as (kh, kw, c_in, c_out) = \(t.shape): write weight.permute(2, 3, 1, 0)")
        }
        throw RunError("layer '\(t.layerName)': '\(file)' holds a kernel of shape \(written); its kernel is (kh, kw, c_in, c_out) = \(t.shape)")
    }
}
