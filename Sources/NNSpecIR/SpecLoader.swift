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
        guard let tree = loadTree(path: path, chain: [], sources: &sources, bag: &bag) else {
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
        guard let tree = applyExtends(root, file: file, chain: [file], sources: &sources, bag: &bag) else {
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

    private static func loadTree(path: String, chain: [String], sources: inout [String: String], bag: inout DiagnosticBag) -> Node? {
        guard let data = FileManager.default.contents(atPath: path) else {
            bag.error(.ioUnreadable, "cannot read spec file '\(path)'", at: nil)
            return nil
        }
        let parsed = YAMLParser.parse(bytes: [UInt8](data), file: path)
        sources[path] = String(decoding: data, as: UTF8.self)
        bag.append(contentsOf: parsed.diagnostics)
        guard let root = parsed.root, !parsed.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return applyExtends(root, file: path, chain: chain + [path], sources: &sources, bag: &bag)
    }

    /// If `root` names a base with `extends:`, returns the base overlaid by `root`: mappings merge
    /// key by key (recursively), anything else in `root` replaces the base's value whole.
    private static func applyExtends(_ root: Node, file: String, chain: [String], sources: inout [String: String], bag: inout DiagnosticBag) -> Node? {
        guard let ext = root["extends"] else { return root }
        guard case .string(let rel)? = ext.scalarValue else {
            bag.error(.specType, "extends must be a path to a base spec, got \(ext.kindName)", at: ext.location)
            return nil
        }
        let dir = (file as NSString).deletingLastPathComponent
        let basePath = rel.hasPrefix("/") || dir.isEmpty ? rel : (dir as NSString).appendingPathComponent(rel)
        let normalized = (basePath as NSString).standardizingPath
        if chain.contains(where: { ($0 as NSString).standardizingPath == normalized }) {
            bag.error(.specExtends, "extends cycle: \((chain + [basePath]).joined(separator: " → "))", at: ext.location)
            return nil
        }
        guard FileManager.default.fileExists(atPath: basePath) else {
            bag.error(.specExtends, "extends: base spec '\(rel)' not found (looked for \(basePath))", at: ext.location)
            return nil
        }
        guard let base = loadTree(path: basePath, chain: chain, sources: &sources, bag: &bag) else { return nil }
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
