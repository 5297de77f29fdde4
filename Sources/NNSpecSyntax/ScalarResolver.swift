/// The tags of the YAML 1.2 core schema, the only explicit tags a spec may use.
enum CoreTag: String, CaseIterable, Sendable {
    case str, int, float, bool, null, map, seq

    static let prefix = "tag:yaml.org,2002:"

    /// The tag as libyaml reports it after resolving the `!!` handle.
    init?(resolved tag: String) {
        guard tag.hasPrefix(CoreTag.prefix) else { return nil }
        self.init(rawValue: String(tag.dropFirst(CoreTag.prefix.count)))
    }

    /// How a user writes it: `!!int`.
    var spelling: String { "!!" + rawValue }

    /// `!!str, !!int, …` for messages.
    static var allSpellings: String { allCases.map(\.spelling).joined(separator: ", ") }

    /// A resolved tag as the user would have written it: `tag:yaml.org,2002:x` → `!!x`,
    /// local tags (`!foo`) as they are, any other URI in verbatim form `!<…>`.
    static func spelling(ofResolved tag: String) -> String {
        if tag.hasPrefix(prefix) { return "!!" + tag.dropFirst(prefix.count) }
        if tag.hasPrefix("!") { return tag }
        return "!<\(tag)>"
    }
}

/// Turns scalar text into a value by the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema).
///
/// Only the core schema's spellings count: `yes`, `no`, `on`, `off` are strings, `0x10` is the
/// integer 16, `1e-3` is a float. Matching is done by hand on the UTF-8 bytes, so that
/// `Double.init` never sees text the schema would not call a float (it would accept `inf`, `0x1p3`).
enum ScalarResolver {
    /// Why a scalar's text could not become the value its tag or form asks for.
    struct Failure: Error, Equatable, Sendable {
        var message: String
    }

    /// The value of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> Result<ScalarValue, Failure> {
        if isNull(text) { return .success(.null) }
        if let b = bool(text) { return .success(.bool(b)) }
        switch integer(text) {
        case .value(let i): return .success(.int(i))
        case .outOfRange: return .failure(outOfRange(text))
        case .notAnInteger: break
        }
        switch float(text) {
        case .value(let d): return .success(.float(d))
        case .outOfRange: return .failure(Failure(message: "number out of range: \(text) is too large for a 64-bit float"))
        case .notAFloat: break
        }
        return .success(.string(text))
    }

    /// The value of a scalar with an explicit scalar tag (`!!int 12`, `!!str yes`); the text must fit the tag.
    /// `!!map` and `!!seq` never fit a scalar.
    static func coerce(_ text: String, to tag: CoreTag) -> Result<ScalarValue, Failure> {
        switch tag {
        case .str:
            return .success(.string(text))
        case .null:
            return isNull(text) ? .success(.null) : .failure(mismatch(text, tag, "null (null, ~ or nothing)"))
        case .bool:
            if let b = bool(text) { return .success(.bool(b)) }
            return .failure(mismatch(text, tag, "a boolean (true or false)"))
        case .int:
            switch integer(text) {
            case .value(let i): return .success(.int(i))
            case .outOfRange: return .failure(outOfRange(text))
            case .notAnInteger: return .failure(mismatch(text, tag, "an integer"))
            }
        case .float:
            switch float(text) {
            case .value(let d): return .success(.float(d))
            case .outOfRange: return .failure(Failure(message: "number out of range: \(text) is too large for a 64-bit float"))
            case .notAFloat: return .failure(mismatch(text, tag, "a number"))
            }
        case .map, .seq:
            let kind = tag == .map ? "a mapping" : "a list"
            return .failure(Failure(message: "tag \(tag.spelling) needs \(kind), but this is a scalar"))
        }
    }

    // MARK: - The schema's forms

    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    enum IntegerMatch: Equatable { case value(Int), outOfRange, notAnInteger }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    static func integer(_ text: String) -> IntegerMatch {
        let u = Array(text.utf8)
        if u.count > 2, u[0] == ascii("0"), u[1] == ascii("o") || u[1] == ascii("x") {
            let digits = u[2...]
            let radix = u[1] == ascii("o") ? 8 : 16
            let fits = radix == 8 ? digits.allSatisfy(isOctalDigit) : digits.allSatisfy(isHexDigit)
            guard fits else { return .notAnInteger }
            return Int(String(decoding: digits, as: UTF8.self), radix: radix).map(IntegerMatch.value) ?? .outOfRange
        }
        var i = 0
        if let first = u.first, first == ascii("+") || first == ascii("-") { i = 1 }
        guard i < u.count, u[i...].allSatisfy(isDigit) else { return .notAnInteger }
        return Int(text).map(IntegerMatch.value) ?? .outOfRange
    }

    enum FloatMatch: Equatable { case value(Double), outOfRange, notAFloat }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    static func float(_ text: String) -> FloatMatch {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .value(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .value(-.infinity)
        case ".nan", ".NaN", ".NAN": return .value(.nan)
        default: break
        }
        guard matchesFloatForm(Array(text.utf8)), let d = Double(text) else { return .notAFloat }
        return d.isFinite ? .value(d) : .outOfRange
    }

    private static func matchesFloatForm(_ u: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < u.count, isDigit(u[i]) { i += 1 }
            return i - start
        }
        if i < u.count, u[i] == ascii("+") || u[i] == ascii("-") { i += 1 }
        if i < u.count, u[i] == ascii(".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < u.count, u[i] == ascii(".") {
                i += 1
                _ = digits()
            }
        }
        if i < u.count, u[i] == ascii("e") || u[i] == ascii("E") {
            i += 1
            if i < u.count, u[i] == ascii("+") || u[i] == ascii("-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == u.count
    }

    // MARK: - Helpers

    private static func mismatch(_ text: String, _ tag: CoreTag, _ expected: String) -> Failure {
        Failure(message: "'\(text)' is not \(expected), as tag \(tag.spelling) requires")
    }

    private static func outOfRange(_ text: String) -> Failure {
        Failure(message: "integer out of range: \(text) does not fit in a 64-bit integer (\(Int.min)...\(Int.max))")
    }

    private static func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(truncatingIfNeeded: c.value) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isOctalDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x37 }
    private static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
}
