import NNSpecIR
import NNSpecNumerics

/// The first non-finite loss or parameter. The trainer asks `detect` after every step and stops
/// the run on an answer (the result's `diverged` record); the monitor turns that record into a
/// diagnosis like the others.
final class Divergence: TrainingMonitor {
    static let description = MonitorDescription(
        id: "diverged", name: "Divergence", severity: .error,
        summary: "The loss or a parameter became NaN or infinite; the run stopped there.",
        explanation: """
        After every step the trainer checks the step's loss (before the update) and then every \
        parameter after it; the first value that is not finite (IEEE 754 NaN or ±∞) ends the run \
        with status `diverged`, and the diagnosis names the step, the epoch, the layer and tensor \
        (`kernel`, `bias`, or `loss`). No threshold: a finite run never triggers it. The usual \
        cause is a step size beyond the stability limit 2/λ_max of the loss's curvature, so that \
        each update overshoots by more than it corrects; other monitors (gradients-explode, \
        loss-oscillates) often show the growth before it.
        """,
        citation: "IEEE 754-2019 §6 (NaN and infinity); LeCun, Bottou, Orr, Müller, \"Efficient BackProp\" (1998), §4.6: a learning rate above 2/λ_max diverges.",
        triggering: [MonitorExamples.regression(optimizer: "{kind: sgd, learning_rate: 5.0}", epochs: 20)],
        nonTriggering: [MonitorExamples.regression(optimizer: "{kind: sgd, learning_rate: 0.05}", epochs: 20)])

    init(_ context: MonitorContext) {}

    /// A non-finite loss, or a non-finite parameter after the update, named by layer and tensor.
    static func detect<S>(loss value: Double, in net: Network<S>, step: Int, epoch: Int) -> RunResult.Divergence? {
        func text(_ v: Double) -> String { v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        if !value.isFinite {
            return RunResult.Divergence(step: step, epoch: epoch, layer: nil, tensor: "loss", value: text(value),
                                        message: "diverged at step \(step) (epoch \(epoch)): the loss is \(text(value))")
        }
        let w = net.parameters.pointer
        if let i = FiniteScan.firstNonFinite(w, count: net.parameterCount) {
            let (layer, tensor) = net.locate(i)
            let v = text(Double(w[i]))
            return RunResult.Divergence(step: step, epoch: epoch, layer: layer.name, tensor: tensor, value: v,
                                        message: "diverged at step \(step) (epoch \(epoch)): layer '\(layer.name)' \(tensor) became \(v)")
        }
        return nil
    }

    func diagnoses(_ end: EndState) -> [Diagnosis] {
        guard let d = end.result.divergence else { return [] }
        let what = d.layer.map { "layer '\($0)' \(d.tensor) became \(d.value)" } ?? "the loss is \(d.value)"
        return [diagnosis(at: d.step, epoch: d.epoch, layer: d.layer, values: [.init(d.tensor, Double(d.value) ?? .nan)],
                          message: what,
                          cause: "each update overshoots: the step size is beyond what the loss's curvature allows",
                          fix: "lower optimizer.learning_rate (by 10×), or standardize the inputs")]
    }
}
