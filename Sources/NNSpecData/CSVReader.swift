/// Numeric delimited text, as `np.loadtxt(path, delimiter=d, skiprows=1 if header, usecols=cols,
/// ndmin=2)` reads it: always a 2-D array (rows × selected columns), so the rank of targets is
/// decided explicitly in the spec (`column` with `keepdims`), never by how many columns a file has.
///
/// Blank lines and lines starting with `#` are skipped; fields are trimmed of spaces and of one
/// pair of surrounding double quotes. Every data line must have the same number of fields.
public enum CSVReader {
    /// Reads the selected columns (all when nil) as floats.
    public static func read(path: String, columns: [Int]?, header: Bool, delimiter: String) throws(FileError) -> DataArray {
        try decode(DataFile.readAll(path), path: path, columns: columns, header: header, delimiter: delimiter)
    }

    /// The file's bytes as `read` reads them (`path` names it in messages).
    public static func decode(_ bytes: [UInt8], path: String, columns: [Int]?, header: Bool, delimiter: String) throws(FileError) -> DataArray {
        let (rows, width, values) = try scan(bytes, path: path, columns: columns, header: header, delimiter: delimiter, parse: true)
        return DataArray(rows: rows, columns: width, values: values)
    }

    /// The shape `read` would return, without converting any number.
    public static func shape(path: String, columns: [Int]?, header: Bool, delimiter: String) throws(FileError) -> [Int] {
        let bytes = try DataFile.readAll(path)
        let (rows, width, _) = try scan(bytes, path: path, columns: columns, header: header, delimiter: delimiter, parse: false)
        return [rows, width]
    }

    /// One pass over the lines; converts the numbers only when `parse`.
    private static func scan(_ bytes: [UInt8], path: String, columns: [Int]?, header: Bool, delimiter: String,
                             parse: Bool) throws(FileError) -> (rows: Int, columns: Int, values: [Double]) {
        var values: [Double] = []
        let delim = Array(delimiter.utf8)
        guard !delim.isEmpty else { throw FileError(path, "empty delimiter") }
        var rows = 0
        var fieldCount: Int?
        var firstDataLine = 0
        var headerSkipped = !header
        var lineNumber = 0
        var start = 0
        var fields: [Range<Int>] = []
        let n = bytes.count
        while start < n {
            lineNumber += 1
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = next }
            // Blank and comment lines.
            var firstNonSpace = start
            while firstNonSpace < lineEnd && (bytes[firstNonSpace] == 0x20 || bytes[firstNonSpace] == 0x09) { firstNonSpace += 1 }
            if firstNonSpace == lineEnd || bytes[firstNonSpace] == 0x23 { continue }
            if !headerSkipped { headerSkipped = true; continue }

            fields.removeAll(keepingCapacity: true)
            var fieldStart = start, i = start
            while i <= lineEnd - delim.count {
                if bytes[i] == delim[0] && (delim.count == 1 || Array(bytes[i ..< i + delim.count]) == delim) {
                    fields.append(fieldStart ..< i)
                    i += delim.count
                    fieldStart = i
                } else {
                    i += 1
                }
            }
            fields.append(fieldStart ..< lineEnd)

            if let expected = fieldCount {
                if fields.count != expected {
                    throw FileError(path, "this line has \(fields.count) fields, line \(firstDataLine) has \(expected)", line: lineNumber)
                }
            } else {
                fieldCount = fields.count
                firstDataLine = lineNumber
                if let columns, let bad = columns.first(where: { $0 >= fields.count }) {
                    throw FileError(path, "column \(bad) does not exist: the lines have \(fields.count) fields (columns 0…\(fields.count - 1))", line: lineNumber)
                }
            }
            rows += 1
            guard parse else { continue }
            if let columns {
                for c in columns { values.append(try number(bytes, fields[c], column: c, path: path, line: lineNumber)) }
            } else {
                for (c, f) in fields.enumerated() { values.append(try number(bytes, f, column: c, path: path, line: lineNumber)) }
            }
        }
        guard let fieldCount else {
            throw FileError(path, header ? "no data lines after the header" : "no data lines")
        }
        return (rows, columns?.count ?? fieldCount, values)
    }

    private static func number(_ bytes: [UInt8], _ range: Range<Int>, column: Int, path: String, line: Int) throws(FileError) -> Double {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        if hi - lo >= 2 && bytes[lo] == 0x22 && bytes[hi - 1] == 0x22 { lo += 1; hi -= 1 }
        let text = String(decoding: bytes[lo ..< hi], as: UTF8.self)
        if text.isEmpty {
            throw FileError(path, "column \(column) is empty", line: line)
        }
        // Decimal and scientific notation, inf and nan, as Python's float(); not hex floats.
        guard !text.contains("\0"), let v = Double(text), !text.contains(where: { $0 == "x" || $0 == "X" || $0 == "p" || $0 == "P" }) else {
            let shown = text.replacingOccurrences(of: "\0", with: "\\0")
            throw FileError(path, "column \(column): '\(shown)' is not a number", line: line)
        }
        return v
    }
}
