public struct ParseResult: Sendable { public var root: Node?; public var diagnostics: [Diagnostic] }
extension YAMLParser {
    public static func parse(_ text: String, file: String, aliasBudget: Int = 10_000) -> ParseResult { fatalError() }
    public static func parse(bytes: [UInt8], file: String, aliasBudget: Int = 10_000) -> ParseResult { fatalError() }
}
