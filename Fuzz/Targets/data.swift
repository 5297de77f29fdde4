// The data readers: the first byte picks CSV, NPY, IDX or gzip-wrapped IDX, the rest is the file.
import Foundation
@testable import NNSpecData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let path = FuzzScratch.directory + "/input-\(getpid())"
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data + 1, count: size - 1))
    switch selector % 5 {
    case 0:
        _ = try? CSVReader.read(path: path, columns: nil, header: selector & 0x10 != 0, delimiter: ",")
        _ = try? CSVReader.shape(path: path, columns: [0, 2], header: false, delimiter: ";")
    case 1:
        _ = try? NPYReader.readHeader(path: path)
        _ = try? NPYReader.read(path: path)
    case 2:
        _ = try? IDXReader.readHeader(path: path)
        _ = try? IDXReader.read(path: path, limit: selector & 0x10 != 0 ? 3 : nil)
    case 3:
        _ = try? Gzip.decompress(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)), path: path)
    default:
        _ = try? Gzip.decompress(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)), path: path, prefix: 16)
    }
    return 0
}

enum FuzzScratch {
    static let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
}
