import Foundation
import NNSpecData
import NNSpecIR
import NNSpecSyntax

/// One lint run over any number of specs. Each spec is loaded, and its data materialized, at
/// most once per run, whether it is linted itself or named by another's `mirrors:`.
public final class Linter {
    public typealias Loader = (String) -> LoadResult

    public let rules: [any LintRule.Type]
    private let load: Loader
    private let dataSource: any LintDataSource
    private var cache: [String: Loaded] = [:]
    private var dataCache: [DataIdentity: SharedData] = [:]

    private struct Loaded {
        var result: LoadResult
        var context: LintContext?
    }

    /// `load` turns a path into an elaborated spec; commands pass their pipeline (which adds the
    /// data-shape checks), tests the plain `SpecLoader`.
    public init(rules: [any LintRule.Type] = RuleRegistry.rules,
                dataSource: any LintDataSource = DataLoaderSource(),
                load: @escaping Loader = { SpecLoader.load(path: $0) }) {
        self.rules = rules
        self.dataSource = dataSource
        self.load = load
    }

    /// Text of every file read so far, for rendering source lines.
    public var sources: [String: String] {
        cache.values.reduce(into: [:]) { acc, l in acc.merge(l.result.sources) { a, _ in a } }
    }

    /// Every finding for the spec at `path`: the loader's diagnostics, then each enabled rule's,
    /// minus those the spec or a comment disables, in file order.
    public func lint(path: String) -> [Diagnostic] {
        let loaded = context(for: path)
        var out = loaded.result.diagnostics
        guard let ctx = loaded.context else { return out }
        var found: [Diagnostic] = []
        for rule in rules {
            if let r = rule as? any SpecRule.Type {
                found += r.init().check(ctx)
            }
        }
        for target in ctx.mirrors {
            guard let other = target.context else { continue }
            let mc = MirrorContext(this: ctx, other: other, declaration: target.location, otherName: target.path)
            for rule in rules {
                if let r = rule as? any MirrorRule.Type { found += r.init().check(mc) }
            }
        }
        let suppressions = Suppressions(spec: ctx.spec, sources: ctx.sources)
        out += found.filter { !suppressions.disables($0) }.map { d in
            // A value inherited through `extends:` is reported where it is written; say for whom.
            guard let file = d.location?.file, file != ctx.spec.file else { return d }
            var d = d
            d.notes.append(DiagnosticNote("found linting \(ctx.spec.file), which takes this value from \(file)"))
            return d
        }
        // Data that cannot be built is an error of the spec, whatever the rules could say.
        if case .failure(let e) = ctx.data { out += e.diagnostics }
        return out.sorted(by: Linter.order)
    }

    /// Every finding for the specs at `paths`, in the order given. A finding several specs share
    /// (a value in a base they all extend, an error in a base) is reported once, with a note
    /// naming the other specs it applies to.
    public func lint(paths: [String]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for path in paths {
            for d in lint(path: path) {
                let identity = "\(d.id ?? "")|\(d.location?.description ?? "")|\(d.message)"
                if let i = seen[identity] {
                    let note = "also found linting \(Linter.normalize(path))"
                    if !out[i].notes.contains(where: { $0.message == note }) { out[i].notes.append(DiagnosticNote(note)) }
                    continue
                }
                seen[identity] = out.count
                out.append(d)
            }
        }
        return out
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let la = a.location ?? SourceLocation(file: "", line: 0, column: 0)
        let lb = b.location ?? SourceLocation(file: "", line: 0, column: 0)
        return la != lb ? la < lb : (a.id ?? "") < (b.id ?? "")
    }

    private func key(_ path: String) -> String { Linter.normalize(path) }

