// Trainer timings: whole training runs through `Runner.run`, so the figures include everything
// a step does (forward, loss, backward, penalties, optimizer, divergence check), not just the
// products. Each case runs twice, with 1 and with 1 + N steps or epochs; the difference divided
// by N is the marginal cost per step or epoch, free of the run's fixed costs (converting the
// data to the dtype, drawing the initial weights, the final evaluation), which are shown apart.

import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime

struct TrainerCase {
    var name: String
    /// The spec for a run of `units` steps or epochs.
    var yaml: (Int) -> String
    var rows: Int
    var features: Int
    var outputs: Int
    /// What one unit of the reported time is, and how many the long run adds.
    var unit: String
    var units: Int
}

extension TrainerCase {
    /// The runs of 1 and of 1 + `units` steps or epochs, and the case's random data.
    func load() -> (short: Spec, long: Spec, data: MaterializedData)? {
        func spec(_ units: Int) -> Spec? {
            SpecLoader.load(text: "nnspec: 1\ndata: {inputs: [[0.0]], targets: [0.0]}\n" + yaml(units), file: "bench.yaml").spec
        }
        guard let short = spec(1), let long = spec(1 + units) else { return nil }
        var rng = RandomState(seed: 0)
        let data = MaterializedData(
            trainInputs: DataArray(rows: rows, columns: features, values: rng.rand(count: rows * features)),
            trainTargets: DataArray(rows: rows, columns: outputs, values: rng.rand(count: rows * outputs)))
        return (short, long, data)
    }
}

func trainerCases() -> [TrainerCase] {
    func tiny(_ dtype: String) -> TrainerCase {
        TrainerCase(name: "trainer \(dtype == "float32" ? "f32" : "f64") 10→1 batch 100 (sgd, mse)", yaml: { steps in """
            convention: keras
            dtype: \(dtype)
            model: {layers: [{name: out, units: 1, kernel_initializer: zeros}]}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 0.01}
            training: {steps: \(steps), batch_size: 100, batch_order: wrap, shuffle: false, log: {mode: batch, unit: step, every: \(steps)}}
            metrics: [loss]
            """ }, rows: 10000, features: 10, outputs: 1, unit: "step", units: 20_000)
    }
    func mnist(_ dtype: String) -> TrainerCase {
        TrainerCase(name: "trainer \(dtype == "float32" ? "f32" : "f64") 784-30-10 full batch 8000", yaml: { epochs in """
            convention: keras
            dtype: \(dtype)
            model:
              layers:
                - {name: hidden, units: 30, activation: sigmoid}
                - {name: output, units: 10, activation: sigmoid}
            loss: mse
            optimizer: {kind: sgd, learning_rate: 3.0}
            training: {epochs: \(epochs), batch_size: full, shuffle: false}
            metrics: [loss]
            """ }, rows: 8000, features: 784, outputs: 10, unit: "epoch", units: 10)
    }
    return [tiny("float32"), tiny("float64"), mnist("float32"), mnist("float64")]
}

func runTrainerBench(_ o: Options) {
    for c in trainerCases() {
        if let f = o.filter, !c.name.contains(f) { continue }
        guard let (short, long, data) = c.load() else { print("!! \(c.name): spec did not load"); continue }
        var reference: String?
        for t in o.threads {
            var json = ""
            let (fixed, fixedBest) = NumericsConfig.withThreadCount(t) {
                measure(reps: max(3, o.reps / 3)) { blackHole((try? Runner.run(short, data: data))?.steps) }
            }
            let (total, totalBest) = NumericsConfig.withThreadCount(t) {
                measure(reps: max(3, o.reps / 3)) {
                    json = (try? Runner.run(long, data: data).json) ?? ""
                    blackHole(json)
                }
            }
            if let r = reference, r != json { print("!! \(c.name): results differ at \(t) threads") }
            reference = reference ?? json
            let per = (total - fixed) / Double(c.units), best = (totalBest - fixedBest) / Double(c.units)
            print("\(pad(c.name, 44))  threads \(t)  \(lpad(fmt(per * 1e6, 2), 10)) µs/\(c.unit)"
                  + "   (best \(lpad(fmt(best * 1e6, 2), 9)))   run with 1 \(c.unit): \(lpad(fmt(fixed * 1e3, 2), 8)) ms")
        }
    }
}
