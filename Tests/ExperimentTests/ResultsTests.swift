import Foundation
import XCTest

/// results/ holds one results file per spec in specs/, named after it, in the format of
/// `nnspec run` (history, final, parameters). `.ci/run` re-runs every one of them with
/// `nnspec run SPEC --check results/NAME.json`, which fails on any differing byte.
final class ResultsTests: XCTestCase {
    func testEverySpecHasItsResultsAndNoResultIsOrphaned() throws {
        let specs = Repo.specNames
        XCTAssertGreaterThanOrEqual(specs.count, 20)
        let dir = Repo.root.appendingPathComponent("results").path
        let results = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.sorted()
        XCTAssertEqual(results, specs)
    }

    func testResultsHaveTheRunFormat() throws {
        for name in Repo.specNames {
            let json = try CheckedIn.json(name)
            XCTAssertEqual(json["spec"] as? String, name)
            XCTAssertNotNil(json["history"] as? [Any], name)
            let final = try XCTUnwrap(json["final"] as? [String: Any], name)
            XCTAssertNotNil(final["metrics"] as? [String: Any], name)
            XCTAssertNotNil(json["parameters"] as? [String: Any], name)
            XCTAssertEqual(json["status"] as? String, "completed", name)
        }
    }
}
