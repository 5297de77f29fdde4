import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading an input file (a spec, an `extends:` base, a data file) with the system's reason for
/// every failure. Only regular files are read: a directory, a FIFO or a device is refused up front
/// (reading a FIFO or `/dev/zero` would block or never end). Symbolic links are followed, and a
/// loop of them is the kernel's "Too many levels of symbolic links", not a walk 40 levels deep.
public enum InputFile {
    /// `cannot read 'PATH': REASON`, where REASON is the system's (strerror) or what the path is.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// The size of the regular file at `path`, or why it cannot be read.
    public static func size(_ path: String) throws(Failure) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(path, errno) }
        try requireRegular(path, info)
        guard access(path, R_OK) == 0 else { throw failure(path, errno) }
        return Int(info.st_size)
    }

    /// Throws unless `path` is a readable regular file.
    public static func checkReadable(_ path: String) throws(Failure) {
        _ = try size(path)
    }

    /// The whole file. `limit` refuses a file larger than that many bytes before reading it.
    public static func read(_ path: String, limit: Int = Int.max) throws(Failure) -> [UInt8] {
        try read(path, upTo: nil, limit: limit)
    }

    /// At most the first `count` bytes.
    public static func readPrefix(_ path: String, count: Int) throws(Failure) -> [UInt8] {
        try read(path, upTo: count, limit: Int.max)
    }

    private static func read(_ path: String, upTo count: Int?, limit: Int) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, errno) }
        try requireRegular(path, info)
        let size = Int(info.st_size)
        if count == nil && size > limit {
            throw Failure(path: path, reason: "the file has \(size) bytes, more than the memory budget of \(limit) bytes")
        }
        let wanted = min(size, count ?? size)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var offset = 0
        while offset < wanted {
            let n = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + offset, wanted - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if n == 0 { break }  // the file shrank while being read
            offset += n
        }
        bytes.removeSubrange(offset...)
        return bytes
    }

    private static func requireRegular(_ path: String, _ info: stat) throws(Failure) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw failure(path, EISDIR)
        case S_IFIFO: throw Failure(path: path, reason: "is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: throw Failure(path: path, reason: "is a device, not a regular file")
        case S_IFSOCK: throw Failure(path: path, reason: "is a socket, not a regular file")
        default: throw Failure(path: path, reason: "is not a regular file")
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> Failure {
        Failure(path: path, reason: systemReason(code))
    }

    /// The system's message for an errno, lowercased to read inside a sentence: "no such file or directory".
    public static func systemReason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// The file's identity (device and inode), the same for every path that reaches it through
    /// links or `..`; nil when it cannot be stat'ed.
    public static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// Which file a path reaches, whatever links or `..` it goes through.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
}

/// read(2); inside `InputFile` the name is its own method.
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
