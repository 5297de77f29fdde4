import Foundation
@testable import NNSpecCommands
@testable import NNSpecDiff
import NNSpecIR
import NNSpecResults
import XCTest

/// One results model: what `nnspec run` writes is what `nnspec diff --results` reads, and the
/// outcomes of two files are compared knowing their dtypes.
final class ResultsFileTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs the two-points spec (float32, metrics loss and accuracy) into a file.
    func runTwoPoints() throws -> (spec: String, results: String, file: ResultsFile) {
        let spec = DiffTests.spec("two-points-sgd")
        let path = dir.appendingPathComponent("ours.json").path
        XCTAssertEqual(Run.run(path: spec, output: path, check: nil, progressToTerminal: false).exitCode, 0)
        return (spec, path, try ResultsFile.read(path))
    }

    // MARK: reading

    /// Every checked-in results file read and written again gives its own bytes: the reader
    /// and the writer are one format.
    func testEveryCheckedInResultsFileReadsBackToItsOwnBytes() throws {
        let results = DiffTests.root.appendingPathComponent("results")
        let names = try FileManager.default.contentsOfDirectory(atPath: results.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 20)
        for name in names {
            let path = results.appendingPathComponent(name).path
            let bytes = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(try ResultsFile.read(path).json, bytes, name)
        }
    }

    /// An exported script's file: non-finite numbers as null, no metrics, an `exported` key.
    func testAnExportedScriptsResultsRead() throws {
        let path = try write("exported.json", """
        {"spec": "s", "convention": "torch", "dtype": "float32",
         "history": [{"epoch": 1, "loss": 0.5}, {"epoch": 2, "loss": null}],
         "final": {"loss": null, "metrics": {}, "evaluated_on": "train"},
         "parameters": {"h": {"kernel": [[1.0, null], [0.25, -2.0]], "bias": [0.0, 1.0]}, "o": {"kernel": [[3.0], [4.0]]}},
         "status": "diverged", "stop": "diverged", "epochs": 2, "steps": 2,
         "exported": {"framework": "pytorch", "versions": {"torch": "2.5"}}}
        """)
        let r = try ResultsFile.read(path)
        XCTAssertEqual(r.convention, .torch)
        XCTAssertEqual(r.dtype, .float32)
        XCTAssertEqual(r.history.count, 2)
        XCTAssertTrue(r.history[1].loss.isNaN)
        XCTAssertNil(r.finalLoss)
        XCTAssertTrue(r.finalMetrics.isEmpty)
        XCTAssertEqual(r.parameters.map(\.name), ["h", "o"])
        XCTAssertEqual(r.parameters[0].fanIn, 2)
        XCTAssertEqual(r.parameters[0].fanOut, 2)
        XCTAssertTrue(r.parameters[0].kernel[1].isNaN)
        XCTAssertEqual(r.parameters[0].bias, [0, 1])
        XCTAssertNil(r.parameters[1].bias)
        XCTAssertEqual(r.status, .diverged)
    }

    func testAFileThatIsNotAResultsFileIsRefusedSayingWhy() throws {
        func message(_ text: String) throws -> String {
            let path = try write("bad.json", text)
            do {
                _ = try ResultsFile.read(path)
                return ""
            } catch {
                return error.message
            }
        }
        let base = """
        "spec": "s", "convention": "keras", "dtype": "float64", "history": [], "final": {"loss": 1, "metrics": {}, "evaluated_on": "train"},
        "epochs": 0, "steps": 0
        """
        XCTAssertTrue(try message("[1, 2]").hasSuffix("not a results file (expected a JSON object)"))
        XCTAssertTrue(try message("{\(base), \"parameters\": {}, \"status\": \"done\", \"stop\": \"length\"}")
            .hasSuffix("not a results file (status 'done' is not one nnspec writes)"))
        XCTAssertTrue(try message("{\(base), \"parameters\": {\"h\": {\"kernel\": [[1, 2], [3]]}}, \"status\": \"completed\", \"stop\": \"length\"}")
            .hasSuffix("not a results file (parameters.h.kernel[1] is not a row as long as the first)"))
        XCTAssertTrue(try message("{\(base), \"status\": \"completed\", \"stop\": \"length\"}").hasSuffix("not a results file (no parameters)"))
        XCTAssertTrue(try message("{").contains("is not valid JSON"))
    }

    // MARK: rounding

    /// The rule, in both dtypes: ≤ 4 ulps of the coarser dtype is rounding, more is a difference.
    func testRoundingToleratesFourUlpsOfTheCoarserDtype() {
        let f64 = Rounding(.float64, .float64), f32 = Rounding(.float64, .float32)
        XCTAssertEqual(f32.dtype, .float32)
        XCTAssertEqual(f64.compare(0.1, 0.1), .identical)
        XCTAssertEqual(f64.compare(.nan, .nan), .identical)
        let fourUlps = 0.1 + 4 * (0.1).ulp
        guard case .withinRounding(let r) = f64.compare(0.1, fourUlps) else { return XCTFail("\(f64.compare(0.1, fourUlps))") }
        XCTAssertEqual(r, 4 * (0.1).ulp / fourUlps, accuracy: 1e-30)
        XCTAssertEqual(f64.compare(0.1, 0.1 + 6 * (0.1).ulp), .differs)
        // A float32 run agrees with a float64 one to float32's rounding, not float64's.
        let x = Double(Float(0.1)), y = Double(Float(0.1).nextUp.nextUp.nextUp)
        XCTAssertEqual(f64.compare(x, y), .differs)
        if case .withinRounding = f32.compare(x, y) {} else { XCTFail("3 float32 ulps: \(f32.compare(x, y))") }
        XCTAssertEqual(f32.compare(0.1, 0.1 * (1 + 1e-5)), .differs)
        XCTAssertEqual(f32.compare(1e-30, 0), .differs)
        XCTAssertEqual(f32.compare(.infinity, .greatestFiniteMagnitude), .differs)
    }

    /// nnspec's results against an exported script's of the same run: the script records no
    /// metrics and its numbers agree to the last bits. Not "outcomes differ", and exit 0.
    func testAnExportedRunThatAgreesToRoundingIsNotADifference() throws {
        let ours = try runTwoPoints()
        var theirs = ours.file
        theirs.finalMetrics = []
        theirs.history = theirs.history.map { h in
            var e = h
            e.metrics = []
            e.loss = e.loss.nextUp
            return e
        }
        theirs.finalLoss = theirs.finalLoss?.nextDown
        theirs.parameters = theirs.parameters.map { p in
            var q = p
            q.kernel = q.kernel.map(\.nextUp)
            return q
        }
        let exported = theirs.json.replacingOccurrences(of: "\n}\n", with: ",\n  \"exported\": {\"framework\": \"keras\"}\n}\n")
        let path = try write("exported.json", exported)

        let out = Diff.run(ours.spec, ours.spec, results: [ours.results, path])
        XCTAssertEqual(out.exitCode, 0, out.stdout)
        XCTAssertFalse(out.stdout.contains("outcomes differ"), out.stdout)
        XCTAssertTrue(out.stdout.contains("not recorded in B\n"), out.stdout)
        XCTAssertTrue(out.stdout.contains("  histories: equal within rounding (100 points, largest rel. diff "), out.stdout)
        XCTAssertTrue(out.stdout.contains("  parameters: all 3 equal within rounding (largest rel. diff "), out.stdout)
        XCTAssertTrue(out.stdout.hasSuffix("outcomes equal within rounding (≤ 4 ulps of float32)\n"), out.stdout)

        let o = OutcomeDiff(ours.file, try ResultsFile.read(path), a: "ours", b: "exported")
        XCTAssertEqual(o.verdict, .withinRounding)
        let final = try XCTUnwrap(o.rows.first { $0.name == "final loss" })
        guard case .withinRounding(let rel) = final.comparison else { return XCTFail("\(final.comparison)") }
        XCTAssertGreaterThan(rel, 0)
        XCTAssertLessThan(rel, 1e-15)
        XCTAssertEqual(o.rows.filter { $0.comparison == .notRecorded(in: .b) }.map(\.name), ["loss (train)", "accuracy (train)"])
        XCTAssertTrue(o.rows.allSatisfy { !$0.differs })

        // The JSON carries the typed values and the verdict.
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(DiffRendering.json(SemanticDiff(lines: [], sameMeaning: []),
            try XCTUnwrap(SpecPipeline.load(path: ours.spec).spec), try XCTUnwrap(SpecPipeline.load(path: ours.spec).spec), outcomes: o).utf8)) as? [String: Any])
        let outcomes = try XCTUnwrap(json["outcomes"] as? [String: Any])
        XCTAssertEqual(outcomes["verdict"] as? String, "within_rounding")
        let rows = try XCTUnwrap(outcomes["final"] as? [[String: Any]])
        XCTAssertEqual(rows[0]["comparison"] as? String, "within_rounding")
        XCTAssertEqual(rows[0]["a"] as? Double, ours.file.finalLoss)
        XCTAssertEqual(rows[1]["comparison"] as? String, "not_recorded_in_b")
        XCTAssertTrue(rows[1]["b"] is NSNull)
        XCTAssertEqual(rows.first { $0["name"] as? String == "epochs" }?["a"] as? Int, 100)
    }

    /// Beyond rounding it still differs, with the factor; a metric only one side records does
    /// not make a difference by itself.
    func testADifferenceBeyondRoundingIsReportedWithItsFactor() throws {
        let ours = try runTwoPoints()
        var theirs = ours.file
        theirs.finalMetrics.removeAll { $0.name == "accuracy" }
        theirs.finalLoss = try XCTUnwrap(theirs.finalLoss) * (1 + 1e-5)
        let path = try write("other.json", theirs.json)
        let o = OutcomeDiff(ours.file, try ResultsFile.read(path), a: "ours", b: "other")
        XCTAssertEqual(o.verdict, .differ)
        let final = try XCTUnwrap(o.rows.first)
        XCTAssertEqual(final.comparison, .differs)
        XCTAssertEqual(try XCTUnwrap(final.factor), 1 / (1 + 1e-5), accuracy: 1e-12)
        XCTAssertEqual(o.rows.first { $0.name == "accuracy (train)" }?.comparison, .notRecorded(in: .b))
        XCTAssertEqual(o.rows.first { $0.name == "loss (train)" }?.comparison, .same)
        XCTAssertTrue(DiffRendering.text(o).hasSuffix("outcomes differ\n"))

        // Only a metric missing: identical where both record.
        var fewer = ours.file
        fewer.finalMetrics = []
        let same = OutcomeDiff(ours.file, fewer, a: "ours", b: "fewer")
        XCTAssertEqual(same.verdict, .identical)
        XCTAssertTrue(DiffRendering.text(same).contains("accuracy (train)"), DiffRendering.text(same))
    }
}
