import Foundation
import NNSpecIR
import XCTest

/// Every convention has its preset, and every preset is a convention's.
final class ConventionRegistryTests: XCTestCase {
    func testEveryConventionCaseHasAPresetNamedAfterIt() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/NNSpecIR/ConventionPreset.swift")
        let text = try String(contentsOf: file, encoding: .utf8)
        let presets = Set(text.matches(of: /static let (\w+) = ConventionPreset\(/).map { String($0.1) })
        XCTAssertEqual(presets, Set(Convention.allCases.map(\.rawValue)), "one preset per Convention case, named after it")
        let dispatched = Set(text.matches(of: /case \.(\w+): return \.(\w+)/).filter { $0.1 == $0.2 }.map { String($0.1) })
        XCTAssertEqual(dispatched, presets, "ConventionPreset.of(_:) returns each convention's own preset")
    }
}
