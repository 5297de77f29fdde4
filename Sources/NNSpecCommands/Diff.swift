import Foundation
import NNSpecData
import NNSpecIR
import NNSpecLint
import NNSpecRuntime
import NNSpecSyntax

/// `nnspec diff A B`: what differs in meaning between two specs — after `extends:`, convention
/// presets and defaults — in words and numbers, grouped by data / model / loss / optimizer /
/// loop / other (see `SemanticDiff`); with results files or `--run`, how the outcomes differ.
/// Exit status as diff's: 0 no difference, 1 differences, 2 trouble.
public enum Diff {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    /// - `results`: two results files, A's then B's, whose outcomes to compare.
    /// - `runBoth`: run both specs (in this process, as `nnspec run` would) and compare outcomes.
    public static func run(_ pathA: String, _ pathB: String, format: Format = .text, results: [String] = [],
                           runBoth: Bool = false) -> CommandOutput {
        var out = CommandOutput()
        if !results.isEmpty && results.count != 2 {
            return CommandOutput(stderr: "error: --results takes two files, A's and B's (got \(results.count))\n", exitCode: CommandOutput.Code.usage)
        }
        if !results.isEmpty && runBoth {
            return CommandOutput(stderr: "error: give either --results or --run, not both\n", exitCode: CommandOutput.Code.usage)
        }
        var specs: [Spec] = []
        var sources: [String: String] = [:]
        for path in [pathA, pathB] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                out.stderr += "error: cannot read '\(path)'\n"
                out.exitCode = CommandOutput.Code.usage
                continue
            }
            let loaded = SpecPipeline.load(path: path)
            sources.merge(loaded.sources) { x, _ in x }
            out.stderr += DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics.filter { $0.severity == .error })
            if let s = loaded.spec { specs.append(s) } else { out.exitCode = CommandOutput.Code.usage }
        }
        guard specs.count == 2 else {
            out.exitCode = CommandOutput.Code.usage
            return out
        }
        let data = DiffDataSource()
        let diff = SemanticDiff.compare(specs[0], specs[1], sources: sources, data: data)

        var outcomes: OutcomeDiff?
        do {
            if results.count == 2 {
                outcomes = OutcomeDiff(try Outcome.read(results[0]), try Outcome.read(results[1]))
            } else if runBoth {
                outcomes = OutcomeDiff(try runOutcome(specs[0], data: data), try runOutcome(specs[1], data: data))
            }
        } catch {
            out.stderr += "error: \(error.message)\n"
            out.exitCode = CommandOutput.Code.usage
            return out
        }
        out.stdout = format == .json ? json(diff, specs[0], specs[1], outcomes: outcomes) : text(diff, specs[0], specs[1], outcomes: outcomes)
        out.exitCode = diff.isEmpty && (outcomes?.isIdentical ?? true) ? CommandOutput.Code.ok : CommandOutput.Code.findings
        return out
    }

    private static func runOutcome(_ spec: Spec, data: DiffDataSource) throws(OutcomeError) -> Outcome {
        let d: MaterializedData
        switch data.materialized(spec) {
        case .success(let x): d = x
        case .failure(let e): throw OutcomeError("\(spec.file): cannot build the data: \(e.diagnostics.first?.message ?? "unknown error")")
        }
        do {
            return try Outcome(Runner.run(spec, data: d, monitoring: MonitorOptions()).canonicalWithDiagnoses, source: "run of \(spec.file)")
        } catch let e as RunError {
            throw OutcomeError("\(spec.file): \(e.message)")
        } catch let e as OutcomeError {
            throw e
        } catch {
            throw OutcomeError("\(spec.file): \(error)")
        }
    }

    // MARK: git

    /// `nnspec diff --textconv SPEC`: the flattened listing `git diff` compares (see `Textconv`).
    /// Always exits 0 — git stops on a failing textconv — and prints a spec that does not load
    /// as it is, after a comment saying why.
    public static func textconv(path: String) -> CommandOutput {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            return CommandOutput(stderr: "error: cannot read '\(path)'\n", exitCode: CommandOutput.Code.usage)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let loaded = SpecPipeline.load(text: text, file: Textconv.locate(path))
        guard let spec = loaded.spec else {
            let first = loaded.diagnostics.first { $0.severity == .error }?.message ?? "unknown error"
            return CommandOutput(stdout: "# nnspec: this spec does not load (\(first)); shown as written\n" + text)
        }
        return CommandOutput(stdout: Textconv.listing(spec))
    }

    /// Git's external diff driver (`diff.nnspec.command`): called as
    /// `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`, where the files may be
    /// temporary copies; both versions are read as if they were at PATH, so `extends:` and data
    /// paths resolve in the work tree. Exits 0 whatever differs: git stops on any other status.
    public static func git(_ arguments: [String]) -> CommandOutput {
        guard arguments.count == 7 else {
            return CommandOutput(stderr: "error: --git takes the 7 arguments git passes an external diff (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE), got \(arguments.count)\n",
                                 exitCode: CommandOutput.Code.usage)
        }
        let path = arguments[0], oldFile = arguments[1], newFile = arguments[4]
        // Git passes all-zero ids for the work tree's version.
        func short(_ file: String, _ hex: String) -> String {
            file == "/dev/null" ? "none" : hex.allSatisfy { $0 == "0" } ? "work tree" : String(hex.prefix(7))
        }
        var out = CommandOutput(stdout: "nnspec diff \(path): A \(short(oldFile, arguments[2])), B \(short(newFile, arguments[5]))\n")
        if oldFile == "/dev/null" || newFile == "/dev/null" {
            out.stdout += oldFile == "/dev/null" ? "new spec\n" : "deleted spec\n"
            return out
        }
        var specs: [Spec] = []
        for file in [oldFile, newFile] {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                out.stdout += "cannot read \(file)\n"
                return out
            }
            let loaded = SpecPipeline.load(text: String(decoding: bytes, as: UTF8.self), file: path)
            guard let spec = loaded.spec else {
                let first = loaded.diagnostics.first { $0.severity == .error }?.description ?? "unknown error"
                out.stdout += "\(file == oldFile ? "old" : "new") version does not load: \(first)\n"
                return out
            }
            specs.append(spec)
        }
        let diff = SemanticDiff.compare(specs[0], specs[1])
        out.stdout += body(diff)
        return out
    }

    // MARK: text

    static func text(_ d: SemanticDiff, _ a: Spec, _ b: Spec, outcomes: OutcomeDiff?) -> String {
        var s = "A: \(a.file) (convention \(a.convention.rawValue))\nB: \(b.file) (convention \(b.convention.rawValue))\n\n"
        s += body(d)
        if let o = outcomes { s += "\n" + text(o) }
        return s
    }

    /// The differences by group, then a summary line.
    static func body(_ d: SemanticDiff) -> String {
        var s = ""
        for group in SemanticDiff.Group.allCases {
            let lines = d.lines.filter { $0.group == group }
            guard !lines.isEmpty else { continue }
            s += "\(group.rawValue)\n"
            for l in lines {
                s += "  \(l.text)\n"
                if let n = l.note { s += "      \(n)\n" }
                if let f = l.fix { s += "      to match B: \(f)\n" }
                if (l.group == .data || l.uninterpreted) && !l.leaves.isEmpty && !(l.uninterpreted && l.leaves.count == 1) {
                    s += "      written: " + l.leaves.map { "\($0.path) \($0.change)" }.joined(separator: "; ") + "\n"
                }
            }
        }
        if d.isEmpty {
            s += "no semantic differences\n"
        } else {
            let groups = SemanticDiff.Group.allCases.filter { g in d.lines.contains { $0.group == g } }.map(\.rawValue)
            s += "\n\(Num.count(d.lines.count, "semantic difference")) (\(groups.joined(separator: ", ")))\n"
        }
        if !d.sameMeaning.isEmpty {
            s += "written differently, same meaning: " + d.sameMeaning.map(\.path).joined(separator: ", ") + "\n"
        }
        return s
    }

    static func text(_ o: OutcomeDiff) -> String {
        var s = "outcomes (A: \(o.a), B: \(o.b))\n"
        let width = (o.rows.map(\.name.count).max() ?? 0) + 2
        let widthA = (o.rows.map(\.a.count).max() ?? 0) + 2
        let widthB = (o.rows.map(\.b.count).max() ?? 0) + 2
        func pad(_ x: String, _ w: Int) -> String { x.padding(toLength: max(w, x.count), withPad: " ", startingAt: 0) }
        for r in o.rows {
            let mark = r.differs ? (r.factor.map { SemanticDiff.factorText($0) } ?? "differs") : "same"
            s += "  " + pad(r.name, width) + pad(r.a, widthA) + pad(r.b, widthB) + mark + "\n"
        }
        func num(_ v: Double?) -> String { v.map(NNSpecIR.Format.number) ?? "n/a" }
        switch o.parameters {
        case .identical(let n): s += "  parameters: all \(n) identical\n"
        case .shapes(let what): s += "  parameters: different shapes: \(what)\n"
        case .largest(let layer, let tensor, let index, let x, let y, let d):
            s += "  largest parameter difference: \(Num.g(d)) at \(layer) \(tensor)\(index) (A \(num(x)), B \(num(y)))\n"
        }
        switch o.history {
        case .identical(let n): s += "  histories: identical (\(Num.count(n, "point")))\n"
        case .parts(let at, let what, let x, let y): s += "  histories part at \(at): \(what) \(num(x)) vs \(num(y))\n"
        case .agreeWhereBothLog(let n, let x, let y):
            s += "  histories: agree at the \(Num.count(n, "point")) both log (A logs \(x), B \(y))\n"
        case .noCommonPoints(let x, let y): s += "  histories: no logged point in common (A logs \(x), B \(y))\n"
        }
        s += o.isIdentical ? "outcomes identical\n" : "outcomes differ\n"
        return s
    }

    // MARK: JSON

    static func json(_ d: SemanticDiff, _ a: Spec, _ b: Spec, outcomes: OutcomeDiff?) -> String {
        func side(_ s: Spec) -> CanonicalValue {
            .object([("file", .string(s.file)), ("name", .string(s.name)), ("convention", .string(s.convention.rawValue))])
        }
        func leaf(_ l: SemanticDiff.Leaf) -> CanonicalValue {
            var e: [(String, CanonicalValue)] = [("path", .string(l.path))]
            if let x = l.a { e.append(("a", x)) }
            if let y = l.b { e.append(("b", y)) }
            return .object(e)
        }
        func opt(_ s: String?) -> CanonicalValue { s.map { .string($0) } ?? .null }
        let lines: [CanonicalValue] = d.lines.map { l in
            .object([
                ("group", .string(l.group.rawValue)), ("subject", .string(l.subject)),
                ("a", .string(l.a)), ("b", .string(l.b)), ("factor", l.factor.map { .number($0) } ?? .null),
                ("note", opt(l.note)), ("fix", opt(l.fix)), ("interpreted", .bool(!l.uninterpreted)),
                ("text", .string(l.text)), ("leaves", .list(l.leaves.map(leaf))),
            ])
        }
        var top: [(String, CanonicalValue)] = [
            ("a", side(a)), ("b", side(b)),
            ("semantically_equal", .bool(d.isEmpty)),
            ("differences", .list(lines)),
            ("same_meaning", .list(d.sameMeaning.map(leaf))),
        ]
        if let o = outcomes { top.append(("outcomes", json(o))) }
        return CanonicalPrinter.json(.object(top)) + "\n"
    }

    static func json(_ o: OutcomeDiff) -> CanonicalValue {
        func num(_ v: Double?) -> CanonicalValue { v.map { .number($0) } ?? .null }
        let rows: [CanonicalValue] = o.rows.map { r in
            .object([("name", .string(r.name)), ("a", .string(r.a)), ("b", .string(r.b)), ("differs", .bool(r.differs)),
                     ("factor", num(r.factor))])
        }
        let parameters: CanonicalValue
        switch o.parameters {
        case .identical(let n): parameters = .object([("identical", .bool(true)), ("count", .int(n))])
        case .shapes(let what): parameters = .object([("identical", .bool(false)), ("shapes", .string(what))])
        case .largest(let layer, let tensor, let index, let x, let y, let d):
            parameters = .object([("identical", .bool(false)), ("layer", .string(layer)), ("tensor", .string(tensor)),
                                  ("index", .string(index)), ("a", num(x)), ("b", num(y)), ("difference", num(d))])
        }
        let history: CanonicalValue
        switch o.history {
        case .identical(let n): history = .object([("identical", .bool(true)), ("points", .int(n))])
        case .parts(let at, let what, let x, let y):
            history = .object([("identical", .bool(false)), ("first_difference", .string(at)), ("quantity", .string(what)),
                               ("a", num(x)), ("b", num(y))])
        case .agreeWhereBothLog(let n, let x, let y):
            history = .object([("identical", .bool(false)), ("common_points_agree", .int(n)), ("a_logs", .string(x)), ("b_logs", .string(y))])
        case .noCommonPoints(let x, let y):
            history = .object([("identical", .bool(false)), ("common_points", .int(0)), ("a_logs", .string(x)), ("b_logs", .string(y))])
        }
        return .object([("a", .string(o.a)), ("b", .string(o.b)), ("identical", .bool(o.isIdentical)),
                        ("final", .list(rows)), ("parameters", parameters), ("history", history)])
    }
}
