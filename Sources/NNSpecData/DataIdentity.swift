import Foundation
import NNSpecIR

/// When two specs build the same data: the same canonical `data:` section, read from the same
/// directory (against which its relative file paths resolve). Lint shares one materialization
/// between such specs and diff caches by it; both ask here.
public struct DataIdentity: Hashable, Sendable {
    /// The directory of the spec file.
    public var directory: String
    /// The canonical data section as JSON.
    public var section: String

    public init(_ spec: Spec) {
        directory = (spec.file as NSString).deletingLastPathComponent
        section = CanonicalPrinter.json(spec.data.canonical)
    }

    /// The data section reads files (csv, npy, idx), so the same text names different data in
    /// different directories.
    public var readsFiles: Bool { ["\"csv\"", "\"npy\"", "\"idx\""].contains { section.contains($0) } }
}
