import Foundation
import NNSpecIR
import NNSpecPlan
import NNSpecSyntax

/// `nnspec export --to keras|sklearn|pytorch SPEC [--output FILE]`: a runnable Python script that
/// performs the spec's experiment in that framework — the same data (NumPy code that draws and
/// splits exactly as nnspec), the same initial weights, the same batches in the same order — and
/// writes its results in nnspec's results format, so a reviewer can confirm any spec outside
/// nnspec. A spec the framework cannot express exactly is refused, field by field; nothing is
/// approximated.
public enum Export {
    public enum Target: String, Sendable, CaseIterable {
        case keras, sklearn, pytorch

        /// The framework's name in messages.
        public var framework: String {
            switch self {
            case .keras: return "Keras"
            case .sklearn: return "scikit-learn"
            case .pytorch: return "PyTorch"
            }
        }
    }

    /// Why no script was produced: errors in the spec or its data (`diagnostics`), or the fields
    /// the framework cannot express (`refusals`).
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
        public var refusals: [ExportRefusal]
    }

    /// The layer kinds the Keras and PyTorch exporters write.
    static let writtenKinds: [any LayerDeclaration.Type] = [Dense.self, Conv2D.self, MaxPooling2D.self, AveragePooling2D.self, Flatten.self, Dropout.self, BatchNormalization.self]

    /// The script for an elaborated spec. `scriptDirectory` (absolute) is where the script will
    /// live: data and initializer paths are written relative to it; nil writes them absolute.
    /// `scriptName` is the file name its usage line shows (default `<spec name>-<target>.py`).
    public static func script(for spec: Spec, to target: Target, scriptDirectory: String?,
                              scriptName: String? = nil) throws(Failure) -> String {
        let ctx: ExportContext
        do {
            ctx = try ExportContext(spec: spec, target: target, scriptDirectory: scriptDirectory, scriptName: scriptName)
        } catch {
            throw Failure(diagnostics: error.diagnostics, refusals: [])
        }
        // The kinds the Keras and PyTorch exporters write (scikit-learn's refuses all but dense
        // itself); any other is refused by name, never approximated.
        if target != .sklearn {
            let unsupported = spec.model.layers.enumerated().filter { _, l in !writtenKinds.contains { $0 == l.type } }.map { i, l in
                ExportRefusal(field: "model.layers[\(i)].type",
                              reason: "layer '\(l.name)' is \(l.type.type); export does not write \(l.type.type) layers yet", location: l.location)
            }
            if !unsupported.isEmpty { throw Failure(diagnostics: [], refusals: unsupported) }
        }
        // Every framework's loss takes one vector per sample: a model ending in a feature map
        // (no flatten or dense after its last window) has no script.
        let output = ctx.plan.output
        if output.outputShape.count != 1 {
            throw Failure(diagnostics: [], refusals: [ExportRefusal(
                field: "model.layers[\(output.index)].type",
                reason: "the output layer '\(output.name)' gives samples of shape \(output.outputShape); an exported loss takes one vector per sample (end the model with flatten or dense)",
                location: output.spec.location)])
        }
        let result: Result<String, ExportFailure>
        switch target {
        case .keras: result = KerasExporter(ctx).script()
        case .sklearn: result = SklearnExporter(ctx).script()
        case .pytorch: result = TorchExporter(ctx).script()
        }
        switch result {
        case .success(let s): return s
        case .failure(let f): throw Failure(diagnostics: f.diagnostics, refusals: f.refusals)
        }
    }
}
