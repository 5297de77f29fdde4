import CZlib
import Foundation

/// Just enough PNG to read a browser's screenshot: 8-bit RGB or RGBA, not interlaced.
struct PNGImage {
    var width: Int
    var height: Int
    /// RGB per pixel, row-major.
    var rgb: [UInt8]

    struct Invalid: Error, CustomStringConvertible { var description: String }

    init(_ bytes: [UInt8]) throws {
        guard bytes.count > 8, bytes[0 ..< 8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw Invalid(description: "not a PNG") }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8, w = 0, h = 0, channels = 0
        var idat: [UInt8] = []
        while i + 8 <= bytes.count {
            let length = be32(i), type = String(decoding: bytes[(i + 4) ..< (i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 8) ..< (i + 8 + length)])
            switch type {
            case "IHDR":
                w = be32(i + 8); h = be32(i + 12)
                guard body[8] == 8, body[12] == 0 else { throw Invalid(description: "only 8-bit, non-interlaced PNGs") }
                switch body[9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw Invalid(description: "colour type \(body[9])")
                }
            case "IDAT": idat += body
            default: break
            }
            i += 12 + length
        }
        let stride = w * channels
        var raw = [UInt8](repeating: 0, count: (stride + 1) * h)
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { r in idat.withUnsafeBufferPointer { s in uncompress(r.baseAddress, &rawLength, s.baseAddress, uLong(s.count)) } }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw Invalid(description: "bad image data (zlib \(status))") }
        // Undo the per-row filters.
        var pixels = [UInt8](repeating: 0, count: stride * h)
        for y in 0 ..< h {
            let filter = raw[y * (stride + 1)]
            for x in 0 ..< stride {
                let v = Int(raw[y * (stride + 1) + 1 + x])
                let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Invalid(description: "filter \(filter)")
                }
                pixels[y * stride + x] = UInt8((v + predicted) & 0xFF)
            }
        }
        width = w
        height = h
        rgb = (0 ..< w * h).flatMap { p in pixels[(p * channels) ..< (p * channels + 3)] }
    }

    /// The variance of the pixels' gray levels: 0 for a blank image.
    var grayVariance: Double {
        let n = Double(width * height)
        var sum = 0.0, squares = 0.0
        for p in 0 ..< width * height {
            let g = (Double(rgb[3 * p]) + Double(rgb[3 * p + 1]) + Double(rgb[3 * p + 2])) / 3
            sum += g
            squares += g * g
        }
        return squares / n - (sum / n) * (sum / n)
    }

    /// Rows holding at least one pixel within `tolerance` of `color` (per channel).
    func rows(withColor color: (UInt8, UInt8, UInt8), tolerance: Int = 24) -> [Int] {
        (0 ..< height).filter { y in
            (0 ..< width).contains { x in
                let p = 3 * (y * width + x)
                return abs(Int(rgb[p]) - Int(color.0)) <= tolerance && abs(Int(rgb[p + 1]) - Int(color.1)) <= tolerance && abs(Int(rgb[p + 2]) - Int(color.2)) <= tolerance
            }
        }
    }

    /// Rows holding a number of pixels within `tolerance` of `color` in `count`.
    func rows(withCount count: ClosedRange<Int>, of color: (UInt8, UInt8, UInt8), tolerance: Int = 24) -> [Int] {
        (0 ..< height).filter { y in
            let n = (0 ..< width).filter { x in
                let p = 3 * (y * width + x)
                return abs(Int(rgb[p]) - Int(color.0)) <= tolerance && abs(Int(rgb[p + 1]) - Int(color.1)) <= tolerance && abs(Int(rgb[p + 2]) - Int(color.2)) <= tolerance
            }.count
            return count.contains(n)
        }
    }
}
