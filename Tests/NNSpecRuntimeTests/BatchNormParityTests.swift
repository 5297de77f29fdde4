@testable import NNSpecRuntime
import NNSpecData
import NNSpecIR
import XCTest

/// Batch normalization against Keras 3 and PyTorch (`parity/fixtures/layers.json`, the cases
/// marked `batch_norm`, made by `parity/layer_cases.py`): after a dense layer and after a
/// convolution, in float32 (1e-5) and float64 (1e-9) — the output at the initial parameters in
/// inference mode (running statistics) and in training mode (batch statistics), the loss of each
/// SGD step, every final tensor with the running statistics (Keras' momentum-weighted biased
/// variance, PyTorch's unbiased one, PyTorch's weight decay on γ and β), and the inference-mode
/// output after training, from the results' parameters loaded into a network.
final class BatchNormParityTests: XCTestCase {
    typealias JSON = [String: Any]

    /// The fixture's layers (`{name: {shape, values}}` each) under the spec's layer names.
    static func parameters(_ value: Any?, names: [String]) -> [LayerParameters] {
        zip(value as! [JSON], names).map { layer, name in
            LayerParameters(name: name, tensors: layer.keys.sorted().map { key in
                let t = layer[key] as! JSON
                return ReportedTensor(name: key, shape: (t["shape"] as! [Any]).map { Int(ParityFixtures.number($0)) },
                                      values: (t["values"] as! [Any]).map(ParityFixtures.number))
            })
        }
    }

    func testBatchNormalizationMatchesKerasAndPyTorch() throws {
        var ids: [String] = []
        var worst: [String: Double] = [:]
        for c in try ParityFixtures.cases("layers") where c["batch_norm"] != nil {
            let id = c["id"] as! String, dtype = c["dtype"] as! String
            ids.append(id)
            let tolerance = dtype == "float64" ? 1e-9 : 1e-5
            func check(_ got: [Double], _ want: [Double], _ what: String) {
                XCTAssertEqual(got.count, want.count, "\(id): \(what)")
                let error = got.count == want.count ? zip(got, want).map { relativeError($0, $1) }.max() ?? 0 : .infinity
                worst[dtype] = max(worst[dtype] ?? 0, error)
                XCTAssertLessThanOrEqual(error, tolerance, "\(id): \(what)")
            }
            let spec = try makeSpec(LayerParityTests.spec(c))
            let x = ParityFixtures.array(c["x"])
            let data = MaterializedData(trainInputs: x, trainTargets: ParityFixtures.array(c["y"]))
            let names = spec.model.layers.filter { !($0.type is Flatten.Type) }.map(\.name)
            let initial = Self.parameters(c["initial"], names: names)
            let expected = c["expected"] as! JSON
            func values(_ key: String) -> [Double] { ParityFixtures.array(expected[key]).values }

            func forwards<S: TrainingScalar>(_: S.Type) throws -> (inference: [Double], training: [Double]) {
                let t = try Trainer<S>(spec: spec, data: data, initialParameters: initial)
                let rows = t.train.rows, k = t.net.outputs
                t.net.forward(t.train.x.constPointer, rows: rows)
                let inference = (0 ..< rows * k).map { Double(t.net.outputA[$0]) }
                t.net.forward(t.train.x.constPointer, rows: rows, pass: TrainingPass(seed: 0, step: 0))
                return (inference, (0 ..< rows * k).map { Double(t.net.outputA[$0]) })
            }
            let f = dtype == "float64" ? try forwards(Double.self) : try forwards(Float.self)
            check(f.inference, values("forward_inference"), "forward in inference mode")
            check(f.training, values("forward_training"), "forward in training mode")

            let run = try Runner.run(spec, data: data, initialParameters: initial)
            check(run.history.map(\.loss), (expected["losses"] as! [Any]).map(ParityFixtures.number), "losses")
            let final = Self.parameters(expected["final"], names: names)
            XCTAssertEqual(run.parameters.map(\.name), final.map(\.name), id)
            for (got, want) in zip(run.parameters, final) {
                XCTAssertEqual(Set(got.tensors.map(\.name)), Set(want.tensors.map(\.name)), "\(id) \(got.name)")
                for w in want.tensors {
                    let g = got.tensor(w.name)
                    XCTAssertEqual(g?.shape, w.shape, "\(id) \(got.name).\(w.name)")
                    check(g?.values ?? [], w.values, "final \(got.name).\(w.name)")
                }
            }
            func after<S: TrainingScalar>(_: S.Type) throws -> [Double] {
                let t = try Trainer<S>(spec: spec, data: data, initialParameters: run.parameters)
                t.net.forward(t.train.x.constPointer, rows: t.train.rows)
                return (0 ..< t.train.rows * t.net.outputs).map { Double(t.net.outputA[$0]) }
            }
            check(dtype == "float64" ? try after(Double.self) : try after(Float.self), values("forward_after"),
                  "inference after training, from the results' parameters")
        }
        XCTAssertEqual(ids.count, 8)
        print("batch normalization parity, largest relative error: float64 \(worst["float64"] ?? .nan), float32 \(worst["float32"] ?? .nan)")
    }
}
