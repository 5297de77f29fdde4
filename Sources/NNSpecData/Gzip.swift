import CZlib

/// gzip decompression with zlib (Foundation has none on Linux). zlib checks every member's
/// CRC-32 and length, so a corrupt or truncated file is an error, never silently short data.
enum Gzip {
    /// The two magic bytes every gzip member starts with.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Refuse to inflate beyond this (a corrupt length field or a decompression bomb).
    static let maximumOutput = 1 << 31

    /// The most one decompression may produce: `maximumOutput`, or less under a smaller budget.
    static var outputLimit: Int { min(maximumOutput, MemoryBudget.current.bytes) }

    /// Decompresses all members of a gzip stream. With `prefix`, stops as soon as that many
    /// bytes are out, so the input may be just the first part of a file (header peeking).
    static func decompress(_ input: [UInt8], path: String, prefix: Int? = nil) throws(FileError) -> [UInt8] {
        var stream = z_stream()
        let initStatus = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else {
            throw FileError(path, "cannot start gzip decompression (zlib status \(initStatus))")
        }
        defer { inflateEnd(&stream) }

        var capacity: Int
        if let prefix {
            capacity = max(prefix, 1)
        } else {
            // ISIZE, the last member's uncompressed size mod 2^32: a good first guess, but bounded
            // by deflate's best ratio (about 1032:1) so a corrupt trailer cannot make us allocate.
            let n = input.count
            let isize = n >= 4 ? Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24 : 0
            capacity = max(min(isize, n.multipliedReportingOverflow(by: 1032).partialValue, outputLimit, 1 << 26), 1 << 16)
        }
        var out = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        var failure: FileError?

        input.withUnsafeBufferPointer { inBuf in
            guard let inBase = inBuf.baseAddress else {
                failure = FileError(path, "empty file")
                return
            }
            stream.next_in = UnsafeMutablePointer(mutating: inBase)
            stream.avail_in = UInt32(clamping: inBuf.count)
            while true {
                if produced == out.count {
                    let limit = outputLimit
                    guard out.count < limit else {
                        failure = FileError(path, "decompressed data exceeds \(limit) bytes (\(MemoryBudget.describe(limit)), the most one file may decompress to)")
                        return
                    }
                    out.append(contentsOf: repeatElement(0, count: min(out.count, limit - out.count)))
                }
                let room = min(out.count - produced, Int(UInt32.max))
                let status: Int32 = out.withUnsafeMutableBufferPointer { ob in
                    stream.next_out = ob.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                produced += room - Int(stream.avail_out)
                if let prefix, produced >= prefix { return }
                switch status {
                case Z_STREAM_END:
                    let consumed = inBuf.count - Int(stream.avail_in)
                    let rest = inBuf[consumed...]
                    if rest.isEmpty { return }
                    if rest.count >= 2 && rest[consumed] == 0x1f && rest[consumed + 1] == 0x8b {
                        inflateReset(&stream)  // another member follows (concatenated gzip)
                        continue
                    }
                    if rest.allSatisfy({ $0 == 0 }) { return }  // zero padding, as gzip(1) accepts
                    failure = FileError(path, "corrupt gzip file: \(rest.count) unexpected bytes after the end of the compressed data")
                    return
                case Z_OK, Z_BUF_ERROR:
                    if stream.avail_in == 0 && stream.avail_out > 0 {
                        failure = FileError(path, "truncated gzip file: the compressed data ends before its end marker (\(produced) bytes decompressed)")
                        return
                    }
                    // Output full: grow and go on.
                case Z_DATA_ERROR, Z_NEED_DICT:
                    let message = stream.msg.map { String(cString: $0) } ?? "invalid compressed data"
                    switch message {
                    case "incorrect data check":
                        failure = FileError(path, "corrupt gzip file: CRC-32 check failed (the data does not match its checksum)")
                    case "incorrect length check":
                        failure = FileError(path, "corrupt gzip file: length check failed (the data is not as long as the trailer says)")
                    default:
                        failure = FileError(path, "corrupt gzip file: \(message)")
                    }
                    return
                case Z_MEM_ERROR:
                    failure = FileError(path, "out of memory while decompressing")
                    return
                default:
                    failure = FileError(path, "gzip decompression failed (zlib status \(status))")
                    return
                }
            }
        }
        if let failure { throw failure }
        out.removeSubrange(min(produced, prefix ?? produced)...)
        return out
    }
}
