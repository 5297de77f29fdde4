// The training monitors' cost: each case trains a run of 1 and of 1 + N steps (or epochs), with
// and without monitoring at the default sampling (`MonitorOptions()`), the four one after the
// other so the shared machine's load hits them alike. As in TrainerBench, (long − short) / N is
// the marginal cost per step; the overhead compares it with and without monitoring, and the
// monitors' once-per-run cost (the constant output's loss, the final pass over the training set)
// is shown apart. The monitored run's results are checked to be the same bytes as the plain run's.

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
        guard let (short, long, data) = c.load() else { print("!! \(c.name): spec did not load"); continue }
        // Per repetition: the short and the long run, plain and monitored, one after the other.
        var times: [[Double]] = [[], [], [], []]
        var same = true
        for _ in 0 ..< max(3, o.reps / 3) {
            var plain = "", watched = ""
            times[0].append(measure(reps: 1) { blackHole((try? Runner.run(short, data: data))?.steps) }.median)
            times[1].append(measure(reps: 1) { blackHole((try? Runner.run(short, data: data, monitoring: MonitorOptions()))?.steps) }.median)
            times[2].append(measure(reps: 1) { plain = (try? Runner.run(long, data: data).json) ?? "" }.median)
            times[3].append(measure(reps: 1) { watched = (try? Runner.run(long, data: data, monitoring: MonitorOptions()).json) ?? "" }.median)
            same = same && plain == watched
        }
        let m = times.map { $0.sorted()[$0.count / 2] }
        let p = (m[2] - m[0]) / Double(c.units), w = (m[3] - m[1]) / Double(c.units)
        let overhead = (w / p - 1) * 100
        print("\(pad(c.name, 48))  plain \(lpad(fmt(p * 1e6, 2), 10)) µs/\(c.unit)   monitored \(lpad(fmt(w * 1e6, 2), 10)) µs/\(c.unit)"
              + "   overhead \(lpad((overhead < 0 ? "-" : "") + fmt(abs(overhead), 1), 6)) %"
              + "   once per run \(lpad(fmt((m[1] - m[0]) * 1e3, 2), 8)) ms" + (same ? "" : "   !! results differ"))
    }
}
