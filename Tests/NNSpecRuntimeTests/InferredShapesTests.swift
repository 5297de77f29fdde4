import NNSpecData
import NNSpecIR
import NNSpecPlan
import XCTest

/// The shapes a plan is lowered against are inferred once, by `ShapeCheck`, without generating
/// the data, and they are the shapes of the data `DataLoader` then builds: the split's training
/// rows, one_hot's widening of inputs or targets, an image array's samples, an IDX grid.
final class InferredShapesTests: XCTestCase {
    func testShapeCheckInfersTheShapesOfTheMaterializedData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnspec-shapes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Five 2×3 unsigned-byte images: magic 0x00000803, then the dimensions (5, 2, 3), big-endian.
        try Data([0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 3] + (0 ..< 30).map { UInt8($0) }).write(to: dir.appendingPathComponent("images.idx"))
        let sections: [(String, units: Int)] = [
            ("{seed: 1, arrays: {X: {rand: [20, 3]}}, inputs: X, targets: {column: {of: X, index: 0}}, split: {kind: train_test_split, test_size: 0.25, random_state: 0}}", 1),
            ("{seed: 1, inputs: {rand: [12, 2]}, targets: {randint: {shape: [12], high: 3}}, split: {kind: head, train: 9}, preprocess: [{kind: one_hot, classes: 3}]}", 3),
            ("{seed: 1, inputs: {randint: {shape: [8, 1], high: 4}}, targets: {rand: [8, 1]}, preprocess: [{kind: one_hot, classes: 4, apply_to: inputs}]}", 1),
            ("{seed: 1, inputs: {reshape: {of: {rand: [6, 12]}, shape: [-1, 2, 2, 3]}}, targets: {rand: [6]}}", 1),
            ("{seed: 1, arrays: {pixels: {idx: images.idx}}, inputs: pixels, targets: {column: {of: pixels, index: 1}}}", 1),
        ]
        for (data, units) in sections {
            let loaded = SpecLoader.load(text: "nnspec: 1\ndata: \(data)\nmodel: {layers: [{units: \(units)}]}\nloss: mse\n",
                                         file: dir.appendingPathComponent("spec.yaml").path)
            let spec = try XCTUnwrap(loaded.spec, "\(data): \(loaded.diagnostics)")
            let checked = ShapeCheck.check(spec)
            XCTAssertEqual(checked.diagnostics.map(\.message), [], data)
            let inferred = try XCTUnwrap(checked.shapes, data)
            let built = DataShapes(try DataLoader.materialize(spec).get())
            XCTAssertEqual(DataShapes(inferred), built, data)
            XCTAssertEqual(try DataShapes.infer(spec), built, data)
        }
    }

    /// Without the inputs' shapes there are none to lower against: the data's own errors.
    func testShapesAreUnknownWhenTheInputsCannotBeInferred() throws {
        let loaded = SpecLoader.load(text: "nnspec: 1\ndata: {inputs: {csv: missing.csv}, targets: [1.0]}\nmodel: {layers: [{units: 1}]}\nloss: mse\n", file: "/nonexistent/spec.yaml")
        let spec = try XCTUnwrap(loaded.spec, "\(loaded.diagnostics)")
        let checked = ShapeCheck.check(spec)
        XCTAssertNil(checked.shapes)
        XCTAssertThrowsError(try DataShapes.infer(spec)) { error in
            XCTAssertEqual((error as? DataError)?.diagnostics.map(\.message), checked.diagnostics.map(\.message))
        }
    }
}
