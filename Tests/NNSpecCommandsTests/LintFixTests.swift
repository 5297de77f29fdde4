import Foundation
import NNSpecCommands
import XCTest

/// `nnspec lint --fix`: the sole exact fix-it of each finding is applied in place, only its bytes
/// change, and what changed is printed.
final class LintFixTests: XCTestCase {
    static let spec = """
    # a hidden softmax, with comments that must survive
    data:
      inputs: [[0, 1], [1, 0], [1, 1], [0, 0]]
      targets: [[0], [1], [0], [1]]
    model:
      layers:
        - {units: 4, activation: softmax}   # hidden: keep this comment
        - {units: 1, activation: sigmoid}
    loss: binary_crossentropy    # and this one
    optimizer: {kind: sgd, learning_rate: 0.1}
    training: {epochs: 500}

    """
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func testFixReplacesOnlyTheValueKeepsCommentsAndModeAndPrintsTheChange() throws {
        let path = dir.appendingPathComponent("hidden.yaml").path
        try Self.spec.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)

        let before = Lint.run(paths: [path])
        XCTAssert(before.stdout.contains("warning[hidden-softmax]"), before.stdout)
        XCTAssert(before.stdout.contains("(1 fixable with --fix)"), before.stdout)

        let out = Lint.run(paths: [path], fix: true)
        XCTAssert(out.stdout.hasPrefix("\(path):7:30: fixed [hidden-softmax]: softmax → relu\nfixed 1 finding in 1 file\n"), out.stdout)
        XCTAssertFalse(out.stdout.contains("warning[hidden-softmax]"), "the spec is linted again after fixing:\n\(out.stdout)")
        let after = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(after, Self.spec.replacingOccurrences(of: "activation: softmax}   # hidden", with: "activation: relu}   # hidden"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o640)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["hidden.yaml"], "no temporary file is left")

        let again = Lint.run(paths: [path], fix: true)
        XCTAssertFalse(again.stdout.contains("fixed"), "nothing left to fix:\n\(again.stdout)")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), after)
    }

    /// A checked-in spec, copied, with a comment beside the value lint proposes to change.
    func testFixOnACopyOfACheckedInSpecChangesOnlyTheValue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let original = try String(contentsOf: root.appendingPathComponent("specs/two-points-sgd.yaml"), encoding: .utf8)
        let commented = original.replacingOccurrences(of: "training: {epochs: 100}", with: "training: {epochs: 100}  # 100 epochs, as in the question")
        XCTAssertNotEqual(commented, original)
        let path = dir.appendingPathComponent("two-points-sgd.yaml").path
        try commented.write(toFile: path, atomically: true, encoding: .utf8)
        let out = Lint.run(paths: [path], fix: true)
        XCTAssert(out.stdout.hasPrefix("\(path):14:20: fixed [too-few-updates]: 100 → "), out.stdout)
        let fixed = try String(contentsOfFile: path, encoding: .utf8)
        let newEpochs = try XCTUnwrap(fixed.firstMatch(of: /epochs: (\d+)\}  # 100 epochs, as in the question/)).1
        XCTAssertGreaterThan(Int(newEpochs)!, 100)
        XCTAssertEqual(fixed, commented.replacingOccurrences(of: "{epochs: 100}", with: "{epochs: \(newEpochs)}"))
        XCTAssertFalse(out.stdout.contains("warning[too-few-updates]"), out.stdout)
    }

    func testAlternativesAndInheritedValuesAreLeftToThePerson() throws {
        // softmax-bce offers two fixes (change the loss or the activation): a choice.
        let text = Self.spec.replacingOccurrences(of: "{units: 4, activation: softmax}", with: "{units: 4, activation: tanh}")
            .replacingOccurrences(of: "{units: 1, activation: sigmoid}", with: "{units: 2, activation: softmax}")
            .replacingOccurrences(of: "targets: [[0], [1], [0], [1]]", with: "targets: [[0, 1], [1, 0], [0, 1], [1, 0]]")
        let path = dir.appendingPathComponent("choice.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = Lint.run(paths: [path], fix: true)
        XCTAssert(out.stdout.contains("warning[softmax-bce]"), out.stdout)
        XCTAssertFalse(out.stdout.contains("fixed [softmax-bce]"), out.stdout)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)

        // A value a spec inherits is written in its base, which other specs may extend too.
        let base = dir.appendingPathComponent("base.yaml").path
        try Self.spec.write(toFile: base, atomically: true, encoding: .utf8)
        let child = dir.appendingPathComponent("child.yaml").path
        try "extends: base.yaml\ntraining: {epochs: 600}\n".write(toFile: child, atomically: true, encoding: .utf8)
        let inherited = Lint.run(paths: [child], fix: true)
        XCTAssert(inherited.stdout.contains("warning[hidden-softmax]"), inherited.stdout)
        XCTAssertFalse(inherited.stdout.contains("fixed"), inherited.stdout)
        XCTAssertEqual(try String(contentsOfFile: base, encoding: .utf8), Self.spec)
    }
}
