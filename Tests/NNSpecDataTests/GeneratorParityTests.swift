import NNSpecData
import NNSpecIR
import XCTest

/// Generators and ranges against NumPy's own output (parity/data_fixtures.py).
final class GeneratorParityTests: XCTestCase {
    func testRandOfSeedOneIsNumPysTenThousandByTenMatrixBitForBit() throws {
        let fixture = Fixtures.json["rand_1_10000x10"] as! [String: Any]
        let text = specText(data: """
              seed: 1
              arrays:
                X: {rand: [10000, 10]}
              inputs: X
              targets: {column: {of: X, index: 0, keepdims: false}}
            """, layers: "    - {name: out, units: 1}")
        let spec = try XCTUnwrap(loadSpec(text))
        let data = try XCTUnwrap(materialize(spec))
        let x = data.trainInputs
        XCTAssertEqual(x.shape, [10000, 10])
        XCTAssertBitEqual(Array(x.values.prefix(20)), doubles(hex: fixture["head"]), "first 20")
        XCTAssertBitEqual(Array(x.values.suffix(20)), doubles(hex: fixture["tail"]), "last 20")
        XCTAssertEqual(fnv1a64(x.values), fixture["fnv1a64"] as? String, "FNV-1a 64 of all 100000 values")
        // y = X[:, 0], a vector (n,) as in the first-feature experiment.
        XCTAssertEqual(data.trainTargets.shape, [10000])
        XCTAssertEqual(data.trainTargets.values, stride(from: 0, to: 100000, by: 10).map { x.values[$0] })
    }

    func testGeneratorsDrawFromOneRandomStateInTheOrderWritten() throws {
        let f = Fixtures.json["draw_order"] as! [String: Any]
        // NumPy: rs = RandomState(42); a = rs.rand(4, 2); b = rs.normal(0.5, 2, 3);
        //        X = rs.normal(-1, 0.25, (4, 3)); y = rs.randint(0, 5, 4); u = rs.uniform(-2, 3, (2, 2))
        let text = specText(data: """
              seed: 42
              arrays:
                a: {rand: [4, 2]}
                b: {normal: {shape: 3, loc: 0.5, scale: 2.0}}
              inputs: {normal: {shape: [4, 3], loc: -1.0, scale: 0.25}}
              targets: {randint: {shape: 4, low: 0, high: 5}}
              split:
                kind: separate
                inputs: {uniform: {shape: [2, 3], low: -2.0, high: 3.0}}
                targets: {randint: {shape: 2, low: 0, high: 5}}
            """)
        let spec = try XCTUnwrap(loadSpec(text))
        let data = try XCTUnwrap(materialize(spec))
        XCTAssertBitEqual(data.arrays["a"], dataArray(f["a"]), "a = rand(4, 2)")
        XCTAssertBitEqual(data.arrays["b"], dataArray(f["b"]), "b = normal(0.5, 2, 3), leaving a cached Gaussian")
        XCTAssertBitEqual(data.trainInputs, dataArray(f["X"]), "inputs = normal(-1, 0.25, (4, 3)), starting with the cached Gaussian")
        XCTAssertBitEqual(data.trainTargets, dataArray(f["y"]), "targets = randint(0, 5, 4)")
        // The separate test set draws after the targets: its first four uniforms are NumPy's u.
        let u = dataArray(f["u"])
        XCTAssertBitEqual(Array(data.testInputs!.values.prefix(4)), u.values, "separate test inputs = uniform(-2, 3, ...)")
    }

    func testLinspaceIsNumPysFormulaBitForBit() throws {
        for case let c as [String: Any] in Fixtures.json["linspace"] as! [Any] {
            let start = double(hex: c["start"] as! String), stop = double(hex: c["stop"] as! String)
            let num = c["num"] as! Int, endpoint = c["endpoint"] as! Bool
            let got = Evaluator.linspace(start: start, stop: stop, num: num, endpoint: endpoint)
            XCTAssertBitEqual(got, doubles(hex: c["values"]), "linspace(\(start), \(stop), \(num), endpoint=\(endpoint))")
        }
    }

    func testArangeIsNumPysFillBitForBit() throws {
        for case let c as [String: Any] in Fixtures.json["arange"] as! [Any] {
            let start = double(hex: c["start"] as! String), stop = double(hex: c["stop"] as! String)
            let step = double(hex: c["step"] as! String)
            let expected = doubles(hex: c["values"])
            let text = specText(data: """
                  inputs: {arange: {start: \(start), stop: \(stop), step: \(step)}}
                  targets: {arange: {start: \(start), stop: \(stop), step: \(step)}}
                """)
            let spec = try XCTUnwrap(loadSpec(text))
            let data = try XCTUnwrap(materialize(spec))
            XCTAssertEqual(data.trainInputs.shape, [expected.count, 1], "arange is a column")
            XCTAssertBitEqual(data.trainInputs.values, expected, "arange(\(start), \(stop), \(step))")
        }
    }

    func testBumpExperimentDataIsNumPysLinspaceRepeatConcat() throws {
        let f = Fixtures.json["bump"] as! [String: Any]
        let text = specText(data: """
              arrays:
                x:
                  concat:
                    - {linspace: {start: 0, stop: 10, num: 100}}
                    - {linspace: {start: 11, stop: 20, num: 100}}
                    - {linspace: {start: 21, stop: 30, num: 100}}
                y:
                  concat:
                    - {repeat: {of: 0, times: 100}}
                    - {repeat: {of: 1, times: 100}}
                    - {repeat: {of: 0, times: 100}}
              inputs: x
              targets: y
            """, loss: "binary_crossentropy")
        let spec = try XCTUnwrap(loadSpec(text))
        let data = try XCTUnwrap(materialize(spec))
        XCTAssertEqual(data.trainInputs.shape, [300, 1], "linspace gives columns, so x is (300, 1)")
        XCTAssertEqual(data.trainTargets.shape, [300], "np.repeat of a scalar is a vector, so y is (300,)")
        XCTAssertBitEqual(data.trainInputs.values, doubles(hex: f["x"]), "x")
        XCTAssertBitEqual(data.trainTargets.values, doubles(hex: f["y"]), "y")
        XCTAssertNil(data.testInputs)
    }

    func testStandardizedBumpInputsMatchStandardScaler() throws {
        let f = Fixtures.json["bump"] as! [String: Any]
        let text = specText(data: """
              inputs:
                concat:
                  - {linspace: {start: 0, stop: 10, num: 100}}
                  - {linspace: {start: 11, stop: 20, num: 100}}
                  - {linspace: {start: 21, stop: 30, num: 100}}
              targets: {concat: [{repeat: {of: 0, times: 100}}, {repeat: {of: 1, times: 100}}, {repeat: {of: 0, times: 100}}]}
              preprocess:
                - {kind: standardize}
            """, loss: "binary_crossentropy")
        let spec = try XCTUnwrap(loadSpec(text))
        let data = try XCTUnwrap(materialize(spec))
        XCTAssertBitEqual(data.trainInputs.values, doubles(hex: f["x_standardized"]), "StandardScaler().fit_transform(x)")
        guard case .standardize(let mean, _, let scale)? = data.fittedSteps.first else { return XCTFail("no fitted scaler") }
        XCTAssertEqual(mean.map(\.bitPattern), [double(hex: f["mean"] as! String).bitPattern])
        XCTAssertEqual(scale.map(\.bitPattern), [double(hex: f["scale"] as! String).bitPattern])
    }
}
