import Foundation

/// Locating and reading data files. Paths in a spec are relative to the spec file's directory.
public enum DataFile {
    /// `path` as written in a spec, resolved against the directory of `specFile`; absolute paths
    /// are kept. A spec without a directory (`x.yaml`) resolves against the working directory.
    public static func resolve(_ path: String, relativeTo specFile: String) -> String {
        if path.hasPrefix("/") { return path }
        let dir = (specFile as NSString).deletingLastPathComponent
        return dir.isEmpty ? path : (dir as NSString).appendingPathComponent(path)
    }

    /// The whole file, or an error saying whether it is missing, a directory or unreadable.
    static func readAll(_ path: String) throws(FileError) -> [UInt8] {
        try checkReadable(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path, "cannot read the file", code: .dataFileUnreadable)
        }
        return [UInt8](data)
    }

    /// At most the first `count` bytes (header peeking without reading a whole data set).
    static func readPrefix(_ path: String, count: Int) throws(FileError) -> [UInt8] {
        try checkReadable(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(path, "cannot read the file", code: .dataFileUnreadable)
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw FileError(path, "cannot read the file: \(error.localizedDescription)", code: .dataFileUnreadable)
        }
    }

    /// The file's size in bytes.
    static func size(_ path: String) throws(FileError) -> Int {
        try checkReadable(path)
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attrs[.size] as? NSNumber)?.intValue else {
            throw FileError(path, "cannot read the file's size", code: .dataFileUnreadable)
        }
        return size
    }

    private static func checkReadable(_ path: String) throws(FileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path, "no such file", code: .dataFileUnreadable)
        }
        if isDirectory.boolValue { throw FileError(path, "is a directory, not a data file", code: .dataFileUnreadable) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw FileError(path, "permission denied", code: .dataFileUnreadable)
        }
    }
}
