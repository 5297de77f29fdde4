import Foundation
import NNSpecDiff
import NNSpecIR
import NNSpecResults
import NNSpecLint
import NNSpecPictures
import NNSpecSyntax

/// `nnspec report SPEC…`: one self-contained HTML page. Per spec: the run's summary (from its
/// results file when that is up to date, else a run now — the page says which), its pictures,
/// lint's findings with their positions, for each `mirrors:` spec the semantic diff and the
/// outcomes side by side, and the compiled spec with every value's origin. Each part is the
/// output of the command that owns it (compile's printer, lint, diff, plot), laid out as HTML.
public enum Report {
    /// Inputs with at most this many columns get a fit picture (a slice along input 0).
    static let fitMaxInputs = 4

    /// - `output`: the HTML file to write (atomically); nil writes the page to standard output.
    /// - `forceRun`: run every spec instead of reading up-to-date results files.
    public static func run(paths: [String], output: String?, forceRun: Bool = false) -> CommandOutput {
        guard !paths.isEmpty else { return .usage("give at least one spec") }
        for p in paths { if let failure = CommandOutput.unreadable(p) { return failure } }
        var out = CommandOutput()
        let (html, problems) = page(paths, forceRun: forceRun)
        out.stderr += DiagnosticRenderer().render(problems)
        if !problems.isEmpty { out.exitCode = CommandOutput.Code.findings }
        out.emit(html, to: output, written: "report of \(paths.count) spec\(paths.count == 1 ? "" : "s") → \(output ?? "")\n")
        return out
    }

    /// "X does not load", under the id of the first error that stops it.
    static func notLoading(_ loaded: LoadResult, _ message: String) -> Diagnostic {
        Diagnostic(loaded.diagnostics.first { $0.severity == .error }?.code ?? .specInvalid, message, at: nil)
    }

