import Foundation
import NNSpecCommands
import NNSpecDiff
import NNSpecIR
import NNSpecPictures
import NNSpecResults
import XCTest

/// `nnspec plot` on the checked-in results of the experiments.
final class PlotTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    func results(_ name: String) -> String { Self.root.appendingPathComponent("results/\(name).json").path }
    var specs: String { Self.root.appendingPathComponent("specs").path }

    func runs(_ names: [String]) throws -> [PlotRun] {
        try names.map { n in
            let loaded = SpecPipeline.load(path: Self.root.appendingPathComponent("specs/\(n).yaml").path)
            return PlotRun(outcome: try ResultsFile.read(results(n)), source: results(n), spec: try XCTUnwrap(loaded.spec))
        }
    }

    func testHistoryChartMarksWhereTwoHistoriesPart() throws {
        let out = Plot.run(results: [results("first-feature-keras"), results("first-feature-tf1")], output: nil, options: Plot.Options())
        XCTAssertEqual(out.exitCode, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("first-feature-tf1 parts from first-feature-keras at step 0"))
        XCTAssertTrue(out.stdout.contains("(log scale)"), "the losses span seven decades")
        XCTAssertTrue(out.stdout.contains(">first-feature-keras</text>"), "legend by spec name")
        XCTAssertFalse(out.stdout.contains("<script"))
        let again = Plot.run(results: [results("first-feature-keras"), results("first-feature-tf1")], output: nil, options: Plot.Options())
        XCTAssertEqual(out.stdout, again.stdout, "the same inputs give the same bytes")
    }

    func testIdenticalHistoriesAreSaidNotHidden() throws {
        let chart = try Plot.chart(try runs(["mnist-l2-lambda0", "mnist-l2-numpy-lambda0"]), options: Plot.Options())
        XCTAssertEqual(chart.notes, ["mnist-l2-numpy-lambda0 and mnist-l2-lambda0: identical histories, one line over the other"])
        XCTAssertTrue(chart.rules.isEmpty)
    }

    func testAMetricAndAnXUnitCanBeChosen() throws {
        let chart = try Plot.chart(try runs(["bump-raw"]), options: Plot.Options(metric: "loss", scale: .linear, x: .step))
        // bump-raw logs every 100 epochs of 10 steps each.
        XCTAssertEqual(chart.lines[0].points.first?.x, 1000)
        XCTAssertEqual(chart.yKind, .linear)
        XCTAssertThrowsError(try Plot.chart(try runs(["bump-raw"]), options: Plot.Options(metric: "val_r2"))) { e in
            XCTAssertEqual((e as? PlotError)?.message, "no run logs 'val_r2'; logged: loss")
        }
    }

    /// The fit's predictions come from the stored parameters through the runtime: on the
    /// training inputs they classify exactly as the run's reported accuracy says.
    func testFitPredictionsReproduceTheReportedAccuracy() throws {
        for (name, accuracy) in [("bump-raw", 2.0 / 3), ("bump-scaled", 1.0)] {
            let run = try XCTUnwrap(try runs([name]).first)
            let outcome = run.outcome
            XCTAssertEqual(outcome.finalMetrics.first { $0.name == "binary_accuracy" }?.value, accuracy)
            let chart = try Plot.chart([run], options: Plot.Options(kind: .fit))
            let data = try XCTUnwrap(chart.scatter.first).points
            let curve = try XCTUnwrap(chart.lines.first).points
            // The curve is sampled on a grid; compare at the grid point nearest each datum.
            var right = 0
            for d in data {
                let p = curve.min { abs($0.x - d.x) < abs($1.x - d.x) }!
                if (p.y > 0.5) == (d.y > 0.5) { right += 1 }
            }
            XCTAssertEqual(Double(right) / Double(data.count), accuracy, accuracy: 0.02, name)
        }
    }

    func testBoundaryOfTheConvergedLogisticRegressionSeparatesTheTwoPoints() throws {
        let chart = try Plot.chart(try runs(["two-points-logreg"]), options: Plot.Options(kind: .boundary))
        let boundary = try XCTUnwrap(chart.lines.first).points.filter { $0.x.isFinite }
        XCTAssertGreaterThan(boundary.count, 10)
        // docs/experiments.md: the L-BFGS boundary is x₁ + x₂ = 3.02.
        for p in boundary { XCTAssertEqual(p.x + p.y, 3.02, accuracy: 0.03) }
        XCTAssertEqual(chart.scatter.map(\.points.count), [1, 1])
    }

    func testPicturesThatDoNotFitTheDataAreRefusedWithAReason() {
        let boundary = Plot.run(results: [results("bump-raw")], output: nil, options: Plot.Options(kind: .boundary), specsDirectory: specs)
        XCTAssertEqual(boundary.exitCode, 1)
        XCTAssertEqual(boundary.stderr, "error[plot-invalid]: --boundary needs 2 inputs; bump-raw's have 1 (use --fit for 1)\n")
        let noSpec = Plot.run(results: [results("bump-raw")], output: nil, options: Plot.Options(kind: .fit), specsDirectory: "/nonexistent")
        XCTAssertEqual(noSpec.exitCode, 1)
        XCTAssertTrue(noSpec.stderr.contains("--fit needs the spec 'bump-raw'"), noSpec.stderr)
        let unreadable = Plot.run(results: ["/nonexistent.json"], output: nil, options: Plot.Options())
        XCTAssertEqual(unreadable.exitCode, 2)
    }
}
