import NNSpecData
import NNSpecIR
import NNSpecNumerics
import XCTest

/// train_test_split and the scalers against scikit-learn's arrays, bit for bit.
final class SplitAndScaleParityTests: XCTestCase {
    /// Each fixture case names the data.arrays YAML, the split and the steps; the spec is
    /// built from them and every resulting array compared with scikit-learn's.
    func testTrainTestSplitThenScalersEqualScikitLearnBitForBit() throws {
        for case let c as [String: Any] in Fixtures.json["split_cases"] as! [Any] {
            let name = c["name"] as! String
            let arrays = c["arrays"] as! [String: String]
            let order = arrays.keys.sorted { a, b in a == "A" || (b == "y" && a == "X") }  // A, X, y as drawn
            var data = "  seed: \(c["seed"] as! Int)\n  arrays:\n"
            for key in order { data += "    \(key): \(arrays[key]!)\n" }
            data += "  inputs: X\n  targets: y\n"
            let split = c["split"] as! [String: Any]
            data += "  split: {kind: train_test_split, test_size: \(split["test_size"]!), random_state: \(split["random_state"]!), shuffle: \(split["shuffle"] as! Bool)}\n"
            data += "  preprocess:\n"
            for case let s as [String: Any] in c["steps"] as! [Any] {
                if s["kind"] as! String == "minmax" {
                    data += "    - {kind: minmax, low: \(s["low"]!), high: \(s["high"]!), apply_to: \(s["apply_to"]!)}\n"
                } else {
                    data += "    - {kind: standardize, apply_to: \(s["apply_to"]!)}\n"
                }
            }
            let spec = try XCTUnwrap(loadSpec(specText(data: data)), name)
            let m = try XCTUnwrap(materialize(spec), name)
            XCTAssertBitEqual(m.trainInputs, dataArray(c["train_inputs"]), "\(name): X_train")
            XCTAssertBitEqual(m.trainTargets, dataArray(c["train_targets"]), "\(name): y_train")
            XCTAssertBitEqual(m.testInputs, dataArray(c["test_inputs"]), "\(name): X_test")
            XCTAssertBitEqual(m.testTargets, dataArray(c["test_targets"]), "\(name): y_test")
            for (i, f) in (c["fitted"] as! [[String: Any]]).enumerated() {
                switch m.fittedSteps[i] {
                case .standardize(let mean, let variance, let scale):
                    XCTAssertBitEqual(mean, doubles(hex: f["mean"]), "\(name): mean_ of step \(i)")
                    XCTAssertBitEqual(variance, doubles(hex: f["var"]), "\(name): var_ of step \(i)")
                    XCTAssertBitEqual(scale, doubles(hex: f["scale"]), "\(name): scale_ of step \(i)")
                case .minmax(let scale, let min, _, _):
                    XCTAssertBitEqual(scale, doubles(hex: f["scale"]), "\(name): scale_ of step \(i)")
                    XCTAssertBitEqual(min, doubles(hex: f["min"]), "\(name): min_ of step \(i)")
                default:
                    XCTFail("\(name): unexpected step \(m.fittedSteps[i])")
                }
            }
        }
    }

    func testNumPySumIsPairwiseForVectorsAndColumnsAndRowOrderForMatrices() {
        for case let c as [String: Any] in Fixtures.json["sums"] as! [Any] {
            let shape = c["shape"] as! [Int]
            var rs = RandomState(seed: 5)
            let values = rs.normal(loc: 0, scale: 1000, count: shape.reduce(1, *))
            let array = DataArray(shape: shape, values: values)
            let expected = doubles(hex: c["sum"])
            let got = shape.count == 1 ? [NumPySum.sum(values)] : NumPySum.columnSums(array)
            XCTAssertBitEqual(got, expected, "np.sum of shape \(array.shapeDescription)")
        }
    }

