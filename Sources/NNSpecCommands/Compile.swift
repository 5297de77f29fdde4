import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// `nnspec compile`: the canonical explicit form of a spec, every value with its origin.
public enum Compile {
    public enum Format: String, Sendable, CaseIterable { case yaml, json }

    public static func run(path: String, format: Format, overrides: [String] = []) -> CommandOutput {
        if let failure = CommandOutput.unreadable(path) { return failure }
        let loaded = SpecPipeline.load(path: path, overrides: overrides)
        guard let loadedSpec = loaded.spec else {
            let text = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
            return CommandOutput(stderr: text, exitCode: CommandOutput.Code.findings)
        }
        let spec = withImageShape(loadedSpec)
        let warnings = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
        return CommandOutput(stdout: format == .yaml ? spec.compiledYAML : spec.compiledJSON, stderr: warnings)
    }

    /// The spec with `model.input_shape` filled in, origin `data`, where the plan reads images
    /// whose shape the spec does not write: an IDX file's h × w grid, or an image array's
    /// samples. Only the data's headers and expressions are read, and only for a model with
    /// image layers; when they cannot be read the spec is shown as written.
    static func withImageShape(_ spec: Spec) -> Spec {
        guard spec.model.isSpatial, spec.model.inputShape == nil, spec.model.inputs == nil,
              let plan = try? ExperimentPlan.lower(spec), let first = plan.layers.first, first.inputShape.count == 3 else { return spec }
        let what: String
        switch plan.inputShapeOrigin {
        case .idxHeader:
            let grid = plan.shapes.imageGrid ?? []
            what = "the IDX file's \(grid.map(String.init).joined(separator: "×")) images, one channel, \(spec.model.dataFormat.rawValue)"
        case .data: what = "the inputs' samples"
        case .inputs, .written: return spec
        }
        var shown = spec
        shown.model.inputShape = first.inputShape
        shown.provenance.record("model.input_shape", .data(what), nil)
        return shown
    }
}
