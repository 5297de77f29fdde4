/// NumPy's `.npy` format, versions 1.0, 2.0 and 3.0: the magic `\x93NUMPY`, a version, a
/// little-endian header length (2 bytes in v1, 4 in v2/v3), a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (n, k), }`, then the raw elements.
/// Reads 1-D and 2-D C-order arrays of float32/float64, signed and unsigned integers and
/// booleans, converting to float64 as `astype(np.float64)` does.
public enum NPYReader {
    public struct Header: Sendable, Equatable {
        public var version: (major: UInt8, minor: UInt8)
        public var descr: String
        public var fortranOrder: Bool
        public var shape: [Int]
        public var dataOffset: Int

        public static func == (a: Header, b: Header) -> Bool {
            a.version == b.version && a.descr == b.descr && a.fortranOrder == b.fortranOrder
                && a.shape == b.shape && a.dataOffset == b.dataOffset
        }

        /// True for integer and boolean element types (class labels).
        public var isIntegral: Bool { ElementType(descr).map { $0.kind != "f" } ?? false }
    }

    /// Reads the whole array.
    public static func read(path: String) throws(FileError) -> DataArray {
        let bytes = try DataFile.readAll(path)
        let header = try parseHeader(bytes, path: path)
        let type = ElementType(header.descr)!
        let count = header.shape.reduce(1, *)
        let expected = header.dataOffset + count * type.size
        if bytes.count < expected {
            throw FileError(path, "truncated: shape \(DataArray.describe(header.shape)) of '\(header.descr)' needs \(count * type.size) bytes of data, found \(bytes.count - header.dataOffset)")
        }
        if bytes.count > expected {
            throw FileError(path, "size mismatch: shape \(DataArray.describe(header.shape)) of '\(header.descr)' needs \(count * type.size) bytes of data, found \(bytes.count - header.dataOffset)")
        }
        let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                type.convert(UnsafeRawBufferPointer(rebasing: raw[header.dataOffset...]), count: count, into: buffer)
            }
            initialized = count
        }
        return DataArray(shape: header.shape, values: values)
    }

    /// Only the header.
    public static func readHeader(path: String) throws(FileError) -> Header {
        // The header is at most 64 KiB in v1; v2/v3 headers longer than that are unheard of, but
        // read as much as the header says if so.
        var bytes = try DataFile.readPrefix(path, count: 1 << 16)
        if bytes.count >= 12, bytes[6] >= 2 {
            let length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            if 12 + length > bytes.count, length < 1 << 26 { bytes = try DataFile.readPrefix(path, count: 12 + length) }
        }
        return try parseHeader(bytes, path: path)
    }

    /// Validates the magic and version and parses the header dict.
    public static func parseHeader(_ bytes: [UInt8], path: String) throws(FileError) -> Header {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 10 else {
            throw FileError(path, "truncated: \(bytes.count) bytes, too short for an .npy header")
        }
        guard Array(bytes[0..<6]) == magic else {
            throw FileError(path, "not an .npy file (bad magic string; expected \\x93NUMPY)")
        }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int, start: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw FileError(path, "truncated: too short for an .npy v\(major) header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        default:
            throw FileError(path, "unsupported .npy format version \(major).\(minor) (this reader knows 1.0, 2.0 and 3.0)")
        }
        guard bytes.count >= start + headerLength else {
            throw FileError(path, "truncated: the .npy header announces \(headerLength) bytes, the file has \(bytes.count - start) after the preamble")
        }
        // v1/v2 headers are latin-1, v3 UTF-8; the dict itself is ASCII in practice.
        let text = major == 3 ? String(decoding: bytes[start..<start + headerLength], as: UTF8.self)
                              : String(bytes[start..<start + headerLength].map { Character(Unicode.Scalar($0)) })
        var parser = DictLiteralParser(text: text)
        let dict: [String: DictLiteralParser.Value]
        do { dict = try parser.parseDict() } catch {
            throw FileError(path, "malformed .npy header: \(error.message) in \(text.trimmingTrailingSpace)")
        }
        guard case .string(let descr)? = dict["descr"] else {
            if case .list? = dict["descr"] { throw FileError(path, "structured arrays (record dtypes) are not supported") }
            throw FileError(path, "malformed .npy header: no 'descr' string in \(text.trimmingTrailingSpace)")
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            throw FileError(path, "malformed .npy header: no 'fortran_order' in \(text.trimmingTrailingSpace)")
        }
        guard case .tuple(let shape)? = dict["shape"] else {
            throw FileError(path, "malformed .npy header: no 'shape' tuple in \(text.trimmingTrailingSpace)")
        }
        guard ElementType(descr) != nil else {
            throw FileError(path, "unsupported dtype '\(descr)' (supported: float32 '<f4', float64 '<f8', int8/16/32/64, uint8/16/32/64 and bool)")
        }
        if fortran {
            throw FileError(path, "Fortran-order (column-major) arrays are not supported; save it with np.save(path, np.ascontiguousarray(a))")
        }
        guard shape.count == 1 || shape.count == 2 else {
            throw FileError(path, "arrays of shape \(DataArray.describe(shape)) are not supported; save a 1-D or 2-D array (e.g. a.reshape(len(a), -1))")
        }
        return Header(version: (major, minor), descr: descr, fortranOrder: fortran, shape: shape, dataOffset: start + headerLength)
    }

    /// An element type from a `descr` such as `<f8` or `|u1`.
    struct ElementType {
        var kind: Character  // f, i, u, b
        var size: Int
        var bigEndian: Bool

        init?(_ descr: String) {
            let c = Array(descr)
            guard c.count >= 3, let size = Int(String(c[2...])) else { return nil }
            switch (c[1], size) {
            case ("f", 4), ("f", 8), ("i", 1), ("i", 2), ("i", 4), ("i", 8), ("u", 1), ("u", 2), ("u", 4), ("u", 8), ("b", 1): break
            default: return nil
            }
            switch c[0] {
            case "<", "=", "|": bigEndian = false
            case ">": bigEndian = true
            default: return nil
            }
            kind = c[1]
            self.size = size
        }

        func convert(_ src: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutableBufferPointer<Double>) {
            func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
                let v = src.loadUnaligned(fromByteOffset: i * size, as: T.self)
                return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
            }
            switch (kind, size) {
            case ("f", 8): for i in 0..<count { out[i] = Double(bitPattern: load(UInt64.self, i)) }
            case ("f", 4): for i in 0..<count { out[i] = Double(Float(bitPattern: load(UInt32.self, i))) }
            case ("i", 1): for i in 0..<count { out[i] = Double(load(Int8.self, i)) }
            case ("i", 2): for i in 0..<count { out[i] = Double(load(Int16.self, i)) }
            case ("i", 4): for i in 0..<count { out[i] = Double(load(Int32.self, i)) }
            case ("i", 8): for i in 0..<count { out[i] = Double(load(Int64.self, i)) }
            case ("u", 1), ("b", 1): for i in 0..<count { out[i] = Double(load(UInt8.self, i)) }
            case ("u", 2): for i in 0..<count { out[i] = Double(load(UInt16.self, i)) }
            case ("u", 4): for i in 0..<count { out[i] = Double(load(UInt32.self, i)) }
            default: for i in 0..<count { out[i] = Double(load(UInt64.self, i)) }
            }
        }
    }
}

