import NNSpecSyntax

/// A fully elaborated spec: every default resolved, every choice explicit. Produced by
/// `SpecLoader`; consumed by lint, the runtime and the printers. Positions and origins of the
/// values are in `provenance`.
public struct Spec: Sendable {
    public var file: String
    public var name: String
    public var description: String?
    public var extends: String?
    /// Specs that claim to be the same experiment; lint compares their semantics.
    public var mirrors: [String]
    public var convention: Convention
    public var dtype: DType
    public var seed: UInt32
    public var data: DataSpec
    public var model: ModelSpec
    public var loss: LossSpec
    public var penalty: GlobalPenalty
    public var optimizer: OptimizerSpec
    public var training: TrainingSpec
    public var metrics: [Metric]
    /// Where `nnspec run` writes results when `--output` is not given.
    public var results: String
    /// Lint rule ids switched off for this spec.
    public var disabledRules: [String]
    public var provenance: Provenance
}
