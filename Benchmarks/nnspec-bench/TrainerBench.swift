// Trainer timings: whole training runs through `Runner.run`, divided by the steps or epochs
// they take, so the figures include everything a step does (forward, loss, backward,
// penalties, optimizer, divergence check), not just the products.

import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime

struct TrainerCase {
    var name: String
    var yaml: String
    var rows: Int
    var features: Int
    var outputs: Int
    /// What one unit of the reported time is.
    var unit: String
    var units: Int
}

func trainerCases() -> [TrainerCase] {
    let tinySteps = 20_000, mnistEpochs = Int(ProcessInfo.processInfo.environment["EPOCHS"] ?? "5")!
    func tiny(_ dtype: String) -> TrainerCase {
        TrainerCase(name: "trainer \(dtype == "float32" ? "f32" : "f64") 10→1 batch 100 (sgd, mse)", yaml: """
            convention: keras
            dtype: \(dtype)
            model: {layers: [{name: out, units: 1, kernel_initializer: zeros}]}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.01}
            training: {steps: \(tinySteps), batch_size: 100, batch_order: wrap, shuffle: false, log: {mode: batch, unit: step, every: \(tinySteps)}}
            metrics: [loss]
            """, rows: 10000, features: 10, outputs: 1, unit: "step", units: tinySteps)
    }
    func mnist(_ dtype: String) -> TrainerCase {
        TrainerCase(name: "trainer \(dtype == "float32" ? "f32" : "f64") 784-30-10 full batch 8000", yaml: """
            convention: keras
            dtype: \(dtype)
            model:
              layers:
                - {name: hidden, units: 30, activation: sigmoid}
                - {name: output, units: 10, activation: sigmoid}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 3.0}
            training: {epochs: \(mnistEpochs), batch_size: full, shuffle: false}
            metrics: [loss]
            """, rows: 8000, features: 784, outputs: 10, unit: "epoch", units: mnistEpochs)
    }
    return [tiny("float32"), tiny("float64"), mnist("float32"), mnist("float64")]
}

func runTrainerBench(_ o: Options) {
    for c in trainerCases() {
        if let f = o.filter, !c.name.contains(f) { continue }
        guard let spec = SpecLoader.load(text: "nnspec: 1\ndata: {inputs: [[0.0]], targets: [0.0]}\n" + c.yaml, file: "bench.yaml").spec else {
            print("!! \(c.name): spec did not load"); continue
        }
        var rng = RandomState(seed: 0)
        let x = rng.rand(count: c.rows * c.features)
        let y = rng.rand(count: c.rows * c.outputs)
        let data = MaterializedData(trainInputs: DataArray(rows: c.rows, columns: c.features, values: x),
                                    trainTargets: DataArray(rows: c.rows, columns: c.outputs, values: y))
        var reference: String?
        for t in o.threads {
            var json = ""
            let (sec, best) = NumericsConfig.withThreadCount(t) {
                measure(reps: max(3, o.reps / 3)) {
                    json = (try? Runner.run(spec, data: data).json) ?? ""
                    blackHole(json)
                }
            }
            if let r = reference, r != json { print("!! \(c.name): results differ at \(t) threads") }
            reference = reference ?? json
            print("\(pad(c.name, 44))  threads \(t)  \(lpad(fmt(sec / Double(c.units) * 1e6, 2), 10)) µs/\(c.unit)"
                  + "   (best \(lpad(fmt(best / Double(c.units) * 1e6, 2), 9)) µs/\(c.unit))")
        }
    }
}
