import NNSpecData
import NNSpecIR
import NNSpecSyntax
import XCTest

/// The model against the data's shapes, checked without generating the data.
final class ShapeCheckTests: XCTestCase {
    private struct Row {
        var data: String
        var layers: String
        var modelInputs: Int? = nil
        var loss: String = "mse"
        var errors: [(message: String, at: [Int])]
    }

    func testShapeErrorsAreAtTheRightLineAndColumn() throws {
        // Line 1 is `name:`, 2 `data:`, the data body starts on line 3; then `model:`,
        // (`inputs:`), `layers:`, the layers, `loss:`. An expression's position is its operator
        // key (`rand` in `{rand: ...}`); a split error is at the value the decoder recorded
        // (`test_size`) or else at the split mapping.
        let rows: [Row] = [
            Row(data: "  inputs: {rand: [100, 10]}\n  targets: {rand: [100, 1]}",
                layers: "    - {name: hidden, units: 5}\n    - {name: out, units: 1}", modelInputs: 784,
                errors: [("layer 'hidden' expects 784 inputs (model.inputs) but data.inputs has 10 features", [6, 11])]),
            Row(data: "  inputs: {rand: [100, 1]}\n  targets: {rand: [100, 1]}",
                layers: "    - {name: out, units: 1}", modelInputs: 2,
                errors: [("layer 'out' expects 2 inputs (model.inputs) but data.inputs has 1 feature", [6, 11])]),
            Row(data: "  inputs: {rand: [100, 10]}\n  targets: {rand: [100, 3]}",
                layers: "    - {name: hidden, units: 5}\n    - {name: out, units: 1}",
                errors: [("layer 'out' has 1 unit but data.targets has 3 columns (shape (100, 3)); mse needs one output per target column", [8, 26])]),
            Row(data: "  inputs: {rand: [100, 10]}\n  targets: {randint: {shape: 100, low: 0, high: 10}}",
                layers: "    - {name: out, units: 10, activation: softmax}", loss: "categorical_crossentropy",
                errors: [("layer 'out' has 10 units but data.targets has 1 column (shape (100,)); categorical_crossentropy needs one output per target column", [7, 26])]),
            Row(data: "  inputs: {rand: [100, 10]}\n  targets: {rand: [100, 3]}",
                layers: "    - {name: out, units: 3, activation: softmax}", loss: "sparse_categorical_crossentropy",
                errors: [("sparse_categorical_crossentropy needs one integer class label per sample (shape (n,) or (n, 1)), but data.targets has shape (100, 3)", [4, 13])]),
            Row(data: "  inputs: {rand: [100, 10]}\n  targets: {rand: 100}",
                layers: "    - {name: out, units: 3, activation: softmax}", loss: "sparse_categorical_crossentropy",
                errors: [("sparse_categorical_crossentropy needs integer class labels, but data.targets is not integer-valued", [4, 13])]),
            Row(data: "  inputs: {rand: [10, 2]}\n  targets: {rand: [10, 1]}\n  split: {kind: head, train: 8, test: 5}",
                layers: "    - {name: out, units: 1}",
                errors: [("head split takes 8 training and 5 test rows (13) but the data has only 10", [5, 10])]),
            Row(data: "  inputs: {rand: [1, 2]}\n  targets: {rand: [1, 1]}\n  split: {kind: train_test_split, test_size: 0.5}",
                layers: "    - {name: out, units: 1}",
                errors: [("with n_samples=1 and test_size=0.5 the train set would be empty (n_test = ceil(0.5·1) = 1)", [5, 46])]),
            Row(data: "  inputs: {rand: [10, 2]}\n  targets: {rand: [10, 1]}\n  split:\n    kind: separate\n    inputs: {rand: [5, 3]}\n    targets: {rand: [5, 1]}",
                layers: "    - {name: out, units: 1}",
                errors: [("the separate test inputs have shape (5, 3) but data.inputs have shape (10, 2): the columns must agree", [7, 14])]),
            Row(data: "  inputs: {rand: [10, 2]}\n  targets: {rand: [10, 3]}\n  preprocess:\n    - {kind: one_hot, classes: 4}",
                layers: "    - {name: out, units: 4}",
                errors: [("one_hot needs a vector (n,) or a column (n, 1) of class labels, but data.targets has shape (10, 3)", [6, 7])]),
        ]
        for row in rows {
            let text = specText(data: row.data, layers: row.layers, modelInputs: row.modelInputs, loss: row.loss)
            let spec = try XCTUnwrap(loadSpec(text), text)
            let found = ShapeCheck.diagnostics(for: spec)
            XCTAssertEqual(found.map(\.message), row.errors.map(\.message), text)
            XCTAssertEqual(found.map { $0.location?.lineColumn ?? [] }, row.errors.map(\.at), text)
            XCTAssertTrue(found.allSatisfy { $0.severity == .error }, text)
        }
    }

