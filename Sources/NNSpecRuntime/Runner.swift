import NNSpecData
import NNSpecIR

/// Runs a spec: the entry point of `nnspec run`.
public enum Runner {
    /// Trains `spec` on `data` in the spec's dtype and returns what it produced (a diverged run is
    /// a result, not an error). Throws when the spec and the data or files do not fit together.
    /// - `initialParameters`: start from these values instead of the spec's initializers (tests
    ///   use it to start from a framework's exact initial weights).
    public static func run(_ spec: Spec, data: MaterializedData, initialParameters: [DenseParameters]? = nil,
                           progress: ((RunProgress) -> Void)? = nil) throws(RunError) -> RunResult {
        switch spec.dtype {
        case .float32:
            return try Trainer<Float>(spec: spec, data: data, initialParameters: initialParameters).run(progress: progress)
        case .float64:
            return try Trainer<Double>(spec: spec, data: data, initialParameters: initialParameters).run(progress: progress)
        }
    }
}
