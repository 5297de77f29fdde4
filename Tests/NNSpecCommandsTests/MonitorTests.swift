import Foundation
import NNSpecCommands
import NNSpecData
import NNSpecIR
import NNSpecLint
import NNSpecNumerics
import NNSpecRuntime
import XCTest

/// The training monitors of `nnspec run`: each documents and tests itself with its examples, they
/// name the pathologies of the checked-in experiments and of a labelled corpus without a false
/// positive on its healthy half, and watching a run never changes a byte of its result.
final class MonitorTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private static let specs = root.appendingPathComponent("specs")
    private static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/monitor-corpus")

    /// Loads and materializes a spec (from text when given, as if at `path`).
    private func load(path: String, text: String? = nil) throws -> (Spec, MaterializedData) {
        let loaded = text.map { SpecPipeline.load(text: $0, file: path) } ?? SpecPipeline.load(path: path)
        guard let spec = loaded.spec else {
            throw RunError("\(path) does not load: \(loaded.diagnostics.map(\.description))")
        }
        switch DataLoader.materialize(spec) {
        case .success(let data): return (spec, data)
        case .failure(let e): throw RunError("\(path): \(e.diagnostics.map(\.description))")
        }
    }

    private func diagnoses(path: String, text: String? = nil) throws -> [Diagnosis] {
        let (spec, data) = try load(path: path, text: text)
        return try Runner.run(spec, data: data, monitoring: MonitorOptions()).diagnoses ?? []
    }

    // MARK: the monitors document themselves

    func testEveryMonitorDocumentsItself() {
        let lintIDs = Set(RuleRegistry.ids)
        var seen: Set<String> = []
        for d in MonitorRegistry.descriptions {
            XCTAssert(seen.insert(d.id).inserted, "duplicate id \(d.id)")
            XCTAssertFalse(lintIDs.contains(d.id), "\(d.id): a monitor id must not be a lint rule's (explain reads both)")
            XCTAssert(d.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(d.id): ids are kebab-case")
            XCTAssertFalse(d.name.isEmpty, d.id)
            XCTAssertFalse(d.summary.contains("\n"), "\(d.id): the summary is one line")
            XCTAssertGreaterThan(d.explanation.count, 200, "\(d.id): define it, with its thresholds")
            XCTAssertGreaterThan(d.citation.count, 20, "\(d.id): say where the definition comes from")
            XCTAssertFalse(d.triggering.isEmpty, "\(d.id): needs a triggering example")
            XCTAssertFalse(d.nonTriggering.isEmpty, "\(d.id): needs a non-triggering example")
        }
    }

    func testEveryTriggeringExampleDrawsItsMonitorAndNoNonTriggeringOneDoes() throws {
        for d in MonitorRegistry.descriptions {
            for (i, text) in d.triggering.enumerated() {
                let found = try diagnoses(path: "\(d.id)-\(i).yaml", text: text)
                XCTAssertEqual(found.filter { $0.id == d.id }.count, 1, "\(d.id) triggering[\(i)]: \(found.map(\.headline))")
            }
            for (i, text) in d.nonTriggering.enumerated() {
                let found = try diagnoses(path: "\(d.id)-n\(i).yaml", text: text)
                XCTAssertEqual(found.map(\.id), [], "\(d.id) nonTriggering[\(i)]: \(found.map(\.headline))")
            }
        }
    }

    func testExplainListsAndDocumentsMonitorsBesideLintRules() {
        let list = Explain.run(id: nil)
        XCTAssertTrue(list.stdout.contains("penalty-scope"), list.stdout)
        for d in MonitorRegistry.descriptions { XCTAssertTrue(list.stdout.contains(d.id), d.id) }
        let page = Explain.run(id: "identical-units")
        XCTAssertEqual(page.exitCode, 0)
        XCTAssertTrue(page.stdout.contains("training monitor"), page.stdout)
        XCTAssertTrue(page.stdout.contains("Definition from: Goodfellow"), page.stdout)
        XCTAssertTrue(page.stdout.contains("kernel_initializer: {constant: 0.1}"), page.stdout)
        let unknown = Explain.run(id: "identical-unit")
        XCTAssertEqual(unknown.exitCode, 2)
        XCTAssertTrue(unknown.stderr.contains("did you mean 'identical-units'?"), unknown.stderr)
    }

    // MARK: the experiments

    /// bump-raw saturates from the start; mnist-l2's zero init leaves its hidden units
    /// identical; the Keras "2" fit collapses under its penalty; TF1's broadcast learns the
    /// mean; the fixed variants draw nothing.
    func testTheExperimentsPathologiesAreNamedAndTheFixedVariantsDrawNothing() throws {
        func run(_ name: String) throws -> [Diagnosis] {
            try diagnoses(path: Self.specs.appendingPathComponent(name + ".yaml").path)
        }
        let bump = try run("bump-raw")
        let saturation = try XCTUnwrap(bump.first { $0.id == "saturated-units" }, "\(bump.map(\.headline))")
        XCTAssertEqual(saturation.step, 1, saturation.headline)
        XCTAssertEqual(saturation.layer, "hidden")

        let mnist = try run("mnist-l2")
        let identical = try XCTUnwrap(mnist.first { $0.id == "identical-units" }, "\(mnist.map(\.headline))")
        XCTAssertEqual(identical.layer, "hidden")
        XCTAssertEqual(identical.step, 1)
        XCTAssertEqual(identical.units, Array(0 ..< 30))

        let keras2 = try run("mlp-l2-keras-all-layers")
        let penalty = try XCTUnwrap(keras2.first { $0.id == "penalty-dominates" }, "\(keras2.map(\.headline))")
        let values = Dictionary(uniqueKeysWithValues: penalty.values.map { ($0.name, $0.value) })
        XCTAssertLessThan(try XCTUnwrap(values["kernel_norm_ratio"]), 0.01, "the kernels collapse")
        XCTAssertGreaterThan(try XCTUnwrap(values["data_loss"]) / (values["constant_loss"] ?? 1), 0.99, "the output is a constant")

        let tf1 = try run("first-feature-tf1")
        XCTAssertTrue(tf1.contains { $0.id == "loss-plateau" && $0.message.contains("flat") }, "\(tf1.map(\.headline))")

        for fixed in ["bump-scaled", "first-feature-tf1-fixed", "first-feature-keras", "mlp-l2-keras-matched", "mlp-l2-sklearn"] {
            XCTAssertEqual(try run(fixed).map(\.headline), [], fixed)
        }
    }

    // MARK: the labelled corpus

    private func corpusFiles(_ half: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: Self.corpus.appendingPathComponent(half), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    /// The first line of a corpus spec names what it must draw: `# expect: ID` or `# expect: healthy`.
    private func expectation(_ url: URL) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8)
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(first.hasPrefix("# expect: "), url.lastPathComponent)
        return String(first.dropFirst("# expect: ".count))
    }

    /// Every pathological spec draws its monitor; no healthy spec draws any, each reaches a good
    /// held-out metric (R² ≥ 0.85 or accuracy ≥ 0.9); monitoring changes no byte of any result.
    func testTheCorpusPathologiesAreAllFoundWithoutAFalsePositive() throws {
        let pathological = try corpusFiles("pathological"), healthy = try corpusFiles("healthy")
        XCTAssertGreaterThanOrEqual(pathological.count, 30)
        XCTAssertGreaterThanOrEqual(healthy.count, 30)
        var covered: Set<String> = []
        for url in pathological + healthy {
            let expected = try expectation(url)
            let (spec, data) = try load(path: url.path)
            let watched = try Runner.run(spec, data: data, monitoring: MonitorOptions())
            let plain = try Runner.run(spec, data: data)
            XCTAssertEqual(watched.json, plain.json, "\(url.lastPathComponent): monitoring changed the result")
            let ids = (watched.diagnoses ?? []).map(\.id)
            if expected == "healthy" {
                XCTAssertEqual(ids, [], "\(url.lastPathComponent): false positive \((watched.diagnoses ?? []).map(\.headline))")
                XCTAssertEqual(watched.evaluatedOn, "test", "\(url.lastPathComponent): healthy is judged on held-out data")
                let metric = try XCTUnwrap(watched.finalMetrics.first { $0.name != "loss" }, url.lastPathComponent)
                let floor = metric.name == "r2" ? 0.85 : 0.9
                XCTAssertGreaterThanOrEqual(metric.value ?? -.infinity, floor, "\(url.lastPathComponent): \(metric.name)")
            } else {
                XCTAssertTrue(ids.contains(expected), "\(url.lastPathComponent): expected \(expected), found \(ids)")
                covered.insert(expected)
            }
        }
        XCTAssertEqual(covered, Set(MonitorRegistry.descriptions.map(\.id)), "every monitor has pathological specs")
    }

    func testTheCorpusHealthyHalfDrawsNoLintWarning() throws {
        let out = Lint.run(paths: [Self.corpus.appendingPathComponent("healthy").path], strict: true)
        XCTAssertEqual(out.exitCode, 0, out.stdout + out.stderr)
    }

    // MARK: results and exit codes

    func testDiagnosesAreWrittenOnlyWhenAskedForAndStrictFails() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-monitors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sick = Self.corpus.appendingPathComponent("pathological/plateau-tiny-lr.yaml").path
        let well = Self.corpus.appendingPathComponent("healthy/keras-tanh-adam.yaml").path
        let plain = dir.appendingPathComponent("plain.json").path
        let byDefault = Run.run(path: sick, output: plain, check: nil, progressToTerminal: false)
        XCTAssertEqual(byDefault.exitCode, 0, byDefault.stderr)
        XCTAssertTrue(byDefault.stderr.contains("warning[loss-plateau]: from step"), byDefault.stderr)
        XCTAssertTrue(byDefault.stderr.contains("\nnote: cause: "), byDefault.stderr)
        XCTAssertFalse(try String(contentsOfFile: plain, encoding: .utf8).contains("diagnoses"))

        let off = Run.run(path: sick, output: nil, check: plain, progressToTerminal: false, diagnose: .off)
        XCTAssertEqual(off.exitCode, 0, off.stderr)
        XCTAssertEqual(off.stderr, "")

        let written = dir.appendingPathComponent("summary.json").path
        let summary = Run.run(path: sick, output: written, check: nil, progressToTerminal: false, diagnose: .summary)
        XCTAssertEqual(summary.exitCode, 0)
        let text = try String(contentsOfFile: written, encoding: .utf8)
        XCTAssertTrue(text.contains("\"diagnoses\": [\n    {\n      \"id\": \"loss-plateau\""), text)
        XCTAssertTrue(text.hasPrefix(try String(contentsOfFile: plain, encoding: .utf8).dropLast(3)), "the rest is unchanged")

        let (spec, data) = try load(path: sick)
        let diagnosed = try Runner.run(spec, data: data, monitoring: MonitorOptions()).diagnoses
        XCTAssertEqual(try ResultsFile.read(written).diagnoses, diagnosed, "the results file reads back with its diagnoses")

        XCTAssertEqual(Run.run(path: sick, output: written, check: nil, progressToTerminal: false, diagnose: .strict).exitCode, 1)
        let healthy = Run.run(path: well, output: dir.appendingPathComponent("w.json").path, check: nil, progressToTerminal: false,
                              diagnose: .strict)
        XCTAssertEqual(healthy.exitCode, 0, healthy.stderr)
        XCTAssertTrue(try String(contentsOfFile: dir.appendingPathComponent("w.json").path, encoding: .utf8)
            .contains("\"diagnoses\": []"))
    }

    func testDiffRunShowsBothRunsDiagnosesSideBySide() {
        let a = Self.corpus.appendingPathComponent("healthy/keras-tanh-adam.yaml").path
        let b = Self.corpus.appendingPathComponent("pathological/plateau-tiny-lr.yaml").path
        let out = Diff.run(a, b, runBoth: true)
        let row = out.stdout.split(separator: "\n").first { $0.contains("diagnoses") }.map(String.init) ?? ""
        XCTAssertTrue(row.contains("none"), out.stdout)
        XCTAssertTrue(row.contains("loss-plateau from step"), out.stdout)
        XCTAssertTrue(row.hasSuffix("differs"), row)
    }

    func testDiagnosesAreTheSameAtAnyThreadCount() throws {
        let url = Self.corpus.appendingPathComponent("pathological/identical-zero-init.yaml")
        let (spec, data) = try load(path: url.path)
        let texts = try [1, 3].map { threads in
            try NumericsConfig.withThreadCount(threads) {
                try Runner.run(spec, data: data, monitoring: MonitorOptions(sampleEvery: 1)).jsonWithDiagnoses
            }
        }
        XCTAssertEqual(texts[0], texts[1])
    }
}
