import Foundation

/// The files of a sweep directory, named in one place. Each variant NAME owns `NAME.json` (its
/// results, exactly `nnspec run`'s), `NAME.log` (the run's output) and `NAME.done`, one line
/// `exit CODE spec HASH` written when its run ends — by the local backend and by a Slurm task
/// alike, so `collect` reads both the same way.
public struct SweepDirectory: Sendable {
    public var path: String

    public init(_ path: String) { self.path = path }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    func results(_ v: SweepVariant) -> String { file(v.name + ".json") }
    func log(_ v: SweepVariant) -> String { file(v.name + ".log") }
    func done(_ v: SweepVariant) -> String { file(v.name + ".done") }

    /// What `NAME.done` says after a run that exited with `code` (the Slurm script writes it
    /// with shell variables in place of both).
    static func doneLine(exit code: String, spec hash: String) -> String { "exit \(code) spec \(hash)\n" }

    /// The exit code and effective-spec hash a finished run recorded, if it finished.
    func finished(_ v: SweepVariant) -> (exit: Int32, spec: String)? {
        guard let data = FileManager.default.contents(atPath: done(v)) else { return nil }
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 4, words[0] == "exit", let code = Int32(words[1]), words[2] == "spec" else { return nil }
        return (code, String(words[3]))
    }

    /// True when the variant's results exist and were made from the same effective spec: a
    /// resumed sweep skips it.
    func isCurrent(_ v: SweepVariant) -> Bool {
        guard let hash = v.effectiveSpec, let f = finished(v), f.exit == 0, f.spec == hash else { return false }
        return FileManager.default.fileExists(atPath: results(v))
    }

    /// The arguments after `nnspec` that run variant `v` of `spec`.
    func runArguments(spec: String, _ v: SweepVariant) -> [String] {
        ["run", spec] + v.overrides + ["--output", results(v)]
    }
}
