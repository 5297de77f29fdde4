import Foundation
import NNSpecSyntax

/// `nnspec lint --fix`: applies, in place, each finding's fix-it when it is the finding's only
/// one and carries an exact edit — alternatives are a person's choice. Only the bytes of each
/// edit's range change, so comments and layout stay; a file is replaced atomically (a temporary
/// file in the same directory, with the original's mode, renamed over it), and only if it still
/// holds the text lint read.
enum LintFix {
    struct Outcome {
        /// One line per change, `file:line:col: fixed [id]: old → new`, then a count.
        var report = ""
        var problems: [Diagnostic] = []
        var fixed = 0
    }

    /// The edit `--fix` makes for `d`: its fix-it's, when it offers exactly one and that one is exact.
    static func edit(_ d: Diagnostic) -> SourceEdit? {
        d.fixIts.count == 1 ? d.fixIts[0].edit : nil
    }

    static func apply(_ diagnostics: [Diagnostic], sources: [String: String]) -> Outcome {
        var byFile: [String: [(Diagnostic, SourceEdit)]] = [:]
        for d in diagnostics {
            guard let edit = edit(d) else { continue }
            byFile[edit.range.file, default: []].append((d, edit))
        }
        var outcome = Outcome()
        var files = 0
        for file in byFile.keys.sorted() {
            let wanted = byFile[file]!
            guard let read = sources[file], let current = FileManager.default.contents(atPath: file),
                  [UInt8](current) == Array(read.utf8) else {
                outcome.problems.append(Diagnostic(.ioUnwritable, "not fixed: '\(file)' changed since lint read it", at: .file(file)))
                continue
            }
            let bytes = [UInt8](current)
            let result = SourceEdit.apply(wanted.map(\.1), to: bytes)
            guard !result.applied.isEmpty else { continue }
            do {
                // Through a temporary file and a rename, keeping the mode; a linked spec is written
                // through its link, as `-o` does.
                try OutputFile.write(result.bytes, to: file)
            } catch {
                outcome.problems.append(Diagnostic(.ioUnwritable, error.description, at: nil))
                continue
            }
            files += 1
            for edit in result.applied {
                let id = wanted.first { $0.1 == edit }?.0.id ?? ""
                let old = String(decoding: bytes[edit.range.bytes], as: UTF8.self)
                outcome.report += "\(edit.range.location): fixed [\(id)]: \(old) → \(edit.text)\n"
                outcome.fixed += 1
            }
        }
        if outcome.fixed > 0 {
            outcome.report += "fixed \(outcome.fixed) finding\(outcome.fixed == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        }
        return outcome
    }
}
