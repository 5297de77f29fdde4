import Foundation
import NNSpecCommands
import NNSpecData
import NNSpecIR
import XCTest

/// Limits checked before anything is allocated or trained, the same in `check` and `run`; and the
/// exit-status rule for inputs that are not regular files.
final class LimitsTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-limits-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
        _ = Limits.apply(memoryBudget: "8GiB", allowLong: false)
    }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    private func spec(model: String = "model: {layers: [{units: 1}]}", training: String = "training: {epochs: 1}",
                      data: String = "data: {inputs: [[1, 2], [3, 4]], targets: [[1], [2]]}") -> String {
        "\(data)\n\(model)\nloss: mse\noptimizer: {kind: sgd, learning_rate: 0.1}\n\(training)\n"
    }

    func testMemoryBudgetParsesSizesInPowersOf1024() {
        XCTAssertEqual(MemoryBudget.parse("2GiB")?.bytes, 2 << 30)
        XCTAssertEqual(MemoryBudget.parse("500M")?.bytes, 500 << 20)
        XCTAssertEqual(MemoryBudget.parse("1000")?.bytes, 1000)
        XCTAssertNil(MemoryBudget.parse("lots"))
        XCTAssertNil(MemoryBudget.parse("99999999999T"))
        XCTAssertEqual(Limits.apply(memoryBudget: "lots", allowLong: false)?.exitCode, 2)
    }

    func testCheckAndRunRefuseTheSameNetworkOverTheBudgetWithTheBytesItNeeds() throws {
        let path = try write("wide.yaml", spec(model: "model: {layers: [{units: 3000000}, {units: 1}]}"))
        XCTAssertEqual(Check.run(paths: [path]).exitCode, 0, "72 MB fits the default budget")
        _ = Limits.apply(memoryBudget: "10M", allowLong: false)
        let check = Check.run(paths: [path])
        XCTAssertEqual(check.exitCode, 1)
        XCTAssertTrue(check.stderr.contains("wide.yaml:2:26: error[data-memory-budget]: the network (12000001 parameters, activations for 2 rows) needs "), check.stderr)
        XCTAssertTrue(check.stderr.contains("more than the memory budget of 10.0 MiB"), check.stderr)
        let run = Run.run(path: path, output: dir.appendingPathComponent("r.json").path, check: nil, progressToTerminal: false)
        XCTAssertEqual(run.exitCode, 1)
        XCTAssertTrue(run.stderr.contains("wide.yaml:2:26: error[data-memory-budget]: the network"), run.stderr)
    }

    func testUnitsOf2To31AndIntMaxAreRefusedBeforeAnyArithmeticCanOverflow() throws {
        for units in ["2147483648", "9223372036854775807"] {
            let out = Check.run(paths: [try write("u\(units).yaml", spec(model: "model: {layers: [{units: \(units)}, {units: 1}]}"))])
            XCTAssertEqual(out.exitCode, 1, out.stderr)
            XCTAssertTrue(out.stderr.contains(":2:26: error["), out.stderr)
        }
    }

    func testARunLongerThanTheBoundNeedsAllowLong() throws {
        let path = try write("long.yaml", spec(training: "training: {epochs: 200000000, batch_size: full, log: {every: 1000000}}"))
        let refused = Check.run(paths: [path])
        XCTAssertEqual(refused.exitCode, 1)
        XCTAssertTrue(refused.stderr.contains("long.yaml:5:20: error[data-too-many-steps]: 200000000 epochs of 1 step is 200000000 steps, more than 100000000"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("accepted only with --allow-long"), refused.stderr)
        _ = Limits.apply(memoryBudget: nil, allowLong: true)
        XCTAssertEqual(Check.run(paths: [path]).exitCode, 0)
        // A count that overflows is refused even then.
        let overflow = try write("overflow.yaml", spec(training: "training: {epochs: 9223372036854775807, batch_size: 1}"))
        XCTAssertTrue(Check.run(paths: [overflow]).stderr.contains("more steps than can be counted"))
    }

    func testTheHistoryIsBoundedByTheBudget() throws {
        _ = Limits.apply(memoryBudget: "1M", allowLong: false)
        let path = try write("log.yaml", spec(training: "training: {steps: 100000, log: {mode: batch, every: 1, unit: step}}"))
        let out = Check.run(paths: [path])
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stderr.contains("error[data-memory-budget]: the history (100000 logged points) needs"), out.stderr)
    }

    func testAnExtendsChainIsCutAtItsDepthLimitInLinearTime() throws {
        let depth = 500
        for i in 0 ..< depth {
            try write("chain/\(i).yaml", i + 1 < depth ? "extends: \(i + 1).yaml\n" : spec())
        }
        let start = Date()
        let out = Check.run(paths: [dir.appendingPathComponent("chain/0.yaml").path])
        // The time is reported, not asserted (it depends on the machine's load); a chain is read
        // once per level, which the depth-limit message below proves it got through.
        print("a \(depth)-level extends chain: \(Date().timeIntervalSince(start)) s")
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stderr.contains("error[spec-extends]: extends chain deeper than \(SpecLoader.maximumExtendsDepth) levels"), out.stderr)
    }

    func testAnExtendsCycleThroughASymlinkLoopNamesItsMembers() throws {
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("loop").path, withDestinationPath: ".")
        let path = try write("self.yaml", "extends: loop/self.yaml\n" + spec())
        let out = Check.run(paths: [path])
        XCTAssertEqual(out.exitCode, 1)
        XCTAssertTrue(out.stderr.contains("self.yaml:1:10: error[spec-extends]: extends cycle: \(path) → \(dir.path)/loop/self.yaml"), out.stderr)
    }

    func testASpecThatIsAFIFOIsRefusedWithExitTwoAndNeverRead() throws {
        let fifo = dir.appendingPathComponent("spec.yaml").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        for out in [Check.run(paths: [fifo]), Lint.run(paths: [fifo]), Run.run(path: fifo, output: nil, check: nil, progressToTerminal: false)] {
            XCTAssertEqual(out.exitCode, 2)
            XCTAssertTrue(out.stderr.contains("error[io-unreadable]: cannot read '\(fifo)': is a FIFO (named pipe), not a regular file"), out.stderr)
        }
    }
}
