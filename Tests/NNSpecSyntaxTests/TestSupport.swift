import NNSpecSyntax
import XCTest

let specFile = "spec.yaml"

func parse(_ text: String, budget: Int = 10_000) -> ParseResult {
    YAMLParser.parse(text, file: specFile, aliasBudget: budget)
}

/// A step into a node tree: a mapping key or a list index.
enum PathStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case key(String)
    case index(Int)
    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
    var description: String {
        switch self {
        case .key(let k): return k
        case .index(let i): return "[\(i)]"
        }
    }
}

extension Node {
    func at(_ path: [PathStep]) -> Node? {
        var node: Node? = self
        for step in path {
            switch step {
            case .key(let k): node = node?[k]
            case .index(let i):
                guard let items = node?.sequence, items.indices.contains(i) else { return nil }
                node = items[i]
            }
        }
        return node
    }
}

extension SourceLocation {
    var lineColumn: String { "\(line):\(column)" }
}

/// Values compare equal when both are NaN, so `.nan` can sit in a table.
func sameValue(_ a: ScalarValue?, _ b: ScalarValue) -> Bool {
    if case .float(let x)? = a, case .float(let y) = b, x.isNaN, y.isNaN { return true }
    return a == b
}

/// The only error of a result, failing the test if there is not exactly one.
func singleError(_ result: ParseResult, _ input: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    let errors = result.diagnostics.filter { $0.severity == .error }
    XCTAssertEqual(errors.count, 1, "expected one error for \(input.debugDescription), got \(errors)", file: file, line: line)
    XCTAssertNil(result.root, "no root when there is an error", file: file, line: line)
    return errors.first
}
