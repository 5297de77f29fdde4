import NNSpecIR
import NNSpecSyntax

/// Checks that need the data's shapes, made without generating the data (see
/// `ShapeInference`): the expressions themselves (broadcasting, concat, columns, files that
/// are missing or corrupt in their headers), row counts, splits, and the model against the
/// data: the first layer's input width against the input features, the last layer's units
/// against the targets the loss needs. The shapes it finds (`TrainingShapes`) are the ones a
/// plan is lowered against: inferred once, here.
public enum ShapeCheck {
    /// Every check's findings, and the training data's shapes when they could be inferred.
    public struct Outcome: Sendable {
        public var diagnostics: [Diagnostic]
        public var shapes: TrainingShapes?
    }

    public static func diagnostics(for spec: Spec) -> [Diagnostic] { check(spec).diagnostics }

    /// The data's checks, then the model's ends and the resources against the shapes found.
    public static func check(_ spec: Spec) -> Outcome {
        var out: [Diagnostic] = []
        guard let (shapes, arrays) = trainingShapes(spec, into: &out) else { return Outcome(diagnostics: out, shapes: nil) }
        out += modelDiagnostics(spec, inputs: shapes.inputs, targets: shapes.targets)
        out += ResourceCheck.diagnostics(for: spec, inputs: shapes.inputs, targets: shapes.targets, arrays: arrays)
        return Outcome(diagnostics: out, shapes: shapes)
    }

    /// The training data's shapes alone (what a plan is lowered against), or the errors that
    /// keep them from being known.
    public static func trainingShapes(_ spec: Spec) -> Result<TrainingShapes, DataError> {
        var out: [Diagnostic] = []
        guard let (shapes, _) = trainingShapes(spec, into: &out) else { return .failure(DataError(out.filter { $0.severity == .error })) }
        return .success(shapes)
    }

    /// The expressions, rows, split and preprocessing, found without generating the data; nil
    /// when the shapes cannot be known (the errors are in `out`). Also the named arrays' shapes.
    private static func trainingShapes(_ spec: Spec, into out: inout [Diagnostic]) -> (TrainingShapes, [String: ArrayInfo])? {
        let data = spec.data
        var inference = ShapeInference(specFile: spec.file)
        for definition in data.arrays {
            do { try inference.define(definition) } catch { out += error.diagnostics }
        }
        func infer(_ e: ArrayExpr, _ path: String) -> ArrayInfo? {
            do {
                let a = try inference.infer(e)
                if a.shape.isEmpty {
                    out.append(.error(.shapeMismatch, "\(path) must be a vector or a matrix, got a scalar", at: e.location))
                    return nil
                }
                return a
            } catch {
                out += error.diagnostics
                return nil
            }
        }
        let inputsInfo = infer(data.inputs, "data.inputs")
        let targetsInfo = infer(data.targets, "data.targets")
        guard var inputs = inputsInfo, var targets = targetsInfo else {
            if case .separate(let x, let y) = data.split {
                _ = infer(x, "data.split.inputs")
                _ = infer(y, "data.split.targets")
            }
            return nil
        }

        // Rows and the split.
        if inputs.rows != targets.rows {
            out.append(.error(.shapeMismatch,
                "data.targets has \(targets.rows) rows (shape \(targets.shapeDescription)) but data.inputs has \(inputs.rows) (shape \(inputs.shapeDescription))",
                at: data.targets.location, notes: [DiagnosticNote("data.inputs is defined here", at: data.inputs.location)]))
        }
        var trainingRows = inputs.rows
        let splitAt = spec.provenance.location(of: "data.split") ?? data.inputs.location
        switch data.split {
        case .none:
            break
        case .trainTestSplit(let testSize, let randomState, let shuffle):
            do {
                trainingRows = try Split.trainTestSplit(count: inputs.rows, testSize: testSize, randomState: randomState, shuffle: shuffle).train.count
            } catch {
                out.append(.error(.dataSplit, error.message, at: spec.provenance.location(of: "data.split.test_size") ?? splitAt))
            }
        case .head(let train, let test):
            trainingRows = train
            do { _ = try Split.head(count: inputs.rows, train: train, test: test) } catch {
                out.append(.error(.dataSplit, error.message, at: spec.provenance.location(of: "data.split.train") ?? splitAt))
            }
        case .separate(let x, let y):
            if let sx = infer(x, "data.split.inputs"), let sy = infer(y, "data.split.targets") {
                if sx.rows != sy.rows {
                    out.append(.error(.shapeMismatch,
                        "data.split.targets has \(sy.rows) rows (shape \(sy.shapeDescription)) but data.split.inputs has \(sx.rows) (shape \(sx.shapeDescription))",
                        at: y.location, notes: [DiagnosticNote("data.split.inputs is defined here", at: x.location)]))
                }
                for (train, test, name, at) in [(inputs, sx, "inputs", x.location), (targets, sy, "targets", y.location)]
                    where train.shape.count != test.shape.count || train.columns != test.columns {
                    out.append(.error(.shapeMismatch,
                        "the separate test \(name) have shape \(test.shapeDescription) but data.\(name) have shape \(train.shapeDescription): the columns must agree",
                        at: at))
                }
            }
        }

        // Preprocessing changes shapes only through one_hot.
        for step in data.preprocess {
            guard case .oneHot(let classes) = step.kind else {
                if step.applyTo == .inputs { inputs.integral = nil } else { targets.integral = nil }
                continue
            }
            let a = step.applyTo == .inputs ? inputs : targets
            let what = "data.\(step.applyTo.rawValue)"
            if a.shape.count == 2 && a.columns != 1 {
                out.append(.error(.dataPreprocess, "one_hot needs a vector (n,) or a column (n, 1) of class labels, but \(what) has shape \(a.shapeDescription)", at: step.location))
                return nil
            }
            if a.integral == false {
                out.append(.error(.dataPreprocess, "one_hot needs integer class labels, but \(what) is not integer-valued", at: step.location))
            }
            let encoded = ArrayInfo(shape: [a.rows, classes], integral: true)
            if step.applyTo == .inputs { inputs = encoded } else { targets = encoded }
        }

        if targets.shape.count > 2 {
            out.append(.error(.shapeModel, "data.targets must be a vector or a matrix, got shape \(targets.shapeDescription)", at: data.targets.location))
            return nil
        }
        let shapes = TrainingShapes(trainingRows: trainingRows, inputs: inputs, targets: targets,
                                    imageGrid: data.inputImageGrid(specFile: spec.file))
        return (shapes, inference.arrays)
    }

