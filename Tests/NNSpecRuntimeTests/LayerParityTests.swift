@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import XCTest

/// Convolution, pooling and flatten against Keras 3 and PyTorch (`parity/fixtures/layers.json`,
/// made by `parity/layer_cases.py`): the forward output at the recorded initial weights, the loss
/// of each SGD step and the final weights, in float32 (1e-5) and float64 (1e-9). The specs leave
/// the data format and average pooling's border divisor to the convention, so the cases also
/// check those defaults: channels-last and input pixels only for Keras, channels-first and
/// padded zeros counted for PyTorch.
final class LayerParityTests: XCTestCase {
    typealias JSON = [String: Any]

    static func spec(_ c: JSON) -> String {
        let layers = (c["layers"] as! [String]).enumerated().map { i, l in
            // Name each layer as the fixtures' weights are listed (only parametric layers have any).
            "    - \(l.dropLast()), name: l\(i)}"
        }.joined(separator: "\n")
        let decay = c["weight_decay"].map(ParityFixtures.number) ?? 0
        return """
            convention: \(c["framework"] as! String)
            dtype: \(c["dtype"] as! String)
            model:
              input_shape: [\((c["input_shape"] as! [Any]).map { ParityFixtures.yaml($0) }.joined(separator: ", "))]
              layers:
            \(layers)
            loss: mse
            optimizer: {kind: sgd, learning_rate: \(ParityFixtures.yaml(c["learning_rate"]))\(decay > 0 ? ", weight_decay: \(decay)" : "")}
            training: {epochs: \(ParityFixtures.yaml(c["steps"])), batch_size: full, shuffle: false}
            """
    }

    /// The model's output for the case's inputs at its initial weights.
    static func forward<S: TrainingScalar>(_ type: S.Type, _ spec: Spec, _ data: MaterializedData,
                                          _ initial: [DenseParameters]) throws -> [Double] {
        let trainer = try Trainer<S>(spec: spec, data: data, initialParameters: initial)
        let rows = trainer.train.rows
        trainer.net.forward(trainer.train.x.constPointer, rows: rows)
        return (0 ..< rows * trainer.net.outputs).map { Double(trainer.net.outputA[$0]) }
    }

    func testSpatialLayersMatchKerasAndPyTorch() throws {
        var ids: [String] = []
        var worst: [String: Double] = [:]
        for c in try ParityFixtures.cases("layers") where c["dropout_masks"] == nil && c["batch_norm"] == nil {
            let id = c["id"] as! String
            ids.append(id)
            let dtype = c["dtype"] as! String
            let tolerance = dtype == "float64" ? 1e-9 : 1e-5
            func check(_ error: Double, _ what: String) {
                worst[dtype] = max(worst[dtype] ?? 0, error)
                XCTAssertLessThanOrEqual(error, tolerance, "\(id): \(what)")
            }
            let spec = try makeSpec(Self.spec(c))
            let data = MaterializedData(trainInputs: ParityFixtures.array(c["x"]), trainTargets: ParityFixtures.array(c["y"]))
            let kernels = spec.model.layers.filter { $0.type is Conv2D.Type || $0.type is Dense.Type }.map(\.name)
            let initial = ParityFixtures.weights(c["initial_weights"], names: kernels)
            let expected = c["expected"] as! JSON

            let forward = dtype == "float64" ? try Self.forward(Double.self, spec, data, initial)
                                             : try Self.forward(Float.self, spec, data, initial)
            let wanted = ParityFixtures.array(expected["forward"]).values
            XCTAssertEqual(forward.count, wanted.count, id)
            check(zip(forward, wanted).map { relativeError($0, $1) }.max() ?? .infinity, "forward")

            let run = try Runner.run(spec, data: data, initialParameters: initial)
            let losses = (expected["losses"] as! [Any]).map(ParityFixtures.number)
            XCTAssertEqual(run.history.map(\.loss).count, losses.count, id)
            check(zip(run.history.map(\.loss), losses).map { relativeError($0, $1) }.max() ?? .infinity, "losses")
            let final = ParityFixtures.weights(expected["final_weights"], names: kernels)
            XCTAssertEqual(run.parameters.count, final.count, id)
            for (got, want) in zip(run.parameters, final) {
                XCTAssertEqual(got.kernel.count, want.kernel.count, "\(id) \(got.name)")
                let error = zip(got.kernel + (got.bias ?? []), want.kernel + (want.bias ?? [])).map { relativeError($0, $1) }.max() ?? 0
                check(error, "final weights of \(got.name)")
            }
        }
        XCTAssertEqual(ids.count, 20)
        print("spatial layer parity, largest relative error: float64 \(worst["float64"] ?? .nan), float32 \(worst["float32"] ?? .nan)")
    }