/// The Python literal of an .npy header: a dict of string keys to strings, booleans, tuples
/// of integers or (for structured dtypes, refused later) lists.
struct DictLiteralParser {
    enum Value { case string(String), bool(Bool), tuple([Int]), list }
    struct Failure: Error { var message: String }

    private let chars: [Character]
    private var i = 0

    init(text: String) { chars = Array(text) }

    mutating func parseDict() throws(Failure) -> [String: Value] {
        skipSpace()
        try expect("{")
        var out: [String: Value] = [:]
        while true {
            skipSpace()
            if peek == "}" { i += 1; break }
            guard case .string(let key) = try value() else { throw Failure(message: "expected a string key") }
            skipSpace()
            try expect(":")
            skipSpace()
            out[key] = try value()
            skipSpace()
            if peek == "," { i += 1; continue }
            skipSpace()
            try expect("}")
            break
        }
        return out
    }

    private var peek: Character? { i < chars.count ? chars[i] : nil }

    private mutating func skipSpace() {
        while let c = peek, c.isWhitespace { i += 1 }
    }

    private mutating func expect(_ c: Character) throws(Failure) {
        guard peek == c else { throw Failure(message: "expected '\(c)' at offset \(i)") }
        i += 1
    }

    private mutating func value() throws(Failure) -> Value {
        switch peek {
        case "'", "\"":
            let quote = chars[i]
            i += 1
            var s = ""
            while let c = peek, c != quote { s.append(c); i += 1 }
            try expect(quote)
            return .string(s)
        case "(":
            i += 1
            var items: [Int] = []
            while true {
                skipSpace()
                if peek == ")" { i += 1; break }
                var digits = ""
                while let c = peek, c.isASCII, c.isNumber { digits.append(c); i += 1 }
                if peek == "L" { i += 1 }  // Python 2 long
                guard let n = Int(digits) else { throw Failure(message: "expected an integer in the shape at offset \(i)") }
                items.append(n)
                skipSpace()
                if peek == "," { i += 1 } else if peek != ")" { throw Failure(message: "expected ',' or ')' in the shape at offset \(i)") }
            }
            return .tuple(items)
        case "[":
            var depth = 0
            while let c = peek {
                i += 1
                if c == "[" { depth += 1 } else if c == "]" { depth -= 1; if depth == 0 { break } }
            }
            return .list
        case nil:
            throw Failure(message: "unexpected end of the header")
        default:
            if chars[i...].starts(with: "True") { i += 4; return .bool(true) }
            if chars[i...].starts(with: "False") { i += 5; return .bool(false) }
            throw Failure(message: "unexpected value at offset \(i)")
        }
    }
}

extension String {
    var trimmingTrailingSpace: String {
        var s = self
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