    func testTrainTestSplitTakesTestFromTheFrontOfThePermutation() throws {
        // scikit-learn: permutation = RandomState(0).permutation(10); test = first ceil(0.25·10) = 3.
        var rs = RandomState(seed: 0)
        let permutation = rs.permutation(10)
        let split = try Split.trainTestSplit(count: 10, testSize: 0.25, randomState: 0, shuffle: true)
        XCTAssertEqual(split.test, Array(permutation[0..<3]))
        XCTAssertEqual(split.train, Array(permutation[3..<10]))
        let unshuffled = try Split.trainTestSplit(count: 10, testSize: 0.25, randomState: 0, shuffle: false)
        XCTAssertEqual(unshuffled, SplitIndices(train: Array(0..<7), test: [7, 8, 9]))
    }

    func testTestCountIsTheCeilingOfTheFloatProductAsInScikitLearn() throws {
        // 0.07 · 100 is 7.000000000000001 in float64, so scikit-learn holds out 8 rows, not 7:
        // train_test_split(np.arange(100), test_size=0.07, random_state=3)[1]
        let split = try Split.trainTestSplit(count: 100, testSize: 0.07, randomState: 3, shuffle: true)
        XCTAssertEqual(split.test, [93, 67, 6, 64, 96, 83, 98, 42])
        XCTAssertEqual(split.train.count, 92)
    }

    func testTrainTestSplitThatLeavesNoTrainingRowsIsAnError() {
        XCTAssertThrowsError(try Split.trainTestSplit(count: 1, testSize: 0.5, randomState: 0, shuffle: true)) { error in
            XCTAssertTrue((error as! Split.Failure).message.contains("train set would be empty"))
        }
    }

    func testHeadSplitAndSeparateTestSet() throws {
        let text = specText(data: """
              inputs: {arange: {stop: 10}}
              targets: {arange: {stop: 10}}
              split: {kind: head, train: 6, test: 3}
            """)
        let spec = try XCTUnwrap(loadSpec(text))
        let m = try XCTUnwrap(materialize(spec))
        XCTAssertEqual(m.trainInputs.values, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(m.testInputs?.values, [6, 7, 8])

        let tooMany = try XCTUnwrap(loadSpec(specText(data: """
              inputs: {arange: {stop: 10}}
              targets: {arange: {stop: 10}}
              split: {kind: head, train: 12}
            """)))
        XCTAssertEqual(materializeErrors(tooMany).map(\.message), ["head split takes 12 training rows but the data has only 10"])
    }

    func testStandardizeIsFittedOnTheTrainingPartOnly() throws {
        let text = specText(data: """
              inputs: [[1.0], [2.0], [3.0], [100.0]]
              targets: [0, 1, 0, 1]
              split: {kind: head, train: 3}
              preprocess:
                - {kind: standardize}
            """)
        let m = try XCTUnwrap(materialize(try XCTUnwrap(loadSpec(text))))
        // mean 2, population std sqrt(2/3) from the first three rows only.
        let s = (2.0 / 3.0).squareRoot()
        XCTAssertEqual(m.trainInputs.values, [(1 - 2) / s, 0, (3 - 2) / s])
        XCTAssertEqual(m.testInputs?.values, [(100 - 2) / s])
    }

    func testOneHotEncodesIntegerLabelsAndRejectsOthers() throws {
        let ok = try XCTUnwrap(loadSpec(specText(data: """
              inputs: [[0.5], [0.25], [1.0]]
              targets: [2, 0, 1]
              preprocess:
                - {kind: one_hot, classes: 3}
            """, layers: "    - {name: out, units: 3, activation: softmax}", loss: "categorical_crossentropy")))
        let m = try XCTUnwrap(materialize(ok))
        XCTAssertEqual(m.trainTargets.shape, [3, 3])
        XCTAssertEqual(m.trainTargets.values, [0, 0, 1, 1, 0, 0, 0, 1, 0])

        let text = specText(data: """
              inputs: [[0.5], [0.25], [1.0]]
              targets: [2, 0, 3]
              preprocess:
                - {kind: one_hot, classes: 3}
            """, layers: "    - {name: out, units: 3, activation: softmax}", loss: "categorical_crossentropy")
        let bad = try XCTUnwrap(loadSpec(text))
        let errors = materializeErrors(bad)
        XCTAssertEqual(errors.map(\.message), ["one_hot with 3 classes needs integer labels 0…2, but row 2 has 3.0 (data.targets)"])
        XCTAssertEqual(errors.first?.location?.lineColumn, [6, 7])
    }
}
