import Foundation
import NNSpecSyntax

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

    /// Writes `text` to `path` through a temporary file renamed into place (readers never see
    /// half a file); a failure is returned as the usage/I-O error to report.
    public static func write(_ text: String, to path: String) -> CommandOutput? {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return nil
        } catch {
            return failure(Diagnostic(.ioUnwritable, "cannot write '\(path)': \(error.localizedDescription)", at: nil), exitCode: Code.usage)
        }
    }

    /// A document (SVG, HTML) on standard output when `path` is nil; else written to `path`
    /// (see `write`) with the line `written` on standard output.
    public mutating func emit(_ document: String, to path: String?, written: String) {
        guard let path else {
            stdout += document
            return
        }
        if let failure = Self.write(document, to: path) {
            stderr += failure.stderr
            exitCode = failure.exitCode
        } else {
            stdout += written
        }
    }
}
