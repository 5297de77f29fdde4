import Foundation
import NNSpecData
import NNSpecIR
import NNSpecRuntime
import NNSpecSyntax

/// `nnspec run`: load a spec, materialize its data, train as its convention would, and write the
/// results file (or compare it with an earlier one).
public enum Run {
    /// What the training monitors do.
    public enum Diagnose: String, Sendable, CaseIterable {
        /// No monitoring.
        case off
        /// Print the diagnoses on standard error.
        case summary
        /// As summary, and exit 1 when any diagnosis fires.
        case strict
    }

    /// - `output`: where to write the results; default the spec's `outputs.results`.
    /// - `check`: compare the results with this file byte for byte instead of writing them; a
    ///   difference fails with the first differing lines.
    /// - `progressToTerminal`: draw a progress line on standard error as training goes (the
    ///   caller passes true only when standard error is a terminal).
    /// - `overrides`: `key.path=value` set in the spec; the results file records them.
    /// - `diagnose`: nil runs the monitors and prints their diagnoses without changing the
    ///   results file, so checked-in results stay byte-identical; given explicitly (summary or
    ///   strict), the results end with a `diagnoses` list, and strict fails on any diagnosis.
    public static func run(path: String, output: String?, check: String?, progressToTerminal: Bool,
                           overrides: [String] = [], format: DiagnosticFormat = .text, diagnose: Diagnose? = nil) -> CommandOutput {
        var report = DiagnosticReport(format: format, file: path)
        if let unreadable = CommandOutput.unreadableDiagnostic(path) {
            return report.finish(unreadable, exitCode: CommandOutput.Code.usage)
        }
        let loaded = SpecPipeline.load(path: path, overrides: overrides)
        report.add(loaded.diagnostics, sources: loaded.sources)
        guard let spec = loaded.spec else { return report.finish(exitCode: CommandOutput.Code.findings) }
        let data: MaterializedData
        switch DataLoader.materialize(spec) {
        case .success(let d): data = d
        case .failure(let e):
            report.add(e.diagnostics)
            return report.finish(exitCode: CommandOutput.Code.findings)
        }
        let bar = progressToTerminal ? ProgressLine(name: spec.name) : nil
        var result: RunResult
        do {
            result = try Runner.run(spec, data: data, monitoring: diagnose == .off ? nil : MonitorOptions(),
                                    progress: bar.map { b in { b.draw($0) } })
        } catch {
            bar?.clear()
            return report.finish(error.diagnostic(at: .file(path)), exitCode: CommandOutput.Code.findings)
        }
        bar?.clear()
        result.overrides = overrides
        let text = diagnose == nil || diagnose == .off ? result.json : result.jsonWithDiagnoses
        let diagnoses = result.diagnoses ?? []
        if diagnoses.isEmpty, let divergence = result.divergence { report.add([Diagnostic(.runDiverged, divergence.message, at: .file(path))]) }
        report.add(diagnoses.map { $0.diagnostic(at: .file(path)) })
        // --diagnose strict: any diagnosis is a problem with the run.
        let strictFailure = diagnose == .strict && !diagnoses.isEmpty
        func finish(summary: String) -> CommandOutput {
            var out = report.finish(summary: summary)
            if strictFailure && out.exitCode == CommandOutput.Code.ok { out.exitCode = CommandOutput.Code.findings }
            return out
        }

        if let check {
            guard let expected = FileManager.default.contents(atPath: check) else {
                return report.finish(Diagnostic(.ioUnreadable, "cannot read '\(check)'", at: nil), exitCode: CommandOutput.Code.usage)
            }
            if Data(text.utf8) == expected {
                return finish(summary: "\(spec.name): results match \(check)\n")
            }
            let differences = shortDiff(expected: String(decoding: expected, as: UTF8.self), got: text)
            return report.finish(Diagnostic(.runResultsDiffer, "\(spec.name): results differ from \(check)", at: .file(path),
                                            notes: [DiagnosticNote("first differing lines (- \(check), + this run):\n" + differences.dropLast())]),
                                 exitCode: CommandOutput.Code.findings)
        }

        let destination = output ?? spec.results
        do {
            let url = URL(fileURLWithPath: destination)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Written to a temporary file beside it and renamed: readers never see half a file.
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            return report.finish(Diagnostic(.ioUnwritable, "cannot write '\(destination)': \(error.localizedDescription)", at: nil),
                                 exitCode: CommandOutput.Code.usage)
        }
        return finish(summary: summary(result) + " → \(destination)\n")
    }

    private static func summary(_ r: RunResult) -> String {
        var s = "\(r.spec): \(r.status.rawValue) after \(r.epochs) epoch\(r.epochs == 1 ? "" : "s") (\(r.steps) steps, stop: \(r.stop.rawValue))"
        if let loss = r.finalLoss { s += ", loss \(Format.number(loss))" }
        for m in r.finalMetrics where m.name != "loss" {
            s += ", \(r.evaluatedOn) \(m.name) " + (m.value.map(Format.number) ?? "n/a")
        }
        return s
    }

    /// The first few differing lines, numbered, expected then got.
    public static func shortDiff(expected: String, got: String, limit: Int = 5) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = got.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        var shown = 0
        for i in 0 ..< max(a.count, b.count) where shown < limit {
            let x = i < a.count ? String(a[i]) : nil, y = i < b.count ? String(b[i]) : nil
            guard x != y else { continue }
            lines.append("  line \(i + 1):")
            lines.append("    - \(x ?? "(end of file)")")
            lines.append("    + \(y ?? "(end of file)")")
            shown += 1
        }
        let more = zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count) - shown
        if more > 0 { lines.append("  … and \(more) more differing line\(more == 1 ? "" : "s")") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A one-line progress bar on standard error, redrawn in place.
private final class ProgressLine: @unchecked Sendable {
    let name: String
    /// Redrawing costs a write; only a changed percentage is worth one.
    private var lastPercent = -1
    init(name: String) { self.name = name }

    func draw(_ p: RunProgress) {
        let width = 30
        let fraction = p.totalSteps > 0 ? Double(p.steps) / Double(p.totalSteps) : 0
        guard Int(fraction * 100) != lastPercent else { return }
        lastPercent = Int(fraction * 100)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(name) [\(bar)] \(Int(fraction * 100))% step \(p.steps)/\(p.totalSteps) epoch \(p.epochs) loss \(Format.number(p.loss))"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension Diagnosis {
    /// A training monitor's diagnosis as a diagnostic about the spec: its id, when it began, the
    /// cause as a note and the fix-it.
    func diagnostic(at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity, "from step \(step) (epoch \(epoch))" + (layer.map { ", layer '\($0)'" } ?? "") + ": \(message)",
                   at: location, id: id, notes: [DiagnosticNote("cause: \(cause)")], fixIts: fix.map { [FixIt($0)] } ?? [])
    }
}
