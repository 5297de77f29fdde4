import Foundation
import NNSpecIR
import NNSpecSyntax

/// One variant of a sweep: the overrides it adds to the spec, and the files it owns in the
/// sweep directory, all named `NAME.*` where NAME is a stable short hash of its overrides plus
/// its values (`3f9a0c21_seed-7_learning_rate-0.1`).
public struct SweepVariant: Sendable, Equatable {
    public var index: Int
    /// `key=value` per axis, in axis order; `nnspec run SPEC <overrides>` is this variant.
    public var overrides: [String]
    public var name: String
    /// Hash of the spec's canonical form with the overrides applied; nil when it does not load.
    public var effectiveSpec: String?
    /// Why the variant's spec does not load (the first error), when it does not.
    public var invalid: String?

    public var values: [String] { overrides.map { String($0[$0.index(after: $0.firstIndex(of: "=")!)...]) } }
}

/// The variants of `nnspec sweep SPEC --set …`, and the manifest (`sweep.json`) that lets
/// `nnspec sweep collect DIR` rebuild the table without the command line.
public struct SweepPlan: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable { case product, zip }

    public var spec: String
    public var axes: [SweepAxis]
    public var mode: Mode
    public var variants: [SweepVariant]

    /// The most variants one sweep may have; a product past this is refused before any work.
    public static let maxVariants = 1_000_000

    public static let manifestName = "sweep.json"

    /// Cartesian product (the last axis varies fastest) or, with `.zip`, the i-th value of every
    /// axis together (all axes must be as long). Each variant's spec is loaded once to name its
    /// effective form, so resuming knows whether an earlier result still holds.
    public static func make(spec: String, axes: [SweepAxis], mode: Mode) -> Result<SweepPlan, SweepError> {
        guard !axes.isEmpty else { return .failure(SweepError("a sweep needs at least one --set key=values")) }
        let keys = axes.map(\.key)
        if let dup = keys.first(where: { k in keys.filter { $0 == k }.count > 1 }) {
            return .failure(SweepError("--set \(dup) is given twice"))
        }
        var combos: [[String]] = []
        switch mode {
        case .zip:
            let n = axes[0].values.count
            if let other = axes.first(where: { $0.values.count != n }) {
                return .failure(SweepError("--zip needs axes of one length: \(axes[0].key) has \(n) values, \(other.key) has \(other.values.count)"))
            }
            combos = (0..<n).map { i in axes.map { $0.values[i] } }
        case .product:
            var total = 1
            for a in axes {
                let (t, overflow) = total.multipliedReportingOverflow(by: a.values.count)
                guard !overflow, t <= maxVariants else { return .failure(SweepError("the product has more than \(maxVariants) variants")) }
                total = t
            }
            combos = [[]]
            for a in axes { combos = combos.flatMap { c in a.values.map { c + [$0] } } }
        }
        var variants: [SweepVariant] = []
        var names: Set<String> = []
        for (i, values) in combos.enumerated() {
            let overrides = zip(keys, values).map { "\($0)=\($1)" }
            let loaded = SpecPipeline.load(path: spec, overrides: overrides)
            let name = variantName(overrides)
            guard names.insert(name).inserted else { return .failure(SweepError("two variants are the same: \(overrides.joined(separator: " "))")) }
            let firstError = loaded.diagnostics.first { $0.severity == .error }
            variants.append(SweepVariant(
                index: i, overrides: overrides, name: name,
                effectiveSpec: loaded.spec.map { Fingerprint.hex($0.compiledJSON) },
                invalid: loaded.spec == nil ? (firstError?.description ?? "the spec does not load") : nil))
        }
        return .success(SweepPlan(spec: spec, axes: axes, mode: mode, variants: variants))
    }

    /// `<8 hex of the overrides' hash>_<last key segment>-<value>_…`, file-name safe and short;
    /// the hash keeps names unique when values are cut or sanitized alike.
    static func variantName(_ overrides: [String]) -> String {
        let hash = String(Fingerprint.hex(overrides.joined(separator: "\n")).prefix(8))
        var parts: [String] = []
        for o in overrides {
            let eq = o.firstIndex(of: "=")!
            let key = o[..<eq].split(whereSeparator: { $0 == "." }).last.map(String.init) ?? ""
            parts.append(safe(key) + "-" + safe(String(o[o.index(after: eq)...])))
        }
        let tail = parts.joined(separator: "_")
        return tail.isEmpty ? hash : hash + "_" + String(tail.prefix(80))
    }

    private static func safe(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._+-".contains($0)) ? $0 : "~" })
    }

    // MARK: manifest

    var canonical: CanonicalValue {
        .object([
            ("spec", .string(spec)),
            ("mode", .string(mode.rawValue)),
            ("axes", .list(axes.map { .object([("key", .string($0.key)), ("values", .list($0.values.map { .string($0) }))]) })),
            ("variants", .list(variants.map { v in
                var e: [(String, CanonicalValue)] = [("name", .string(v.name)), ("overrides", .list(v.overrides.map { .string($0) }))]
                e.append(("effective_spec", v.effectiveSpec.map { .string($0) } ?? .null))
                if let why = v.invalid { e.append(("invalid", .string(why))) }
                return .object(e)
            })),
        ])
    }

    func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: (directory as NSString).appendingPathComponent(Self.manifestName))
        try Data((CanonicalPrinter.json(canonical) + "\n").utf8).write(to: url, options: .atomic)
    }

    /// Reads `DIR/sweep.json`.
    public static func read(directory: String) -> Result<SweepPlan, SweepError> {
        let path = (directory as NSString).appendingPathComponent(manifestName)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(SweepError("cannot read '\(path)': not a sweep directory"))
        }
        let parsed = YAMLParser.parse(bytes: [UInt8](data), file: path, aliasBudget: 0)
        guard let root = parsed.root, !parsed.hasErrors, root.mapping != nil else {
            return .failure(SweepError("'\(path)' is not a sweep manifest"))
        }
        func text(_ n: Node?) -> String? { if case .string(let s)? = n?.scalarValue { return s } else { return nil } }
        func strings(_ n: Node?) -> [String]? {
            guard let items = n?.sequence else { return nil }
            let s = items.compactMap(text)
            return s.count == items.count ? s : nil
        }
        guard let spec = text(root["spec"]), let mode = text(root["mode"]).flatMap(Mode.init(rawValue:)),
              let axisNodes = root["axes"]?.sequence, let variantNodes = root["variants"]?.sequence else {
            return .failure(SweepError("'\(path)' is not a sweep manifest (spec, mode, axes, variants)"))
        }
        var axes: [SweepAxis] = []
        for a in axisNodes {
            guard let key = text(a["key"]), let values = strings(a["values"]) else {
                return .failure(SweepError("'\(path)': an axis without key and values"))
            }
            axes.append(SweepAxis(key: key, values: values))
        }
        var variants: [SweepVariant] = []
        for (i, v) in variantNodes.enumerated() {
            guard let name = text(v["name"]), let overrides = strings(v["overrides"]), overrides.allSatisfy({ $0.contains("=") }) else {
                return .failure(SweepError("'\(path)': variant \(i) has no name or overrides"))
            }
            variants.append(SweepVariant(index: i, overrides: overrides, name: name,
                                         effectiveSpec: text(v["effective_spec"]), invalid: text(v["invalid"])))
        }
        return .success(SweepPlan(spec: spec, axes: axes, mode: mode, variants: variants))
    }
}

/// A stable hash for names and fingerprints: 64-bit FNV-1a of the UTF-8 bytes, finished with
/// MurmurHash3's fmix64 so that every digit depends on every byte (FNV alone leaves the leading
/// digits of `seed=1` and `seed=2` alike), as 16 hex digits. Not cryptographic: it tells apart
/// specs, not adversaries.
enum Fingerprint {
    static func hex(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