    /// Dropout with the framework's own masks replayed (PyTorch: recorded by forward hooks; Keras:
    /// returned by the model as extra outputs; both in
    /// `layer_cases.py`): the scaling, the backward pass and the identity at evaluation are
    /// then compared exactly, step by step.
    func testDropoutWithTheFrameworksMasksReplayed() throws {
        var count = 0
        for c in try ParityFixtures.cases("layers") {
            guard let given = c["dropout_masks"] as? JSON else { continue }
            count += 1
            let id = c["id"] as! String, dtype = c["dtype"] as! String
            let tolerance = dtype == "float64" ? 1e-9 : 1e-5
            let spec = try makeSpec(Self.spec(c))
            let data = MaterializedData(trainInputs: ParityFixtures.array(c["x"]), trainTargets: ParityFixtures.array(c["y"]))
            let kernels = spec.model.layers.filter { $0.type is Dense.Type }.map(\.name)
            let initial = ParityFixtures.weights(c["initial_weights"], names: kernels)
            let masks: [Int: [[Bool]]] = Dictionary(uniqueKeysWithValues: given.map { key, steps in
                (Int(key)!, (steps as! [[Any]]).map { $0.map { ParityFixtures.number($0) != 0 } })
            })
            let expected = c["expected"] as! JSON
            let losses = (expected["losses"] as! [Any]).map(ParityFixtures.number)
            let final = ParityFixtures.weights(expected["final_weights"], names: kernels)
            let forward = ParityFixtures.array(expected["forward"]).values
            func replay<S: TrainingScalar>(_: S.Type) throws -> (forward: [Double], losses: [Double], final: [DenseParameters]) {
                let t = try Trainer<S>(spec: spec, data: data, initialParameters: initial)
                t.givenDropoutMasks = { step in masks.mapValues { $0[step] } }
                let x = t.train.x.constPointer, y = t.train.y.constPointer, rows = t.train.rows
                t.net.forward(x, rows: rows)
                let out = (0 ..< rows * t.net.outputs).map { Double(t.net.outputA[$0]) }
                let steps = (0 ..< losses.count).map { _ in t.step(x, y, rows: rows) }
                return (out, steps, t.net.reportedParameters())
            }
            let got = dtype == "float64" ? try replay(Double.self) : try replay(Float.self)
            func worst(_ a: [Double], _ b: [Double]) -> Double {
                a.count == b.count ? zip(a, b).map { relativeError($0, $1) }.max() ?? 0 : .infinity
            }
            XCTAssertLessThanOrEqual(worst(got.forward, forward), tolerance, "\(id): forward (evaluation: no dropout)")
            XCTAssertLessThanOrEqual(worst(got.losses, losses), tolerance, "\(id): losses")
            let weights = zip(got.final, final).map { g, w in worst(g.kernel + (g.bias ?? []), w.kernel + (w.bias ?? [])) }.max() ?? .infinity
            XCTAssertEqual(got.final.count, final.count, id)
            XCTAssertLessThanOrEqual(weights, tolerance, "\(id): final weights")
            print("\(id): largest relative error \(max(worst(got.forward, forward), worst(got.losses, losses), weights))")
        }
        XCTAssertEqual(count, 4, "PyTorch and Keras, float32 and float64")
    }
}
