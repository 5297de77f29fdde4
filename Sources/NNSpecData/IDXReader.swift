/// MNIST's IDX format, raw or gzip-compressed: a big-endian magic number `0x0000TTDD` (TT the
/// element type, DD the number of dimensions), DD big-endian 32-bit sizes, then the elements.
/// Images (`0x00000803`, n × rows × cols unsigned bytes) load as n × (rows·cols) floats 0…255;
/// labels (`0x00000801`) as a vector (n,). 2-D files (`0x00000802`) load as they are.
public enum IDXReader {
    public struct Header: Sendable, Equatable {
        /// The sizes the file declares: `[n]`, `[n, d]` or `[n, rows, cols]`.
        public var dimensions: [Int]
        /// Offset of the first element in the (decompressed) data.
        public var dataOffset: Int

        /// The shape it loads as: images flatten to n × (rows·cols).
        public var shape: [Int] {
            dimensions.count == 3 ? [dimensions[0], dimensions[1] * dimensions[2]] : dimensions
        }
        public var elementCount: Int { dimensions.reduce(1, *) }
        /// An image file's (rows, cols) per image; nil for labels and 2-D files.
        public var imageGrid: [Int]? { dimensions.count == 3 ? Array(dimensions.dropFirst()) : nil }
    }

    /// Reads the file and returns its first `limit` samples (all when nil).
    public static func read(path: String, limit: Int? = nil) throws(FileError) -> DataArray {
        try decode(DataFile.readAll(path), path: path, limit: limit)
    }

    /// The file's bytes as `read` reads them (`path` names it in messages).
    public static func decode(_ bytes: [UInt8], path: String, limit: Int? = nil) throws(FileError) -> DataArray {
        var bytes = bytes
        if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes, path: path) }
        let header = try parseHeader(bytes, path: path)
        let expected = header.dataOffset + header.elementCount
        if bytes.count < expected {
            throw FileError(path, "truncated: the header announces \(describe(header)) (\(expected) bytes), but the data has \(bytes.count) bytes")
        }
        if bytes.count > expected {
            throw FileError(path, "size mismatch: the header announces \(describe(header)) (\(expected) bytes), but the data has \(bytes.count) bytes (\(bytes.count - expected) extra)")
        }
        var shape = header.shape
        let n = max(0, min(limit ?? shape[0], shape[0]))
        shape[0] = n
        let count = shape.reduce(1, *)
        let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBufferPointer { src in
                let base = header.dataOffset
                for i in 0..<count { buffer[i] = Double(src[base + i]) }
            }
            initialized = count
        }
        return DataArray(shape: shape, values: values)
    }

    /// Only the header, decompressing just the start of a gzip file.
    public static func readHeader(path: String) throws(FileError) -> Header {
        var bytes = try DataFile.readPrefix(path, count: 1 << 16)
        if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes, path: path, prefix: 16) }
        return try parseHeader(bytes, path: path)
    }

    /// Validates the magic number and reads the dimensions.
    public static func parseHeader(_ bytes: [UInt8], path: String) throws(FileError) -> Header {
        guard bytes.count >= 4 else {
            throw FileError(path, "truncated: \(bytes.count) bytes, too short for an IDX header")
        }
        let magic = bigEndian32(bytes, 0)
        let type = bytes[2], rank = Int(bytes[3])
        guard bytes[0] == 0, bytes[1] == 0, (1...3).contains(rank), type == 0x08 || knownTypes[type] != nil else {
            throw FileError(path, "bad magic number \(hex(magic)): not an MNIST IDX file (expected 0x00000803 for images or 0x00000801 for labels)")
        }
        guard type == 0x08 else {
            throw FileError(path, "IDX element type \(knownTypes[type]!) (magic \(hex(magic))) is not supported; only unsigned bytes (0x08), as in MNIST")
        }
        guard bytes.count >= 4 + 4 * rank else {
            throw FileError(path, "truncated: \(bytes.count) bytes, too short for the \(rank) dimension sizes of the IDX header")
        }
        let dims = (0..<rank).map { Int(bigEndian32(bytes, 4 + 4 * $0)) }
        if let zero = dims.firstIndex(of: 0) {
            throw FileError(path, "IDX header declares dimension \(zero) as 0")
        }
        let total = Checked.product(dims)
        guard let total, total <= Gzip.maximumOutput else {
            throw FileError(path, "IDX header declares \(dims.map(String.init).joined(separator: " × ")) elements, more than a data file of this kind can hold")
        }
        if let why = MemoryBudget.current.refusal(Checked.multiply(total, 8)) {
            throw FileError(path, "IDX header declares \(dims.map(String.init).joined(separator: " × ")) elements, which \(why)", code: .dataMemoryBudget)
        }
        return Header(dimensions: dims, dataOffset: 4 + 4 * rank)
    }

    private static let knownTypes: [UInt8: String] = [
        0x08: "unsigned byte (0x08)", 0x09: "signed byte (0x09)", 0x0B: "short (0x0B)",
        0x0C: "int (0x0C)", 0x0D: "float (0x0D)", 0x0E: "double (0x0E)",
    ]

    private static func describe(_ h: Header) -> String {
        switch h.dimensions.count {
        case 3: return "\(h.dimensions[0]) images of \(h.dimensions[1])×\(h.dimensions[2])"
        case 1: return "\(h.dimensions[0]) labels"
        default: return "\(h.dimensions[0])×\(h.dimensions[1]) values"
        }
    }

    private static func bigEndian32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
