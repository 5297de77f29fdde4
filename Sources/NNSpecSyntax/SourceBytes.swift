/// The raw bytes of a spec file, with the positions libyaml would give them.
///
/// libyaml counts a line break as `\n`, `\r\n`, `\r`, U+0085, U+2028 or U+2029, and a column as one
/// per Unicode scalar; positions computed here follow the same rules so they agree with its marks.
struct SourceBytes {
    let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var i = 0
        while i < bytes.count {
            let width = SourceBytes.lineBreakWidth(bytes, at: i)
            if width > 0 {
                i += width
                starts.append(i)
            } else {
                i += 1
            }
        }
        lineStarts = starts
    }

    /// 1-based line and column of the byte at `offset` (clamped to the text).
    func position(ofByte offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(offset, 0), bytes.count)
        // The last line start at or before `offset`.
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            if !SourceBytes.isContinuation(bytes[i]) { column += 1 }
            i += 1
        }
        return (lo + 1, column)
    }

    /// The byte offset of a 1-based line and column as libyaml counts them (a byte-order mark
    /// before the first line takes no column); nil past the end of the text.
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        let start = line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : lineStarts[line - 1]
        return advance(from: start, columns: column - 1)
    }

    /// The offset `columns` characters after `offset`; nil past the end of the text.
    func advance(from offset: Int, columns: Int) -> Int? {
        var i = offset
        var remaining = columns
        while remaining > 0 {
            guard i < bytes.count else { return nil }
            i += 1
            while i < bytes.count, SourceBytes.isContinuation(bytes[i]) { i += 1 }
            remaining -= 1
        }
        return i
    }

    /// The bytes of line `line` (1-based) up to, not including, its line break; empty past the end.
    func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = start
        while end < bytes.count, SourceBytes.lineBreakWidth(bytes, at: end) == 0 { end += 1 }
        return bytes[start..<end]
    }

    /// The offset of the first byte that does not begin a well-formed UTF-8 sequence (overlong forms,
    /// surrogates and values above U+10FFFF are ill-formed), or nil if all of `bytes` is valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        func continuation(_ j: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            j < n && range.contains(bytes[j])
        }
        while i < n {
            let b = bytes[i]
            switch b {
            case 0x00...0x7F:
                i += 1
            case 0xC2...0xDF where continuation(i + 1):
                i += 2
            case 0xE0 where continuation(i + 1, 0xA0...0xBF) && continuation(i + 2),
                 0xE1...0xEC where continuation(i + 1) && continuation(i + 2),
                 0xED where continuation(i + 1, 0x80...0x9F) && continuation(i + 2),
                 0xEE...0xEF where continuation(i + 1) && continuation(i + 2):
                i += 3
            case 0xF0 where continuation(i + 1, 0x90...0xBF) && continuation(i + 2) && continuation(i + 3),
                 0xF1...0xF3 where continuation(i + 1) && continuation(i + 2) && continuation(i + 3),
                 0xF4 where continuation(i + 1, 0x80...0x8F) && continuation(i + 2) && continuation(i + 3):
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    /// How many bytes the line break at `i` takes, 0 if there is none.
    static func lineBreakWidth(_ b: [UInt8], at i: Int) -> Int {
        guard i < b.count else { return 0 }
        switch b[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
}
