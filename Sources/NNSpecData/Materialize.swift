import NNSpecIR
import NNSpecSyntax

/// The arrays a spec trains and evaluates on, after splitting and preprocessing.
public struct MaterializedData: Sendable {
    public var trainInputs: DataArray
    public var trainTargets: DataArray
    /// The held-out part; nil when the spec does not split (`split: none`) or the split leaves
    /// no rows out.
    public var testInputs: DataArray?
    public var testTargets: DataArray?
    /// Every `data.arrays` definition, by name, as evaluated (before splitting).
    public var arrays: [String: DataArray]
    /// Rows of `data.inputs`/`data.targets` that went to each part (`train_test_split`, `head`);
    /// nil for `none` and `separate`.
    public var splitIndices: SplitIndices?
    /// The preprocessing steps in order, with what each learned from the training part.
    public var fittedSteps: [FittedStep]
    /// The (height, width) of the images the input rows flatten, from their IDX file's header
    /// (`DataSpec.inputImageGrid`); nil otherwise.
    public var inputImageGrid: [Int]?

    public init(trainInputs: DataArray, trainTargets: DataArray, testInputs: DataArray? = nil,
                testTargets: DataArray? = nil, arrays: [String: DataArray] = [:],
                splitIndices: SplitIndices? = nil, fittedSteps: [FittedStep] = [], inputImageGrid: [Int]? = nil) {
        self.trainInputs = trainInputs
        self.trainTargets = trainTargets
        self.testInputs = testInputs
        self.testTargets = testTargets
        self.arrays = arrays
        self.splitIndices = splitIndices
        self.fittedSteps = fittedSteps
        self.inputImageGrid = inputImageGrid
    }
}

/// Builds a spec's data: evaluates the expressions (one `RandomState(data.seed)` for all
/// generators: `data.arrays` in order, then inputs, then targets, then a separate test set),
/// splits, then applies the preprocessing steps in order, each fitted on the training part.
/// Nothing is cached between calls.
public enum DataLoader {
    public static func materialize(_ spec: Spec) -> Result<MaterializedData, DataError> {
        materialize(spec.data, specFile: spec.file, provenance: spec.provenance)
    }

    /// As `materialize(_:)` for a data section alone; `specFile` is what relative paths resolve
    /// against, `provenance` where split errors point.
    public static func materialize(_ data: DataSpec, specFile: String, provenance: Provenance = Provenance()) -> Result<MaterializedData, DataError> {
        var diagnostics: [Diagnostic] = []
        var evaluator = Evaluator(seed: data.seed, specFile: specFile)

        for definition in data.arrays {
            do { try evaluator.define(definition) } catch { diagnostics += error.diagnostics }
        }
        func eval(_ e: ArrayExpr, _ path: String) -> DataArray? {
            do {
                let a = try evaluator.evaluate(e)
                if a.rank == 0 {
                    diagnostics.append(.error(.shapeMismatch, "\(path) must be a vector or a matrix, got a scalar", at: e.location))
                    return nil
                }
                return a
            } catch {
                diagnostics += error.diagnostics
                return nil
            }
        }
        let inputs = eval(data.inputs, "data.inputs")
        let targets = eval(data.targets, "data.targets")
        var separate: (DataArray?, DataArray?)?
        if case .separate(let x, let y) = data.split {
            separate = (eval(x, "data.split.inputs"), eval(y, "data.split.targets"))
        }
        guard diagnostics.isEmpty, let inputs, let targets else { return .failure(DataError(diagnostics)) }

        if let d = rowMismatch(inputs, targets, inputsAt: data.inputs.location, targetsAt: data.targets.location, what: "data") {
            return .failure(DataError(d))
        }

        // Split.
        var trainX = inputs, trainY = targets
        var testX: DataArray?, testY: DataArray?
        var indices: SplitIndices?
        let splitAt = provenance.location(of: "data.split") ?? data.inputs.location
        switch data.split {
        case .none:
            break
        case .trainTestSplit(let testSize, let randomState, let shuffle):
            do { indices = try Split.trainTestSplit(count: inputs.rows, testSize: testSize, randomState: randomState, shuffle: shuffle) } catch {
                return .failure(DataError(.error(.dataSplit, error.message, at: provenance.location(of: "data.split.test_size") ?? splitAt)))
            }
        case .head(let train, let test):
            do { indices = try Split.head(count: inputs.rows, train: train, test: test) } catch {
                return .failure(DataError(.error(.dataSplit, error.message, at: provenance.location(of: "data.split.train") ?? splitAt)))
            }
        case .separate(let x, let y):
            guard let sx = separate?.0, let sy = separate?.1 else { return .failure(DataError(diagnostics)) }
            if let d = rowMismatch(sx, sy, inputsAt: x.location, targetsAt: y.location, what: "data.split") {
                return .failure(DataError(d))
            }
            for (train, test, name, at) in [(inputs, sx, "inputs", x.location), (targets, sy, "targets", y.location)]
                where train.rank != test.rank || train.columns != test.columns {
                diagnostics.append(.error(.shapeMismatch,
                    "the separate test \(name) have shape \(test.shapeDescription) but data.\(name) have shape \(train.shapeDescription): the columns must agree",
                    at: at))
            }
            guard diagnostics.isEmpty else { return .failure(DataError(diagnostics)) }
            testX = sx
            testY = sy
        }
        if let indices {
            trainX = inputs.selectingRows(indices.train)
            trainY = targets.selectingRows(indices.train)
            if !indices.test.isEmpty {
                testX = inputs.selectingRows(indices.test)
                testY = targets.selectingRows(indices.test)
            }
        }

        // Preprocess, each step fitted on the training part.
        var fitted: [FittedStep] = []
        for step in data.preprocess {
            let toInputs = step.applyTo == .inputs
            let f = Preprocess.fit(step.kind, on: toInputs ? trainX : trainY)
            fitted.append(f)
            do {
                if toInputs {
                    trainX = try Preprocess.apply(f, to: trainX)
                    testX = try testX.map { a throws(PreprocessError) in try Preprocess.apply(f, to: a) }
                } else {
                    trainY = try Preprocess.apply(f, to: trainY)
                    testY = try testY.map { a throws(PreprocessError) in try Preprocess.apply(f, to: a) }
                }
            } catch {
                return .failure(DataError(.error(.dataPreprocess, "\(error.message) (data.\(step.applyTo.rawValue))", at: step.location)))
            }
        }

        return .success(MaterializedData(trainInputs: trainX, trainTargets: trainY, testInputs: testX, testTargets: testY,
                                         arrays: evaluator.arrays, splitIndices: indices, fittedSteps: fitted,
                                         inputImageGrid: data.inputImageGrid(specFile: specFile)))
    }

    private static func rowMismatch(_ x: DataArray, _ y: DataArray, inputsAt: SourceLocation?, targetsAt: SourceLocation?, what: String) -> Diagnostic? {
        guard x.rows != y.rows else { return nil }
        return .error(.shapeMismatch, "\(what).targets has \(y.rows) rows (shape \(y.shapeDescription)) but \(what).inputs has \(x.rows) (shape \(x.shapeDescription))",
                      at: targetsAt, notes: [DiagnosticNote("\(what).inputs is defined here", at: inputsAt)])
    }
}
