import Foundation
import NNSpecIR
import XCTest

/// Every convention has its preset, in a file of its own under Conventions/, and
/// `ConventionPreset.of(_:)` returns it: a preset file the dispatch forgets, or a convention case
/// without one, fails here.
final class ConventionRegistryTests: XCTestCase {
    static let ir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/NNSpecIR")

    func testEveryConventionCaseHasOnePresetFileAndIsDispatchedToIt() throws {
        let dir = Self.ir.appendingPathComponent("Conventions")
        var presets: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            let names = text.matches(of: /static let (\w+) = ConventionPreset\(/).map { String($0.1) }
            XCTAssertEqual(names.count, 1, "\(file): one preset per file")
            presets += names
        }
        XCTAssertEqual(Set(presets), Set(Convention.allCases.map(\.rawValue)), "one preset per Convention case, named after it")
        XCTAssertEqual(presets.count, Convention.allCases.count)
        let dispatch = try String(contentsOf: Self.ir.appendingPathComponent("ConventionPreset.swift"), encoding: .utf8)
        let dispatched = dispatch.matches(of: /case \.(\w+): return \.(\w+)/).filter { $0.1 == $0.2 }.map { String($0.1) }
        XCTAssertEqual(Set(dispatched), Set(presets), "ConventionPreset.of(_:) returns each convention's own preset")
    }
}