    /// `a/b/../c` → `a/c`, `./a` → `a`: the same file by the same name however it was reached,
    /// without making relative paths absolute.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if c == "..", absolute, parts.isEmpty { continue }
            parts.append(c)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    private func context(for path: String) -> Loaded {
        let path = key(path)
        if let c = cache[path] { return c }
        let result = load(path)
        var loaded = Loaded(result: result, context: nil)
        if let spec = result.spec, !result.diagnostics.contains(where: { $0.severity == .error }) {
            let key = DataIdentity(spec)
            let shared = dataCache[key] ?? SharedData(spec: spec, source: dataSource)
            dataCache[key] = shared
            loaded.context = LintContext(spec: spec, sources: result.sources, shared: shared)
        }
        cache[path] = loaded
        if let ctx = loaded.context { ctx.mirrors = resolveMirrors(ctx) }
        return loaded
    }

    private func resolveMirrors(_ ctx: LintContext) -> [MirrorTarget] {
        let spec = ctx.spec
        let dir = (spec.file as NSString).deletingLastPathComponent
        let nodes = ctx.tree?["mirrors"].map { $0.sequence ?? [$0] } ?? []
        return spec.mirrors.enumerated().map { i, rel in
            let resolved = Linter.normalize(rel.hasPrefix("/") || dir.isEmpty ? rel : (dir as NSString).appendingPathComponent(rel))
            let at = i < nodes.count ? nodes[i].location : ctx.start
            var target = MirrorTarget(path: rel, resolvedPath: resolved, location: at)
            if key(resolved) == key(spec.file) {
                target.problem = "a spec cannot mirror itself"
            } else if !FileManager.default.fileExists(atPath: resolved) {
                target.problem = "'\(rel)' not found (looked for \(resolved))"
            } else {
                let other = context(for: resolved)
                if let c = other.context {
                    target.context = c
                } else {
                    let first = other.result.diagnostics.first { $0.severity == .error }
                    target.problem = "'\(rel)' does not load: \(first?.description ?? "unknown error")"
                }
            }
            return target
        }
    }
}

/// Rule ids switched off for a spec (`lint: {disable: [...]}`) and for single lines by a
/// comment `# nnspec-lint: disable=ID[,ID…]` on the finding's line or the line above it.
struct Suppressions {
    static let marker = "nnspec-lint:"
    let disabled: Set<String>
    let sources: [String: String]
    private var lineCache: [String: [Substring]] = [:]

    init(spec: Spec, sources: [String: String]) {
        disabled = Set(spec.disabledRules)
        self.sources = sources
        for (f, text) in sources { lineCache[f] = text.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    func disables(_ d: Diagnostic) -> Bool {
        guard let id = d.id else { return false }
        if disabled.contains(id) { return true }
        guard let loc = d.location, let lines = lineCache[loc.file] else { return false }
        for n in [loc.line, loc.line - 1] where n >= 1 && n <= lines.count {
            let ids = Suppressions.ids(in: lines[n - 1])
            if ids.contains(id) || ids.contains("all") { return true }
        }
        return false
    }

    /// The ids a line's `# nnspec-lint: disable=…` comment names, with their columns.
    static func comment(in line: Substring) -> [(id: String, column: Int)] {
        guard let hash = line.firstIndex(of: "#") else { return [] }
        let rest = line[hash...]
        guard let m = rest.range(of: marker) else { return [] }
        var tail = rest[m.upperBound...].drop(while: { $0 == " " })
        guard tail.hasPrefix("disable=") else { return [] }
        tail = tail.dropFirst("disable=".count)
        var out: [(String, Int)] = []
        var start = tail.startIndex
        var i = tail.startIndex
        func flush() {
            let id = String(tail[start..<i])
            if !id.isEmpty { out.append((id, line.distance(from: line.startIndex, to: start) + 1)) }
        }
        while i < tail.endIndex, tail[i] != " ", tail[i] != "\t" {
            if tail[i] == "," { flush(); start = tail.index(after: i) }
            i = tail.index(after: i)
        }
        flush()
        return out
    }

    static func ids(in line: Substring) -> Set<String> { Set(comment(in: line).map(\.id)) }
}
