import Foundation
import NNSpecSyntax

/// The result of loading a spec: the elaborated spec when there were no errors, every
/// diagnostic found, and the text of each file read (for rendering source lines; an override's
/// text is there under its pseudo-file name, `override N`).
public struct LoadResult: Sendable {
    public var spec: Spec?
    public var diagnostics: [Diagnostic]
    public var sources: [String: String]
}

/// Reads a spec file, overlays it on its `extends:` base, sets the command line's overrides
/// (`key.path=value`, see `Override`), and elaborates it.
public enum SpecLoader {
    /// Loads `path`; relative `extends:` paths resolve against the including file's directory.
    public static func load(path: String, overrides: [String] = []) -> LoadResult {
        var sources = Override.sources(overrides)
        var bag = DiagnosticBag()
        guard let tree = loadTree(path: path, chain: Chain(), sources: &sources, bag: &bag, readFailure: { Diagnostic(.ioUnreadable, $0.description, at: nil) }) else {
            return LoadResult(spec: nil, diagnostics: bag.diagnostics, sources: sources)
        }
        return elaborate(tree, file: path, overrides: overrides, sources: sources, prior: bag)
    }

    /// Loads spec text that is not on disk (tests, stdin). `extends:` resolves against `directory`.
    public static func load(text: String, file: String, overrides: [String] = []) -> LoadResult {
        var sources = Override.sources(overrides)
        sources[file] = text
        var bag = DiagnosticBag()
        let parsed = YAMLParser.parse(text, file: file)
        bag.append(contentsOf: parsed.diagnostics)
        guard let root = parsed.root, !bag.hasErrors else {
            return LoadResult(spec: nil, diagnostics: bag.diagnostics, sources: sources)
        }
        guard let tree = applyExtends(root, file: file, chain: Chain().adding(file), sources: &sources, bag: &bag) else {
            return LoadResult(spec: nil, diagnostics: bag.diagnostics, sources: sources)
        }
        return elaborate(tree, file: file, overrides: overrides, sources: sources, prior: bag)
    }

    private static func elaborate(_ merged: Node, file: String, overrides texts: [String], sources: [String: String], prior: DiagnosticBag) -> LoadResult {
        let ctx = DecodeContext(specFile: file)
        ctx.bag = prior
        let (overrides, malformed) = Override.parseAll(texts)
        ctx.bag.append(contentsOf: malformed)
        ctx.overrideFiles = Set(overrides.map(\.file))
        let tree = Override.apply(overrides, to: merged, bag: &ctx.bag)
        let spec = SpecDecoder(ctx: ctx).decode(tree, file: file)
        let validated = spec.map { SpecValidator.validate($0, ctx: ctx) } ?? nil
        let diags = ctx.bag.diagnostics.sorted(by: { ($0.location ?? SourceLocation(file: "", line: 0, column: 0)) < ($1.location ?? SourceLocation(file: "", line: 0, column: 0)) })
        return LoadResult(spec: ctx.bag.hasErrors ? nil : validated, diagnostics: diags, sources: sources)
    }

    /// `extends:` chains deeper than this are refused (a chain is read once per level, so a
    /// runaway one costs linear time up to here and nothing beyond).
    public static let maximumExtendsDepth = 64

    /// The files of an `extends:` chain so far, as written (for messages) and by identity (so a
    /// cycle through links or `..` is caught at its first repetition).
    private struct Chain {
        var paths: [String] = []
        var identities: Set<FileIdentity> = []

        func adding(_ path: String) -> Chain {
            var next = self
            next.paths.append(path)
            if let id = InputFile.identity(path) { next.identities.insert(id) }
            return next
        }
    }

    private static func loadTree(path: String, chain: Chain, sources: inout [String: String], bag: inout DiagnosticBag,
                                 readFailure: (InputFile.Failure) -> Diagnostic) -> Node? {
        let data: [UInt8]
        do {
            data = try InputFile.read(path)
        } catch {
            bag.append(readFailure(error))
            return nil
        }
        let parsed = YAMLParser.parse(bytes: data, file: path)
        sources[path] = String(decoding: data, as: UTF8.self)
        bag.append(contentsOf: parsed.diagnostics)
        guard let root = parsed.root, !parsed.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return applyExtends(root, file: path, chain: chain.adding(path), sources: &sources, bag: &bag)
    }

    private static func applyExtends(_ root: Node, file: String, chain: Chain, sources: inout [String: String], bag: inout DiagnosticBag) -> Node? {
        guard let ext = root["extends"] else { return root }
        guard case .string(let rel)? = ext.scalarValue else {
            bag.error(.specType, "extends must be a path to a base spec, got \(ext.kindName)", at: ext.location)
            return nil
        }
        let dir = (file as NSString).deletingLastPathComponent
        let basePath = rel.hasPrefix("/") || dir.isEmpty ? rel : (dir as NSString).appendingPathComponent(rel)
        let normalized = (basePath as NSString).standardizingPath
        let identity = InputFile.identity(basePath)
        if identity.map(chain.identities.contains) ?? false
            || chain.paths.contains(where: { ($0 as NSString).standardizingPath == normalized }) {
            bag.error(.specExtends, "extends cycle: \((chain.paths + [basePath]).joined(separator: " → "))", at: ext.location)
            return nil
        }
        if chain.paths.count >= maximumExtendsDepth {
            bag.error(.specExtends, "extends chain deeper than \(maximumExtendsDepth) levels (\(chain.paths[0]) → \(chain.paths[1]) → … → \(basePath))",
                      at: ext.location)
            return nil
        }
        let readFailure = { (f: InputFile.Failure) in
            f.reason == InputFile.systemReason(ENOENT)
                ? Diagnostic(.specExtends, "extends: base spec '\(rel)' not found (looked for \(basePath))", at: ext.location)
                : Diagnostic(.specExtends, "extends: cannot read base spec '\(rel)' (looked for \(basePath)): \(f.reason)", at: ext.location)
        }
        guard let base = loadTree(path: basePath, chain: chain, sources: &sources, bag: &bag, readFailure: readFailure) else { return nil }
        return overlay(base, root)
    }

    static func overlay(_ base: Node, _ top: Node) -> Node {
        guard let b = base.mapping, let t = top.mapping else { return top }
        var merged = b.filter { $0.name != "extends" || t.contains(where: { $0.name == "extends" }) }
        for entry in t {
            if let i = merged.firstIndex(where: { $0.name == entry.name }) {
                merged[i] = MappingEntry(key: entry.key, value: overlay(merged[i].value, entry.value))
            } else {
                merged.append(entry)
            }
        }
        return Node(.mapping(merged), at: top.location)
    }
}