    private static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

    /// The model's ends against the data: input width, and output width as the loss needs it.
    static func modelDiagnostics(_ spec: Spec, inputs: ArrayInfo, targets: ArrayInfo) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let layers = spec.model.layers
        guard let first = layers.first else { return out }
        let features = inputs.columns
        let inputsNote = DiagnosticNote("data.inputs has shape \(inputs.shapeDescription)", at: spec.data.inputs.location)

        if let width = spec.model.inputs, width != features {
            // The first layer takes its width from model.inputs: point at the number written.
            let written = spec.provenance.location(of: "model.inputs")
            var notes = [inputsNote]
            if written != nil { notes.append(DiagnosticNote("the first layer, '\(first.name)', takes its inputs from model.inputs", at: first.location)) }
            out.append(.error(.shapeModel,
                "layer '\(first.name)' expects \(width) inputs (model.inputs) but data.inputs has \(plural(features, "feature"))",
                at: written ?? first.location, notes: notes,
                fixIts: [FixIt("set model.inputs to the data's feature count", replacement: "\(features)")]))
        }

        // The output width is the last layer with units: batch normalization and dropout after it
        // keep its width.
        let lastIndex = layers.lastIndex { $0.units > 0 } ?? layers.count - 1
        let last = layers[lastIndex]
        let unitsAt = spec.provenance.location(of: "model.layers[\(lastIndex)].units") ?? last.location
        let targetsNote = DiagnosticNote("data.targets has shape \(targets.shapeDescription)", at: spec.data.targets.location)
        let loss = spec.loss.kind
        switch loss {
        case .sparseCategoricalCrossentropy:
            if targets.shape.count == 2 && targets.columns != 1 {
                out.append(.error(.shapeModel,
                    "sparse_categorical_crossentropy needs one integer class label per sample (shape (n,) or (n, 1)), but data.targets has shape \(targets.shapeDescription)",
                    at: spec.data.targets.location,
                    fixIts: [FixIt("for one-hot targets use categorical_crossentropy")]))
            } else if targets.integral == false {
                out.append(.error(.dataPreprocess,
                    "sparse_categorical_crossentropy needs integer class labels, but data.targets is not integer-valued",
                    at: spec.data.targets.location))
            }
            if last.units < 2 {
                out.append(Diagnostic(.warning,
                    "sparse_categorical_crossentropy needs one output per class, but layer '\(last.name)' has \(plural(last.units, "unit"))",
                    at: unitsAt, id: DiagnosticCode.shapeModel.rawValue, notes: [targetsNote]))
            }
        case .mse, .binaryCrossentropy, .categoricalCrossentropy:
            if targets.columns != last.units {
                var fixIts: [FixIt] = []
                if loss == .categoricalCrossentropy && targets.columns == 1 && targets.integral != false && last.units > 1 {
                    fixIts = [FixIt("one-hot encode the labels: add a preprocess step", replacement: "{kind: one_hot, classes: \(last.units), apply_to: targets}"),
                              FixIt("or use sparse_categorical_crossentropy with integer labels")]
                }
                out.append(.error(.shapeModel,
                    "layer '\(last.name)' has \(plural(last.units, "unit")) but data.targets has \(plural(targets.columns, "column")) (shape \(targets.shapeDescription)); \(loss.rawValue) needs one output per target column",
                    at: unitsAt, notes: [targetsNote], fixIts: fixIts))
            }
        }
        return out
    }
}
