import Foundation

/// What a command produced: text for stdout and stderr and the process exit code. Commands are
/// library functions so tests call them directly; the `nnspec` executable only prints this.
public struct CommandOutput: Sendable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32

    public init(stdout: String = "", stderr: String = "", exitCode: Int32 = 0) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    /// Exit codes shared by every command.
    public enum Code {
        public static let ok: Int32 = 0
        /// The input has errors (or, for lint --strict, warnings).
        public static let findings: Int32 = 1
        /// Usage or I/O errors: nothing could be checked.
        public static let usage: Int32 = 2
    }

    /// The usage/I-O failure for a spec path that cannot be read, or nil when it can.
    public static func unreadable(_ path: String) -> CommandOutput? {
        unreadableDiagnostic(path).map { failure($0, exitCode: Code.usage) }
    }
}
