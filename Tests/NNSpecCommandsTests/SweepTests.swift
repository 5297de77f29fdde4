import Foundation
@testable import NNSpecCommands
import NNSpecResults
import XCTest

/// `nnspec sweep`: axes, variants, names, the local backend's worker processes, resuming,
/// failures, the table and its seed-group aggregates, and the Slurm job-array script.
final class SweepTests: XCTestCase {
    static let root = CLITests.root
    let spec = "specs/first-feature-keras.yaml"

    override func setUp() {
        FileManager.default.changeCurrentDirectoryPath(Self.root.path)
    }

    func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func axis(_ text: String) throws -> SweepAxis { try SweepAxis.parse(text).get() }

    // MARK: axes and plans

    func testAxesAreListsAndInclusiveIntegerRanges() throws {
        XCTAssertEqual(try axis("training.seed=0..3").values, ["0", "1", "2", "3"])
        XCTAssertEqual(try axis("training.seed=3..1").values, ["3", "2", "1"])
        XCTAssertEqual(try axis("optimizer.learning_rate=0.1, 0.01,1e-3").values, ["0.1", "0.01", "1e-3"])
        XCTAssertEqual(try axis("training.seed=0..2,10").values, ["0", "1", "2", "10"])
        XCTAssertEqual(try axis("optimizer={kind: adam, learning_rate: 0.1},{kind: sgd}").values,
                       ["{kind: adam, learning_rate: 0.1}", "{kind: sgd}"])
        for bad in ["training.seed", "=1,2", "training.seed=0..999999999", "training.seed="] {
            XCTAssertThrowsError(try axis(bad), bad)
        }
    }

    func testTheProductVariesTheLastAxisFastestAndZipPairsValues() throws {
        let a = try axis("training.steps=11,21"), b = try axis("data.seed=1..3")
        let product = try SweepPlan.make(spec: spec, axes: [a, b], mode: .product).get()
        XCTAssertEqual(product.variants.map(\.overrides), [
            ["training.steps=11", "data.seed=1"], ["training.steps=11", "data.seed=2"], ["training.steps=11", "data.seed=3"],
            ["training.steps=21", "data.seed=1"], ["training.steps=21", "data.seed=2"], ["training.steps=21", "data.seed=3"],
        ])
        let zipped = try SweepPlan.make(spec: spec, axes: [try axis("training.steps=11,21,31"), b], mode: .zip).get()
        XCTAssertEqual(zipped.variants.map(\.overrides), [["training.steps=11", "data.seed=1"], ["training.steps=21", "data.seed=2"],
                                                          ["training.steps=31", "data.seed=3"]])
        XCTAssertThrowsError(try SweepPlan.make(spec: spec, axes: [a, b], mode: .zip).get())
        XCTAssertThrowsError(try SweepPlan.make(spec: spec, axes: [a, a], mode: .product).get())
    }

    func testVariantNamesAreStableShortHashesPlusValuesAndUnique() throws {
        let plan = try SweepPlan.make(spec: spec, axes: [try axis("optimizer.learning_rate=0.1,0.01"), try axis("training.seed=0..49")], mode: .product).get()
        let names = plan.variants.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(SweepPlan.variantName(["optimizer.learning_rate=0.1", "training.seed=7"]), names[7])
        XCTAssertTrue(names[7].hasSuffix("_learning_rate-0.1_seed-7"), names[7])
        XCTAssertEqual(names[7].prefix(9).last, "_")
        XCTAssertTrue(names[7].prefix(8).allSatisfy(\.isHexDigit))
        // The name depends on the overrides only; the effective spec on what they make.
        XCTAssertNotEqual(plan.variants[0].effectiveSpec, plan.variants[1].effectiveSpec)
    }

    func testAVariantWhoseSpecDoesNotLoadIsInvalidWithTheOverridesError() throws {
        let plan = try SweepPlan.make(spec: spec, axes: [try axis("optimizer.learning_rate=0.1,fast")], mode: .product).get()
        XCTAssertNil(plan.variants[0].invalid)
        XCTAssertNil(plan.variants[1].effectiveSpec)
        XCTAssertTrue(plan.variants[1].invalid?.hasPrefix("override 1:1:25: error[spec-type]: ") ?? false, plan.variants[1].invalid ?? "")
    }

    func testTheManifestReadsBackAsThePlan() throws {
        let dir = try temporaryDirectory()
        let plan = try SweepPlan.make(spec: spec, axes: [try axis("training.steps=11,x"), try axis("data.seed=1,2")], mode: .product).get()
        try plan.write(to: dir)
        XCTAssertEqual(try SweepPlan.read(directory: dir).get(), plan)
    }