    func testMatchingShapesPassIncludingVectorTargetsAndOneHotLabels() throws {
        let rows: [(data: String, layers: String, loss: String)] = [
            ("  inputs: {rand: [100, 10]}\n  targets: {rand: 100}", "    - {name: out, units: 1}", "mse"),
            ("  inputs: {rand: [100, 10]}\n  targets: {randint: {shape: [100, 1], low: 0, high: 2}}", "    - {name: out, units: 1, activation: sigmoid}", "binary_crossentropy"),
            ("  inputs: {rand: [100, 10]}\n  targets: {randint: {shape: 100, low: 0, high: 3}}", "    - {name: out, units: 3, activation: softmax}", "sparse_categorical_crossentropy"),
            ("  inputs: {rand: [100, 10]}\n  targets: {randint: {shape: 100, low: 0, high: 3}}\n  preprocess:\n    - {kind: one_hot, classes: 3}",
             "    - {name: out, units: 3, activation: softmax}", "categorical_crossentropy"),
            // Batch normalization and dropout after the last dense layer keep its width.
            ("  inputs: {rand: [100, 10]}\n  targets: {rand: 100}",
             "    - {name: out, units: 1}\n    - {type: batch_normalization}\n    - {type: dropout, rate: 0.1}", "mse"),
        ]
        for row in rows {
            let text = specText(data: row.data, layers: row.layers, modelInputs: 10, loss: row.loss)
            let spec = try XCTUnwrap(loadSpec(text), text)
            XCTAssertEqual(ShapeCheck.diagnostics(for: spec).map(\.message), [], text)
        }
    }

    func testCategoricalLabelsWithoutOneHotSuggestTheStep() throws {
        let text = specText(data: "  inputs: {rand: [100, 10]}\n  targets: {randint: {shape: 100, low: 0, high: 10}}",
                            layers: "    - {name: out, units: 10, activation: softmax}", loss: "categorical_crossentropy")
        let spec = try XCTUnwrap(loadSpec(text))
        let d = try XCTUnwrap(ShapeCheck.diagnostics(for: spec).first)
        XCTAssertEqual(d.fixIts.first?.replacement, "{kind: one_hot, classes: 10, apply_to: targets}")
        XCTAssertEqual(d.notes.first?.message, "data.targets has shape (100,)")
        XCTAssertEqual(d.notes.first?.location?.lineColumn, [4, 13])
    }

    func testInputWidthErrorPointsAtTheFirstLayerWhenModelInputsHasNoPosition() throws {
        // A spec built in code: model.inputs has no recorded position, so the first layer carries the error.
        let text = specText(data: "  inputs: {rand: [100, 10]}\n  targets: {rand: [100, 1]}",
                            layers: "    - {name: hidden, units: 5}\n    - {name: out, units: 1}")
        var spec = try XCTUnwrap(loadSpec(text))
        spec.model.inputs = 784
        let d = ShapeCheck.diagnostics(for: spec)
        XCTAssertEqual(d.map(\.message), ["layer 'hidden' expects 784 inputs (model.inputs) but data.inputs has 10 features"])
        XCTAssertEqual(d.first?.location, spec.model.layers[0].location)
        XCTAssertEqual(d.first?.location?.lineColumn, [7, 7])
    }

    func testShapeCheckGeneratesNoDataForHugeGenerators() throws {
        // 10^8 doubles would take seconds and 800 MB to generate; inference needs only the shape.
        let text = specText(data: "  inputs: {rand: [100000, 1000]}\n  targets: {rand: [100000, 2]}",
                            layers: "    - {name: out, units: 1}")
        let spec = try XCTUnwrap(loadSpec(text))
        let d = ShapeCheck.diagnostics(for: spec)
        XCTAssertEqual(d.map { $0.location?.lineColumn ?? [] }, [[7, 26]])
    }
}
