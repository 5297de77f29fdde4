import Foundation
import NNSpecSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file a command produces (`run -o`, `export --output`) without ever replacing what it
/// must not:
/// - absent or a regular file: written to a temporary file in the same directory, then renamed
///   over it, so a reader never sees half a file; an existing file keeps its permission bits;
/// - a symbolic link: written through to the file it points at (as editors do), the link stays;
/// - a character device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a pipe): opened and
///   written directly — renaming over `/dev/null` would turn the device into a plain file;
/// - `-`: the caller's standard output (see `isStandardOutput`).
/// The temporary file is removed on every failure and when SIGINT or SIGTERM arrives meanwhile.
/// Every failure names the path and the system's reason.
public enum OutputFile {
    /// Why a file could not be written: `cannot write 'PATH': REASON`.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// `-` means standard output, as for most Unix tools.
    public static func isStandardOutput(_ path: String) -> Bool { path == "-" }

    /// Symbolic links followed before giving up, as the kernel's own limit (ELOOP).
    static let maximumLinkDepth = 40

    /// Writes `bytes` to `path` as described above. With `createDirectories`, missing parent
    /// directories of a new file are created first.
    public static func write(_ bytes: [UInt8], to path: String, createDirectories: Bool = false) throws(Failure) {
        let target = try resolveLinks(path)
        var info = stat()
        if lstat(target, &info) != 0 {
            guard errno == ENOENT else { throw failure(path, errno) }
            if createDirectories {
                let dir = (target as NSString).deletingLastPathComponent
                if !dir.isEmpty {
                    do {
                        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    } catch {
                        throw Failure(path: path, reason: "cannot create its directory '\(dir)': \(Self.reason(of: error))")
                    }
                }
            }
            try replace(target, with: bytes, mode: nil, reportedAs: path)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            try replace(target, with: bytes, mode: info.st_mode & 0o7777, reportedAs: path)
        case S_IFDIR:
            throw failure(path, EISDIR)
        default:
            try writeDirectly(target, bytes, reportedAs: path)
        }
    }

    /// `path` with every symbolic link along the final component followed; a dangling link
    /// resolves to where it points (the file is then created there).
    static func resolveLinks(_ path: String) throws(Failure) -> String {
        var current = path
        for _ in 0 ..< maximumLinkDepth {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw failure(path, errno) }
            let link = String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let dir = (current as NSString).deletingLastPathComponent
            current = link.hasPrefix("/") || dir.isEmpty ? link : (dir as NSString).appendingPathComponent(link)
        }
        throw failure(path, ELOOP)
    }

    /// The temporary-file-and-rename write. `mode` nil is a new file: the permissions any
    /// newly created file gets (0666 less the umask).
    private static func replace(_ target: String, with bytes: [UInt8], mode: mode_t?, reportedAs path: String) throws(Failure) {
        let dir = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var template = Array(((dir.isEmpty ? "" : dir + "/") + ".\(name).tmp-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw failure(path, errno) }
        let temporary = String(cString: template)
        PendingTemporary.set(temporary)
        var done = false
        defer {
            if !done { unlink(temporary) }
            PendingTemporary.clear()
        }
        try fill(fd, with: bytes, mode: mode ?? newFileMode, reportedAs: path)
        guard rename(temporary, target) == 0 else { throw failure(path, errno) }
        done = true
    }

    /// Writes, sets the mode and syncs the temporary file, then closes it whatever happened.
    private static func fill(_ fd: Int32, with bytes: [UInt8], mode: mode_t, reportedAs path: String) throws(Failure) {
        defer { close(fd) }
        try writeAll(fd, bytes, reportedAs: path)
        guard fchmod(fd, mode) == 0 else { throw failure(path, errno) }
        guard fsync(fd) == 0 else { throw failure(path, errno) }
    }

    private static func writeDirectly(_ target: String, _ bytes: [UInt8], reportedAs path: String) throws(Failure) {
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        try writeAll(fd, bytes, reportedAs: path)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], reportedAs path: String) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            offset += n
        }
    }

    /// 0666 less the process's umask (read once; umask can only be read by setting it).
    private static let newFileMode: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }()

    private static func failure(_ path: String, _ code: Int32) -> Failure {
        Failure(path: path, reason: InputFile.systemReason(code))
    }

    /// The system's reason inside a Foundation error, not "NSCocoaErrorDomain error 512".
    static func reason(of error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return InputFile.systemReason(Int32(underlying.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return InputFile.systemReason(Int32(ns.code)) }
        return ns.localizedDescription
    }
}

/// write(2); inside `OutputFile` the name is its own method.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }

/// The temporary file being written, if any, removed by SIGINT/SIGTERM before the process dies.
/// A signal handler may only touch memory that needs no allocation, so the path is kept as a
/// C string in a fixed buffer.
enum PendingTemporary {
    nonisolated(unsafe) private static var buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
    nonisolated(unsafe) private static var active: Int32 = 0
    private static let installHandlers: Void = {
        buffer[0] = 0
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { sig in
                if PendingTemporary.active != 0 { unlink(PendingTemporary.buffer) }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }()

    static func set(_ path: String) {
        _ = installHandlers
        let c = Array(path.utf8CString.prefix(Int(PATH_MAX)))
        c.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: c.count) }
        buffer[c.count - 1] = 0
        active = 1
    }

    static func clear() { active = 0 }
}
