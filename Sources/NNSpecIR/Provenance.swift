import NNSpecSyntax

/// Where an elaborated value came from, shown by `nnspec compile` next to every value.
public enum Origin: Sendable, Hashable, CustomStringConvertible {
    /// Written in the spec itself.
    case spec
    /// Written in a base file named by `extends:`.
    case extends(String)
    /// Set on the command line (`key.path=value`).
    case override
    /// Filled in by the named convention's preset.
    case convention(Convention)
    /// nnspec's own default, the same for every convention.
    case global
    /// Derived from other values (e.g. an input width from the data).
    case derived
    /// Read from the data, shown by `compile` only (an IDX file's image grid as the input's
    /// shape); the text says what was read.
    case data(String)

    public var description: String {
        switch self {
        case .spec: return "spec"
        case .extends(let f): return "extends \(f)"
        case .override: return "override"
        case .convention(let c): return "convention \(c.rawValue)"
        case .global: return "default"
        case .derived: return "derived"
        case .data(let what): return "data: \(what)"
        }
    }
}

/// Origin and position of each elaborated value, keyed by its dotted path
/// (`model.layers[0].units`). Kept beside the IR so the IR itself stays plain values.
public struct Provenance: Sendable {
    public struct Entry: Sendable {
        public var origin: Origin
        public var location: SourceLocation?
    }

    public private(set) var entries: [String: Entry] = [:]
    public init() {}

    public mutating func record(_ path: String, _ origin: Origin, _ location: SourceLocation?) {
        entries[path] = Entry(origin: origin, location: location)
    }

    public func origin(of path: String) -> Origin? { entries[path]?.origin }

    /// The position of the value at `path`, or of its nearest recorded ancestor, so a finding
    /// about a defaulted value still points somewhere useful in the file.
    public func location(of path: String) -> SourceLocation? { nearest(path) { $0.location } }

    /// What `pick` finds in the entry of `path` or, failing that, of its nearest ancestor
    /// (`a.b[0].c` → `a.b[0]` → `a.b` → `a`) that has it.
    public func nearest<T>(_ path: String, _ pick: (Entry) -> T?) -> T? {
        var p = path
        while true {
            if let e = entries[p], let found = pick(e) { return found }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            p = String(p[..<cut])
        }
    }
}
