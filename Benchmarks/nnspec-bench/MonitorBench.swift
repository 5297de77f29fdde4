// The training monitors' cost: each case trains the same run with and without monitoring at the
// default sampling (`MonitorOptions()`), alternating the two so the shared machine's load hits
// both alike, and reports the per-step (or per-epoch) time of each and the overhead. The
// monitored run's results are checked to be the same bytes as the plain run's.

import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime

func monitorCases() -> [TrainerCase] {
    let small = TrainerCase(name: "monitor f32 2-16-1 tanh batch 32 (adam, mse)", yaml: { epochs in """
        convention: keras
        model: {layers: [{name: hidden, units: 16, activation: tanh}, {name: out, units: 1}]}
        loss: mse
        optimizer: {kind: adam, learning_rate: 0.01}
        training: {epochs: \(epochs), batch_size: 32}
        metrics: [loss]
        """ }, rows: 320, features: 2, outputs: 1, unit: "epoch", units: 400)
    let trainer = trainerCases()
    return [trainer[0], small, trainer[2]].map { c in
        var c = c
        c.name = c.name.replacingOccurrences(of: "trainer ", with: "monitor ")
        return c
    }
}

func runMonitorBench(_ o: Options) {
    for c in monitorCases() {
        if let f = o.filter, !c.name.contains(f) { continue }
        guard let spec = SpecLoader.load(text: "nnspec: 1\ndata: {inputs: [[0.0]], targets: [0.0]}\n" + c.yaml(c.units),
                                         file: "bench.yaml").spec else { print("!! \(c.name): spec did not load"); continue }
        var rng = RandomState(seed: 0)
        let data = MaterializedData(
            trainInputs: DataArray(rows: c.rows, columns: c.features, values: rng.rand(count: c.rows * c.features)),
            trainTargets: DataArray(rows: c.rows, columns: c.outputs, values: rng.rand(count: c.rows * c.outputs)))
        var plain: [Double] = [], watched: [Double] = []
        var same = true
        for _ in 0 ..< max(3, o.reps / 3) {
            var a = "", b = ""
            plain.append(measure(reps: 1) { a = (try? Runner.run(spec, data: data).json) ?? "" }.median)
            watched.append(measure(reps: 1) { b = (try? Runner.run(spec, data: data, monitoring: MonitorOptions()).json) ?? "" }.median)
            same = same && a == b
        }
        let p = plain.sorted()[plain.count / 2] / Double(c.units), w = watched.sorted()[watched.count / 2] / Double(c.units)
        print("\(pad(c.name, 48))  plain \(lpad(fmt(p * 1e6, 2), 10)) µs/\(c.unit)   monitored \(lpad(fmt(w * 1e6, 2), 10)) µs/\(c.unit)"
              + "   overhead \(lpad(fmt((w / p - 1) * 100, 1), 5)) %" + (same ? "" : "   !! results differ"))
    }
}