    /// The page, and what went wrong (a spec that does not load, a run that fails).
    static func page(_ paths: [String], forceRun: Bool = false) -> (String, [Diagnostic]) {
        var html = HTMLPage()
        var problems: [Diagnostic] = []
        let linter = Linter(load: SpecPipeline.load)
        let data = DiffDataSource()
        html.element("h1", "nnspec report")
        html.element("p", "\(paths.count) spec\(paths.count == 1 ? "" : "s"): for each, the run's summary and pictures, lint's findings, the mirrored specs' differences, and the compiled spec with the origin of every value.")
        html.raw("<nav aria-label=\"Specs in this report\"><ul>")
        for (i, path) in paths.enumerated() { html.raw("<li><a href=\"#s\(i)\">\(HTMLPage.escape(path))</a></li>") }
        html.raw("</ul></nav>\n<main>")
        for (i, path) in paths.enumerated() {
            html.raw("<section id=\"s\(i)\" aria-labelledby=\"s\(i)-h\">")
            problems += section(&html, path: path, index: i, linter: linter, data: data, forceRun: forceRun)
            html.raw("</section>")
        }
        html.raw("</main>")
        return (html.document(title: "nnspec report: " + paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")), problems)
    }

    private static func section(_ html: inout HTMLPage, path: String, index i: Int, linter: Linter, data: DiffDataSource, forceRun: Bool) -> [Diagnostic] {
        let loaded = SpecPipeline.load(path: path)
        guard let spec = loaded.spec else {
            html.element("h2", path, attributes: "id=\"s\(i)-h\"")
            html.element("p", "This spec does not load:")
            html.pre(DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics), label: "errors of \(path)")
            return [notLoading(loaded, "\(path) does not load")]
        }
        var problems: [Diagnostic] = []
        html.element("h2", spec.name, attributes: "id=\"s\(i)-h\"")
        html.element("p", "\(spec.file) · convention \(spec.convention.rawValue) · dtype \(spec.dtype.rawValue)")

        // The run.
        html.element("h3", "Run")
        let run: RunSource?
        do {
            run = try RunSource.obtain(spec, sources: loaded.sources.keys.sorted(), data: data, forceRun: forceRun)
        } catch {
            run = nil
            html.element("p", "The run failed: \(error.message)")
            problems.append(Diagnostic(error.code, error.message, at: nil))
        }
        if let run {
            html.element("p", run.provenance)
            summary(&html, run.outcome)
            diagnoses(&html, run.outcome)
            html.element("h3", "Pictures")
            let plotRun = PlotRun(outcome: run.outcome, source: run.source, spec: spec)
            for kind in pictureKinds(spec, data: data) {
                figure(&html, [plotRun], kind: kind, id: "s\(i)-\(kind.rawValue)")
            }
        }

        // Lint.
        html.element("h3", "Lint findings")
        let findings = linter.lint(path: path)
        if findings.isEmpty {
            html.element("p", "No findings.")
        } else {
            html.pre(DiagnosticRenderer(sources: linter.sources).render(findings), label: "lint findings of \(spec.name)")
        }

        // Mirrors.
        for (j, mirror) in spec.mirrors.enumerated() {
            let other = ((spec.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(mirror)
            html.element("h3", "Mirrors \(mirror)")
            let theirs = SpecPipeline.load(path: other)
            guard let b = theirs.spec else {
                html.element("p", "\(other) does not load.")
                problems.append(notLoading(theirs, "\(other) (mirrored by \(spec.name)) does not load"))
                continue
            }
            html.element("p", "A is \(spec.name) (convention \(spec.convention.rawValue)), B is \(b.name) (convention \(b.convention.rawValue)).")
            let diff = SemanticDiff.compare(spec, b, sources: loaded.sources.merging(theirs.sources) { x, _ in x }, data: data)
            html.pre(DiffRendering.body(diff), label: "semantic differences between \(spec.name) and \(b.name)")
            guard let run else { continue }
            do {
                let bRun = try RunSource.obtain(b, sources: theirs.sources.keys.sorted(), data: data, forceRun: forceRun)
                html.element("p", "B's outcome: " + bRun.provenance)
                let o = OutcomeDiff(run.outcome, bRun.outcome, a: run.source, b: bRun.source)
                html.table(caption: "Outcomes, A (\(spec.name)) and B (\(b.name)) side by side", header: ["", "A", "B", ""],
                           rows: o.rows.map { r in [r.name, r.a?.text ?? "—", r.b?.text ?? "—", DiffRendering.mark(r)] })
                html.raw("<ul>")
                for s in DiffRendering.outcomeSentences(o) { html.element("li", s) }
                html.raw("</ul>")
                figure(&html, [PlotRun(outcome: run.outcome, source: run.source, spec: spec), PlotRun(outcome: bRun.outcome, source: bRun.source, spec: b)], kind: .history, id: "s\(i)-m\(j)-history")
            } catch {
                html.element("p", "B's run failed: \(error.message)")
                problems.append(Diagnostic(error.code, error.message, at: nil))
            }
        }

        html.element("h3", "Compiled spec")
        html.element("p", "nnspec compile \(spec.file): every value after extends, convention and defaults, each with its origin as a comment.")
        html.pre(spec.compiledYAML, label: "compiled form of \(spec.name)")
        return problems
    }

    /// The run's summary table.
    private static func summary(_ html: inout HTMLPage, _ o: ResultsFile) {
        func num(_ v: Double?) -> String { v.map(Format.number) ?? "n/a" }
        var rows = [["status", o.status.rawValue], ["stop", o.stop.rawValue], ["epochs", "\(o.epochs)"], ["steps", "\(o.steps)"], ["final loss", num(o.finalLoss)]]
        rows += o.finalMetrics.filter { $0.name != "loss" }.map { ["\($0.name) (\(o.evaluatedOn))", num($0.value)] }
        html.table(caption: "Summary of \(o.spec)", header: ["quantity", "value"], rows: rows)
    }

    /// What the training monitors found: from a fresh run, or from a results file written with
    /// `--diagnose`; a file written without it does not record them, and the page says so.
    private static func diagnoses(_ html: inout HTMLPage, _ o: ResultsFile) {
        html.element("h3", "Diagnoses")
        guard let found = o.diagnoses else {
            html.element("p", "Not recorded: the results file was written without --diagnose (nnspec report --run runs the training monitors).")
            return
        }
        guard !found.isEmpty else {
            html.element("p", "The training monitors found nothing.")
            return
        }
        html.raw("<ul>")
        for d in found {
            html.element("li", d.summaryLines.joined(separator: " "))
        }
        html.raw("</ul>")
    }

    /// The pictures a spec's run gets: always the loss; a fit for few inputs and one output; a
    /// decision boundary for two inputs and one output.
    static func pictureKinds(_ spec: Spec, data: DiffDataSource) -> [Plot.Kind] {
        guard case .success(let d) = data.materialized(spec), spec.model.layers.last?.units == 1, d.trainTargets.columns == 1 else { return [.history] }
        let n = d.trainInputs.columns
        return [.history] + (n == 2 ? [.boundary] : []) + (n <= fitMaxInputs && n != 2 ? [.fit] : [])
    }

    private static func figure(_ html: inout HTMLPage, _ runs: [PlotRun], kind: Plot.Kind, id: String) {
        do {
            let chart = try Plot.chart(runs, options: Plot.Options(kind: kind, id: id))
            guard let svg = chart.svg() else {
                html.element("p", "No \(kind.rawValue) picture: no finite value to draw.")
                return
            }
            html.figure(svg, caption: chart.summary)
        } catch {
            html.element("p", "No \(kind.rawValue) picture: \(error.message)")
        }
    }
}
