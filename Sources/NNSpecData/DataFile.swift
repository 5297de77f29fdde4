import Foundation
import NNSpecSyntax

/// Locating and reading data files. Paths in a spec are relative to the spec file's directory.
public enum DataFile {
    /// `path` as written in a spec, resolved against the directory of `specFile`; absolute paths
    /// are kept. A spec without a directory (`x.yaml`) resolves against the working directory.
    public static func resolve(_ path: String, relativeTo specFile: String) -> String {
        if path.hasPrefix("/") { return path }
        let dir = (specFile as NSString).deletingLastPathComponent
        return dir.isEmpty ? path : (dir as NSString).appendingPathComponent(path)
    }

    /// The whole file, or the system's reason it cannot be read (missing, a directory, a FIFO…);
    /// a file larger than the memory budget is refused before it is read.
    static func readAll(_ path: String) throws(FileError) -> [UInt8] {
        do { return try InputFile.read(path, limit: MemoryBudget.current.bytes) } catch { throw FileError(path, error.reason, code: .dataFileUnreadable) }
    }

    /// At most the first `count` bytes (header peeking without reading a whole data set).
    static func readPrefix(_ path: String, count: Int) throws(FileError) -> [UInt8] {
        do { return try InputFile.readPrefix(path, count: count) } catch { throw FileError(path, error.reason, code: .dataFileUnreadable) }
    }
}
