import Foundation
import NNSpecDiff
import NNSpecIR
import NNSpecResults

/// Where a report takes a spec's outcome from: its results file when that is this spec's (same
/// name) and not older than the spec and every file it extends, else a run now. The report says
/// which. "Not older" allows `slack`: a checkout writes all files within moments, in any order.
struct RunSource {
    var outcome: ResultsFile
    /// The results file read, or "run of SPEC".
    var source: String
    /// A sentence for the reader: "read from results/x.json (…)" or "run now: …".
    var provenance: String

    /// `sources`: the files the spec was loaded from (the spec and its `extends:` bases).
    /// - `forceRun`: run even when the results file is up to date.
    static func obtain(_ spec: Spec, sources: [String], data: DiffDataSource, forceRun: Bool = false) throws(ResultsFileError) -> RunSource {
        let fm = FileManager.default
        let slack: TimeInterval = 2
        func modified(_ path: String) -> Date? { (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date }
        let results = spec.results
        let why: String
        if forceRun {
            why = "the report was asked to run every spec"
        } else if let stamp = modified(results) {
            let newer = sources.filter { s in modified(s).map { $0.timeIntervalSince(stamp) > slack } ?? true }
            if newer.isEmpty, let outcome = try? ResultsFile.read(results), outcome.spec == spec.name {
                return RunSource(outcome: outcome, source: results, provenance: "Read from \(results), which is not older than \(sources.joined(separator: " and ")) (nnspec report --run runs it instead).")
            }
            why = newer.isEmpty ? "\(results) is not this spec's results file" : "\(results) is older than \(newer.joined(separator: " and "))"
        } else {
            why = "there is no \(results)"
        }
        let outcome = try Diff.runOutcome(spec, data: data)
        return RunSource(outcome: outcome, source: "run of \(spec.file)", provenance: "Run now, because \(why).")
    }
}
