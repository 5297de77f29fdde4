import NNSpecData
import NNSpecIR
import NNSpecPlan

/// Predictions of a trained network: the network a spec describes, holding given parameters
/// (those a results file reports), run through the same forward pass training uses, in the
/// spec's dtype. Pictures of fits and decision boundaries are drawn from this, so they show
/// what the run computed, not a re-implementation of it.
public enum Predictor {
    /// The output layer's activations, one row per row of `inputs` (`rows × units` of the last
    /// layer). `inputs` are as the network sees them: after the spec's preprocessing.
    public static func predict(_ spec: Spec, parameters: [DenseParameters], inputs: DataArray) throws(RunError) -> DataArray {
        switch spec.dtype {
        case .float32: return try predict(Float.self, spec, parameters, inputs)
        case .float64: return try predict(Double.self, spec, parameters, inputs)
        }
    }

    /// Rows per forward pass: bounds the activation buffers whatever the number of inputs.
    static let chunk = 1024

    private static func predict<S: TrainingScalar>(_: S.Type, _ spec: Spec, _ parameters: [DenseParameters], _ inputs: DataArray) throws(RunError) -> DataArray {
        guard inputs.rank == 1 || inputs.rank == 2 else { throw RunError("inputs to predict must be rank 1 or 2, got shape \(inputs.shape)") }
        let rows = inputs.rows, features = inputs.columns
        // The plan training lowers (its batches need the training data's shapes), with the
        // width of the inputs given: a model.inputs or parameters of another width are refused.
        var shapes = (try? DataShapes.infer(spec)) ?? DataShapes(trainingRows: max(rows, 1), features: features, targetShape: [max(rows, 1), 1])
        shapes.features = features
        let plan: ExperimentPlan
        do { plan = try ExperimentPlan(spec: spec, shapes: shapes) } catch { throw RunError(error.code, error.message) }
        let net = Network<S>(plan, capacity: max(1, min(rows, chunk)))
        try net.load(parameters)
        let k = net.outputs
        var out: [Double] = []
        out.reserveCapacity(rows * k)
        var start = 0
        while start < rows {
            let n = min(chunk, rows - start)
            let x = Buffer<S>(inputs.values[(start * features) ..< ((start + n) * features)].map { S($0) })
            net.forward(x.constPointer, rows: n)
            let a = net.outputA
            for i in 0 ..< n * k { out.append(Double(a[i])) }
            start += n
        }
        return DataArray(rows: rows, columns: k, values: out)
    }
}
