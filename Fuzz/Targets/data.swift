// The data readers on bytes: the first byte picks CSV, NPY, IDX (raw or gzip) or bare gzip, the
// rest is the file's content. The readers' file paths only add the read itself (InputFile).
import Foundation
@testable import NNSpecData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let path = "fuzz-input"
    switch selector % 5 {
    case 0:
        _ = try? CSVReader.decode(bytes, path: path, columns: nil, header: selector & 0x10 != 0, delimiter: ",")
        _ = try? CSVReader.decode(bytes, path: path, columns: [0, 2], header: false, delimiter: ";;")
    case 1:
        _ = try? NPYReader.parseHeader(bytes, path: path)
        _ = try? NPYReader.decode(bytes, path: path)
    case 2:
        _ = try? IDXReader.parseHeader(bytes, path: path)
        _ = try? IDXReader.decode(bytes, path: path, limit: selector & 0x10 != 0 ? 3 : nil)
    case 3:
        _ = try? Gzip.decompress(bytes, path: path)
    default:
        _ = try? Gzip.decompress(bytes, path: path, prefix: 16)
    }
    return 0
}
