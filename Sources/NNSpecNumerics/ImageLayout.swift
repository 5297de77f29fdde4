// The two orders of an image's values, `(h, w, c)` and `(c, h, w)`, as loops compiled here
// (-Ounchecked, the host's widest vectors; see Package.swift) rather than in the runtime's
// baseline build: a CNN transposes its whole input on entry and its last feature maps at
// flatten, every step. Values are only moved, so the bits are unchanged by construction.

public enum ImageLayout {
    /// Each of `samples` images from `(h, w, c)` to `(c, h, w)`, `src` to `dst` (not the same).
    public static func hwcToCHW<S: SIMDScalar>(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, samples: Int,
                                                h: Int, w: Int, c: Int) {
        if MemoryLayout<S>.size == 4 {
            transpose(cast(src) as UnsafePointer<UInt32>, cast(dst) as UnsafeMutablePointer<UInt32>, samples, h * w, c)
        } else if MemoryLayout<S>.size == 8 {
            transpose(cast(src) as UnsafePointer<UInt64>, cast(dst) as UnsafeMutablePointer<UInt64>, samples, h * w, c)
        } else {
            transpose(src, dst, samples, h * w, c)
        }
    }

    /// Each of `samples` images from `(c, h, w)` to `(h, w, c)`, `src` to `dst` (not the same).
    public static func chwToHWC<S: SIMDScalar>(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, samples: Int,
                                                h: Int, w: Int, c: Int) {
        if MemoryLayout<S>.size == 4 {
            transpose(cast(src) as UnsafePointer<UInt32>, cast(dst) as UnsafeMutablePointer<UInt32>, samples, c, h * w)
        } else if MemoryLayout<S>.size == 8 {
            transpose(cast(src) as UnsafePointer<UInt64>, cast(dst) as UnsafeMutablePointer<UInt64>, samples, c, h * w)
        } else {
            transpose(src, dst, samples, c, h * w)
        }
    }

    /// Each sample's `rows × cols` matrix to its `cols × rows` transpose; a single row or
    /// column is a copy.
    @inline(never)
    static func transpose<T>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, _ samples: Int, _ rows: Int, _ cols: Int) {
        let n = rows * cols
        if rows == 1 || cols == 1 {
            dst.update(from: src, count: samples * n)
            return
        }
        for s in 0 ..< samples {
            let a = src + s * n, b = dst + s * n
            for i in 0 ..< rows {
                for j in 0 ..< cols { b[j * rows + i] = a[i * cols + j] }
            }
        }
    }
}
