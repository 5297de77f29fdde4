import NNSpecData
import NNSpecIR

/// Runs a spec: the entry point of `nnspec run`.
public enum Runner {
    /// Trains `spec` on `data` in the spec's dtype and returns what it produced (a diverged run is
    /// a result, not an error). Throws when the spec and the data or files do not fit together.
    /// - `initialParameters`: start from these values instead of the spec's initializers (tests
    ///   use it to start from a framework's exact initial weights).
    /// - `monitoring`: run the training monitors; the result's `diagnoses` holds what they found.
    ///   Monitoring never changes any other part of the result.
    public static func run(_ spec: Spec, data: MaterializedData, initialParameters: [DenseParameters]? = nil,
                           monitoring: MonitorOptions? = nil,
                           progress: ((RunProgress) -> Void)? = nil) throws(RunError) -> RunResult {
        switch spec.dtype {
        case .float32:
            return try train(Trainer<Float>(spec: spec, data: data, initialParameters: initialParameters), monitoring, progress)
        case .float64:
            return try train(Trainer<Double>(spec: spec, data: data, initialParameters: initialParameters), monitoring, progress)
        }
    }

    private static func train<S>(_ trainer: Trainer<S>, _ monitoring: MonitorOptions?,
                                 _ progress: ((RunProgress) -> Void)?) -> RunResult {
        if let monitoring { trainer.observer = MonitorSuite<S>(monitoring) }
        return trainer.run(progress: progress)
    }
}