    // MARK: the local backend

    func testEachVariantsResultsAreThoseOfAPlainRunAndCollectGivesTheSameTable() throws {
        let dir = try temporaryDirectory()
        var o = Sweep.Options(spec: spec, sets: ["training.steps=11,21", "data.seed=1..2"], executable: try CLITests.binary().path)
        o.workers = 2
        o.directory = dir
        o.format = .csv
        let swept = Sweep.run(o)
        XCTAssertEqual(swept.exitCode, 0, swept.stderr)
        let plan = try SweepPlan.read(directory: dir).get()
        XCTAssertEqual(plan.variants.count, 4)
        for v in plan.variants {
            let plain = (dir as NSString).appendingPathComponent("plain-\(v.index).json")
            let r = Run.run(path: spec, output: plain, check: nil, progressToTerminal: false, overrides: v.overrides)
            XCTAssertEqual(r.exitCode, 0, r.stderr)
            XCTAssertEqual(FileManager.default.contents(atPath: plain), FileManager.default.contents(atPath: SweepDirectory(dir).results(v)), v.name)
        }
        let collected = Sweep.collect(directory: dir, format: .csv)
        XCTAssertEqual(collected.stdout, swept.stdout)
        let lines = swept.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "#,training.steps,data.seed,status,loss,r2")
        XCTAssertTrue(lines[1].hasPrefix("0,11,1,completed,"), String(lines[1]))
        // Seed groups: one per training.steps, with mean/std/min/max over data.seed.
        XCTAssertTrue(lines.contains("training.steps,quantity,n,mean,std,min,max"), swept.stdout)
        XCTAssertEqual(lines.filter { $0.hasPrefix("21,loss,2/2,") }.count, 1, swept.stdout)
    }

    func testAResumedSweepSkipsVariantsWhoseResultsAreCurrent() throws {
        let dir = try temporaryDirectory()
        let counts = Counts()
        var o = Sweep.Options(spec: spec, sets: ["training.steps=11,21,31"], executable: try CLITests.binary().path)
        o.directory = dir
        o.progress = { counts.last = $0 }
        XCTAssertEqual(Sweep.run(o).exitCode, 0)
        XCTAssertEqual(counts.last?.done, 3)
        let plan = try SweepPlan.read(directory: dir).get()
        try FileManager.default.removeItem(atPath: SweepDirectory(dir).results(plan.variants[1]))
        XCTAssertEqual(Sweep.run(o).exitCode, 0)
        XCTAssertEqual(counts.last?.skipped, 2)
        XCTAssertEqual(counts.last?.done, 1)
        // A changed effective spec (here: another data seed for every variant) is not current.
        o.sets = ["training.steps=11,21,31", "data.seed=5"]
        XCTAssertEqual(Sweep.run(o).exitCode, 0)
        XCTAssertEqual(counts.last?.skipped, 0)
    }

    func testADivergedVariantCarriesItsDiagnosis() throws {
        let dir = try temporaryDirectory()
        var o = Sweep.Options(spec: spec, sets: ["optimizer.learning_rate=0.01,1e10", "training.steps=20"], executable: try CLITests.binary().path)
        o.directory = dir
        o.format = .csv
        let r = Sweep.run(o)
        XCTAssertEqual(r.exitCode, 0, "a diverged run is a run: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "#,optimizer.learning_rate,training.steps,status,loss,r2,note")
        XCTAssertTrue(lines[1].hasPrefix("0,0.01,20,completed,"), String(lines[1]))
        XCTAssertTrue(lines[2].hasPrefix("1,1e10,20,diverged,"), String(lines[2]))
        XCTAssertTrue(lines[2].contains("diverged at step"), String(lines[2]))
    }

    func testAFailingVariantIsRecordedAndTheOthersRun() throws {
        let dir = try temporaryDirectory()
        // An nnspec that dies on one variant, as a crash or a killed node would.
        let wrapper = (dir as NSString).appendingPathComponent("flaky-nnspec")
        try """
        #!/bin/sh
        case "$*" in *training.steps=21*) echo "error: simulated crash" >&2; exit 3 ;; esac
        exec '\(try CLITests.binary().path)' "$@"
        """.write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        var o = Sweep.Options(spec: spec, sets: ["training.steps=11,21,31"], executable: wrapper)
        o.directory = (dir as NSString).appendingPathComponent("sweep")
        o.workers = 2
        o.format = .json
        let r = Sweep.run(o)
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("3 variants: 2 completed, 1 failed"), r.stderr)
        XCTAssertTrue(r.stdout.contains("\"status\": \"failed\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"note\": \"error: simulated crash\""), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "\"status\": \"completed\"").count - 1, 2, r.stdout)
    }

    // MARK: the table

    func testSeedGroupsAggregateAndCountAgainstAThreshold() throws {
        let dir = try temporaryDirectory()
        let plan = try SweepPlan.make(spec: spec, axes: [try axis("optimizer.learning_rate=0.1,0.2"), try axis("training.seed=1..4")], mode: .product).get()
        try plan.write(to: dir)
        let d = SweepDirectory(dir)
        // Results as `nnspec run` writes them, with made-up final accuracies.
        let accuracies = [1.0, 0.5, 1.0, 1.0, 0.25, 0.75, 1.0, 0.5]
        for (v, acc) in zip(plan.variants, accuracies) where v.index != 7 {
            try results(loss: 1 - acc, accuracy: acc).write(toFile: d.results(v), atomically: true, encoding: .utf8)
            try SweepDirectory.doneLine(exit: "0", spec: v.effectiveSpec!).write(toFile: d.done(v), atomically: true, encoding: .utf8)
        }
        let out = Sweep.collect(directory: dir, format: .json, counts: ["accuracy >= 0.99"])
        XCTAssertEqual(out.exitCode, 1, "variant 7 is pending")
        let text = Sweep.collect(directory: dir, format: .text, counts: ["accuracy>=0.99"]).stdout
        let table = SweepTable.collect(plan, from: d, counts: [try SweepCount.parse("accuracy>=0.99").get()])
        XCTAssertEqual(table.rows[7].status, "pending")
        let groups = table.groups
        XCTAssertEqual(groups.map(\.values), [["0.1"], ["0.2"]])
        XCTAssertEqual(SweepTable.Stats(groups[0].rows.compactMap { $0.value(of: "accuracy") }),
                       SweepTable.Stats([1.0, 0.5, 1.0, 1.0]))
        let s = try XCTUnwrap(SweepTable.Stats([1.0, 0.5, 1.0, 1.0]))
        XCTAssertEqual(s.mean, 0.875)
        XCTAssertEqual(s.std, ((3 * 0.125 * 0.125 + 0.375 * 0.375) / 4).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.min, 0.5)
        XCTAssertEqual(s.max, 1.0)
        XCTAssertTrue(text.contains("0.1                      count accuracy>=0.99  3/4"), text)
        XCTAssertTrue(text.contains("0.2                      count accuracy>=0.99  1/4"), text)
        XCTAssertTrue(out.stdout.contains("\"accuracy>=0.99\": 3"), out.stdout)
        XCTAssertEqual(Sweep.collect(directory: dir, counts: ["acc>=1"]).exitCode, 2, "an unknown metric is a usage error")
        XCTAssertEqual(Sweep.collect(directory: dir, counts: ["accuracy=1"]).exitCode, 2)
    }

    func testEqualValuesHaveNoSpread() throws {
        let s = try XCTUnwrap(SweepTable.Stats(Array(repeating: 2.0 / 3.0, count: 10)))
        XCTAssertEqual(s.mean, 2.0 / 3.0)
        XCTAssertEqual(s.std, 0)
    }

    func testMarkdownAndCSVEscapeTheirSeparators() {
        let section = SweepReport.Section(title: nil, header: ["a", "b"], rows: [["x|y", "p,\"q\""]])
        XCTAssertEqual(SweepReport.markdown(section), "| a | b |\n|---|---|\n| x\\|y | p,\"q\" |\n")
        XCTAssertEqual(SweepReport.csv(section), "a,b\nx|y,\"p,\"\"q\"\"\"\n")
    }

    // MARK: Slurm

    func testTheSlurmScriptIsOneJobArrayWhoseTaskIRunsVariantI() throws {
        let plan = try SweepPlan.make(spec: spec, axes: [try axis("training.steps=11,oops,31")], mode: .product).get()
        let backend = SlurmBackend(executable: "/opt/nnspec/bin/nnspec",
                                   options: .init(partition: "short", account: "proj1", time: "00:10:00", cpusPerTask: 2, maxConcurrent: 4))
        let script = backend.script(plan, in: SweepDirectory("out/sw"), workdir: "/home/me/exp")
        XCTAssertTrue(script.hasPrefix("#!/bin/bash\n"))
        for line in ["#SBATCH --array=0-2%4", "#SBATCH --partition=short", "#SBATCH --account=proj1", "#SBATCH --time=00:10:00",
                     "#SBATCH --cpus-per-task=2", "#SBATCH --output=/home/me/exp/out/sw/slurm-%A_%a.out", "cd '/home/me/exp' || exit 1",
                     "'/opt/nnspec/bin/nnspec' run 'specs/first-feature-keras.yaml' \"$@\" --output \"$dir/$name.json\" > \"$dir/$name.log\" 2>&1"] {
            XCTAssertTrue(script.contains(line + "\n"), "\(line)\n---\n\(script)")
        }
        XCTAssertTrue(script.contains("  0) name='\(plan.variants[0].name)'; spec_hash=\(plan.variants[0].effectiveSpec!); set -- 'training.steps=11' ;;"), script)
        XCTAssertFalse(script.contains("  1) "), "an invalid variant has no task body: collect reports it")
        XCTAssertTrue(script.contains("  2) name="))
        // Every #SBATCH line comes before the first command, or sbatch ignores it.
        let lines = script.split(separator: "\n")
        let firstCommand = lines.firstIndex { !$0.hasPrefix("#") }!
        XCTAssertFalse(lines[firstCommand...].contains { $0.hasPrefix("#SBATCH") })
    }

    func testASweepOnSlurmCollectsTheSameTableAsTheLocalBackend() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["sinfo", "-h", "-o", "%T"]
        let pipe = Pipe()
        probe.standardOutput = pipe
        probe.standardError = Pipe()
        let states: String
        do {
            try probe.run()
            states = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            probe.waitUntilExit()
        } catch {
            throw XCTSkip("no Slurm here (sinfo cannot run: \(error.localizedDescription)); scripts/slurm-local.sh starts one as root")
        }
        guard probe.terminationStatus == 0, states.contains("idle") || states.contains("mixed") else {
            throw XCTSkip("no Slurm answers (sinfo exit \(probe.terminationStatus), node states '\(states.trimmingCharacters(in: .whitespacesAndNewlines))'); scripts/slurm-local.sh starts one as root")
        }
        let base = try temporaryDirectory()
        let binary = try CLITests.binary().path
        var local = Sweep.Options(spec: spec, sets: ["training.steps=11,21", "data.seed=1..2"], executable: binary)
        local.directory = (base as NSString).appendingPathComponent("local")
        local.format = .csv
        var slurm = local
        slurm.directory = (base as NSString).appendingPathComponent("slurm")
        slurm.backend = .slurm
        slurm.slurm.maxConcurrent = 2
        let l = Sweep.run(local)
        XCTAssertEqual(l.exitCode, 0, l.stderr)
        // Submitted without --wait and polled with a deadline, so a cluster that accepts jobs but
        // never runs them ends this test (skipped, saying so) instead of hanging CI.
        let submitted = Sweep.run(slurm)
        XCTAssertEqual(submitted.exitCode, 0, submitted.stderr)
        let job = try XCTUnwrap(submitted.stdout.split(separator: " ").dropFirst(3).first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ":")) },
                                submitted.stdout)
        let deadline = Date().addingTimeInterval(180)
        var collected = Sweep.collect(directory: slurm.directory!, format: .csv)
        while collected.exitCode != 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 1)
            collected = Sweep.collect(directory: slurm.directory!, format: .csv)
        }
        if collected.exitCode != 0, !collected.stdout.contains(",failed,") {
            let cancel = Process()
            cancel.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            cancel.arguments = ["scancel", job]
            try? cancel.run()
            cancel.waitUntilExit()
            throw XCTSkip("Slurm accepted job \(job) but did not finish it within 180 s (cancelled):\n\(collected.stdout)")
        }
        XCTAssertEqual(collected.exitCode, 0, collected.stdout + collected.stderr)
        XCTAssertEqual(collected.stdout, l.stdout)
    }

    // MARK: helpers

    /// A results file as `nnspec run` writes it, with a made-up final loss and accuracy.
    func results(loss: Double, accuracy: Double) -> String {
        ResultsFile(spec: "x", convention: .keras, dtype: .float32, history: [], finalLoss: loss,
                    finalMetrics: [.init(name: "loss", value: loss), .init(name: "accuracy", value: accuracy)],
                    evaluatedOn: "train", parameters: [], status: .completed, stop: .length, epochs: 1, steps: 1,
                    divergence: nil).json
    }
}

private final class Counts: @unchecked Sendable {
    var last: LocalBackend.Progress?
}
