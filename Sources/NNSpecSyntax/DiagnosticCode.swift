/// The stable id of every diagnostic nnspec reports outside lint (lint rules carry their own ids,
/// see `RuleRegistry`). One case per kind of problem, documented here once: `nnspec explain`
/// lists them and prints each one's text, SARIF carries it as the rule's help. An id never
/// changes once released — scripts and CI filters match on it; add a case for a new kind.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable {
    // YAML (NNSpecSyntax)
    case yamlSyntax = "yaml-syntax"
    case yamlEncoding = "yaml-encoding"
    case yamlDuplicateKey = "yaml-duplicate-key"
    case yamlMultipleDocuments = "yaml-multiple-documents"
    case yamlEmpty = "yaml-empty"
    case yamlUnsupported = "yaml-unsupported"
    case yamlAlias = "yaml-alias"
    case yamlScalar = "yaml-scalar"
    case yamlLimit = "yaml-limit"
    // Spec grammar and elaboration (NNSpecIR)
    case specType = "spec-type"
    case specRange = "spec-range"
    case specUnknownKey = "spec-unknown-key"
    case specUnknownValue = "spec-unknown-value"
    case specMissingKey = "spec-missing-key"
    case specConflict = "spec-conflict"
    case specInvalid = "spec-invalid"
    case specArrayExpression = "spec-array-expression"
    case specVersion = "spec-version"
    case specExtends = "spec-extends"
    case specOverride = "spec-override"
    // Data and shapes (NNSpecData)
    case dataFileUnreadable = "data-file-unreadable"
    case dataFileMalformed = "data-file-malformed"
    case dataExpression = "data-expression"
    case dataSplit = "data-split"
    case dataPreprocess = "data-preprocess"
    case shapeMismatch = "shape-mismatch"
    case shapeModel = "shape-model"
    // Lowering to a plan (NNSpecPlan)
    case planTooManySteps = "plan-too-many-steps"
    case planTooManyParameters = "plan-too-many-parameters"
    case planShape = "plan-shape"
    // Training (NNSpecRuntime)
    case runNoRows = "run-no-rows"
    case runDataMismatch = "run-data-mismatch"
    case runInitializer = "run-initializer"
    case runDiverged = "run-diverged"
    case runResultsDiffer = "run-results-differ"
    // Commands
    case exportRefused = "export-refused"
    case plotInvalid = "plot-invalid"
    case sweepLaunch = "sweep-launch"
    case resultsMalformed = "results-malformed"
    case ioUnreadable = "io-unreadable"
    case ioUnwritable = "io-unwritable"
    case usage = "usage"

    /// The pipeline stage that reports it, as `nnspec explain` groups the list.
    public var stage: String {
        switch self {
        case .yamlSyntax, .yamlEncoding, .yamlDuplicateKey, .yamlMultipleDocuments, .yamlEmpty,
             .yamlUnsupported, .yamlAlias, .yamlScalar, .yamlLimit: return "yaml"
        case .specType, .specRange, .specUnknownKey, .specUnknownValue, .specMissingKey, .specConflict,
             .specInvalid, .specArrayExpression, .specVersion, .specExtends, .specOverride: return "spec"
        case .dataFileUnreadable, .dataFileMalformed, .dataExpression, .dataSplit, .dataPreprocess,
             .shapeMismatch, .shapeModel: return "data"
        case .planTooManySteps, .planTooManyParameters, .planShape: return "plan"
        case .runNoRows, .runDataMismatch, .runInitializer, .runDiverged, .runResultsDiffer: return "run"
        case .exportRefused, .plotInvalid, .sweepLaunch, .resultsMalformed, .ioUnreadable, .ioUnwritable, .usage: return "command"
        }
    }

    /// The severity it is reported at.
    public var severity: Severity { self == .runDiverged ? .warning : .error }

    /// One line.
    public var summary: String {
        switch self {
        case .yamlSyntax: return "The file is not well-formed YAML."
        case .yamlEncoding: return "The file is not valid UTF-8."
        case .yamlDuplicateKey: return "A mapping names the same key twice."
        case .yamlMultipleDocuments: return "The file holds more than one YAML document."
        case .yamlEmpty: return "The file holds no spec."
        case .yamlUnsupported: return "The YAML uses a construct specs refuse: a tag beyond the core schema, a merge key or a non-scalar key."
        case .yamlAlias: return "An alias is undefined or refers to a node that contains it."
        case .yamlScalar: return "A tagged scalar cannot be read as its tag says."
        case .yamlLimit: return "The YAML exceeds a safety limit: nesting depth, alias expansion or memory."
        case .specType: return "A value has the wrong type (a string where a number belongs, a list where a mapping belongs)."
        case .specRange: return "A number is outside the range its field allows."
        case .specUnknownKey: return "A key the grammar does not define."
        case .specUnknownValue: return "A name (activation, loss, optimizer, …) the grammar does not define."
        case .specMissingKey: return "A required key is missing."
        case .specConflict: return "Fields that cannot be used together."
        case .specInvalid: return "A value is well-typed but not a valid spec construct."
        case .specArrayExpression: return "A data array expression is malformed."
        case .specVersion: return "The spec's `nnspec:` format version is not one this nnspec reads."
        case .specExtends: return "The `extends:` base cannot be found, loaded or is part of a cycle."
        case .specOverride: return "A command-line override `key.path=value` is malformed or names a path the spec cannot take."
        case .dataFileUnreadable: return "A data or initializer file cannot be opened."
        case .dataFileMalformed: return "A data file is truncated, corrupt or in an unsupported layout."
        case .dataExpression: return "A data expression's arguments are invalid for its operands."
        case .dataSplit: return "The train/test split cannot be made from the data."
        case .dataPreprocess: return "A preprocessing step cannot be applied to its data."
        case .shapeMismatch: return "Arrays whose shapes do not fit together."
        case .shapeModel: return "The model's input or output width does not fit the data or the loss."
        case .planTooManySteps: return "The number of training steps overflows a count."
        case .planTooManyParameters: return "The model has more parameters than can be counted."
        case .planShape: return "The model's layers do not give a valid tensor layout."
        case .runNoRows: return "The training data has no rows."
        case .runDataMismatch: return "The data handed to training does not fit the model or the loss."
        case .runInitializer: return "An initializer file or initial parameters do not fit the layer."
        case .runDiverged: return "Training diverged: the loss became non-finite or grew without bound."
        case .runResultsDiffer: return "`nnspec run --check`: the results differ from the file."
        case .exportRefused: return "The target framework cannot express a field of the spec exactly."
        case .plotInvalid: return "`nnspec plot` cannot draw the results as asked."
        case .sweepLaunch: return "`nnspec sweep` could not start the process of a variant."
        case .resultsMalformed: return "A results file is not in nnspec's results format."
        case .ioUnreadable: return "A file named on the command line cannot be read."
        case .ioUnwritable: return "An output file cannot be written."
        case .usage: return "The command line is invalid."
        }
    }

    /// A paragraph: what causes it and how to fix it.
    public var explanation: String {
        switch self {
        case .yamlSyntax:
            return "libyaml stopped at this position: a missing colon, bad indentation, a tab in indentation, an unclosed quote or bracket. The message is libyaml's, with the construct it was reading; fix the text at the caret."
        case .yamlEncoding:
            return "Specs are UTF-8 text. The first byte that does not start a well-formed UTF-8 sequence is reported; save the file as UTF-8."
        case .yamlDuplicateKey:
            return "YAML leaves the meaning of a repeated key open (most loaders keep the last silently). nnspec refuses it and points at both occurrences; keep one."
        case .yamlMultipleDocuments:
            return "A spec file is one YAML document; a second `---` starts another. Put each spec in a file of its own."
        case .yamlEmpty:
            return "The file is empty or holds only comments or `---`. A spec needs at least `data`, `model`, `loss` and `optimizer`."
        case .yamlUnsupported:
            return "Specs use the YAML 1.2 core schema: tags other than !!str, !!int, !!float, !!bool, !!null, !!map, !!seq are refused, as are merge keys (`<<`, whose precedence is ambiguous) and keys that are mappings or lists. Write the value out plainly."
        case .yamlAlias:
            return "An alias `*name` must come after the anchor `&name` it refers to and must not refer to a node that contains it."
        case .yamlScalar:
            return "A scalar with an explicit core tag (`!!int 1.5`, `!!bool maybe`) must be readable as that type. Remove the tag or fix the value."
        case .yamlLimit:
            return "Nesting deeper than 256 levels, alias expansion beyond the node budget (a 'billion laughs' document) or an allocation failure stop parsing: no spec needs them."
        case .specType:
            return "Each field has one type in the grammar (grammar/README.md). A quoted number is a string; YAML 1.2 reads `yes`/`no`/`on`/`off` as strings, not booleans; an integer field takes no fraction or exponent."
        case .specRange:
            return "The field's value is outside what the framework accepts: a learning rate must be > 0, a momentum in [0, 1), units positive, numbers finite. The message gives the bound."
        case .specUnknownKey:
            return "The key is not in the grammar for this object. Near misses get a did-you-mean; the list of keys is in grammar/README.md and grammar/nnspec.schema.json."
        case .specUnknownValue:
            return "The name is not one of the choices for this field. Near misses get a did-you-mean; otherwise the note lists the choices."
        case .specMissingKey:
            return "The object needs this key and no convention supplies it (e.g. `data.inputs`, `model.layers`)."
        case .specConflict:
            return "Each field is valid alone but together they contradict: epochs and steps, L-BFGS with mini-batches, early stopping with steps, a log mode whose unit does not fit, Nesterov without momentum."
        case .specInvalid:
            return "The value has the right type but does not form a valid construct: an empty layer list, a duplicate layer name, an initializer or regularizer written in a form the grammar does not define."
        case .specArrayExpression:
            return "An array expression under `data:` is a literal list or a mapping with exactly one operator (`rand`, `column`, `csv`, …) and its arguments; literals are rectangular, non-empty, at most 2-D."
        case .specVersion:
            return "`nnspec: 1` is the only format version this nnspec reads. A spec written for a newer version needs a newer nnspec."
        case .specExtends:
            return "`extends:` names a base spec by a path relative to the spec's directory. The base must exist, load without errors and not extend the spec back."
        case .specOverride:
            return "An override after the spec (`nnspec run SPEC optimizer.learning_rate=0.1`) is `key.path=value` with a YAML value. It is refused when it has no `=`, when its path walks through a scalar or past the end of a list, or when the value is not YAML; the caret points into the override (`override N`)."
        case .dataFileUnreadable:
            return "The file a data expression or a `file` initializer names does not exist, is a directory or cannot be read. Paths resolve against the directory of the spec that writes them."
        case .dataFileMalformed:
            return "The file's header or content does not hold what its format promises: a truncated IDX or .npy, a corrupt gzip stream, a CSV line with a different field count, an unsupported dtype or layout. The message names the byte or line."
        case .dataExpression:
            return "An operator's arguments do not make sense for its operands: an array used before it is defined, randint with high ≤ low, an empty arange, an array too large to build."
        case .dataSplit:
            return "The split leaves an empty part or asks for more rows than the data has. The message gives the counts."
        case .dataPreprocess:
            return "A preprocessing step cannot be applied: one_hot needs a column of integer labels, scalers need the columns they were fitted on."
        case .shapeMismatch:
            return "Shapes must agree: inputs and targets need the same number of rows, element-wise operands the same rank (no silent (n,) against (n, 1) broadcast), concat parts the same width, column indices in range, reshape the same size."
        case .shapeModel:
            return "The first layer's width must equal the inputs' feature count (model.inputs), and the output layer must have one unit per target column as the loss needs (one per class for categorical losses)."
        case .planTooManySteps:
            return "Epochs × steps per epoch (or training.steps) must fit in a 64-bit count. A spec asking for more steps than that cannot be trained; lower training.epochs or raise the batch size."
        case .planTooManyParameters:
            return "Each tensor's size (fan_in × units) and the model's total must fit in a 64-bit count. Lower the layer widths; no spec trainable in memory comes near the limit."
        case .planShape:
            return "Lowering the spec found no valid tensor layout for its model, e.g. a model without layers. The message names the path to fix."
        case .runNoRows:
            return "After the split, the training part has no rows, so there is nothing to train on. Give the split a smaller test part, or the data more rows."
        case .runDataMismatch:
            return "The data that reaches training does not fit: ranks, row counts, sparse class labels outside 0..<units, target columns against the output units, test features against training features."
        case .runInitializer:
            return "A `file` initializer's values must hold exactly the layer's kernel (fan_in × units) or bias (units) numbers, as .npy or JSON; initial parameters handed in must have each layer's shape."
        case .runDiverged:
            return "The loss became NaN or infinite, or grew by orders of magnitude: usually a learning rate too large for the curvature (see lint's divergent-step and unbounded-growth). The results are written and record where it diverged."
        case .runResultsDiffer:
            return "`nnspec run SPEC --check FILE` trains and compares its results with FILE byte for byte. The first differing lines are shown. Results are deterministic at any thread count, so a difference means the spec, the data or nnspec changed."
        case .exportRefused:
            return "`nnspec export` writes only scripts that do exactly what the spec says. A field the framework has no exact equivalent for (scikit-learn penalizing one layer, a broadcast Keras does not make) is refused by name instead of approximated."
        case .plotInvalid:
            return "The chart asked for has nothing to show: no finite value on its axes, a --feature beyond the inputs, --fit on several outputs. The message says which; change the option or the results given."
        case .sweepLaunch:
            return "A local sweep runs each variant as `nnspec run` in a process of its own. The executable could not be started (moved, not executable, out of processes); the variant's log holds this message and the variant counts as failed."
        case .resultsMalformed:
            return "`nnspec diff --results` reads files written by `nnspec run` or an exported script. The file is not valid JSON or lacks the fields of the results format."
        case .ioUnreadable:
            return "A spec, results or lint path given on the command line does not exist or cannot be read. Exit status 2."
        case .ioUnwritable:
            return "The output file or its directory cannot be written (permissions, a missing parent that cannot be created, a full disk). Nothing partial is left behind. Exit status 2."
        case .usage:
            return "The arguments do not form a valid command: a wrong number of files, options that exclude each other, an unknown id. `nnspec help COMMAND` shows the usage. Exit status 2."
        }
    }
}

extension Diagnostic {
    /// A diagnostic of a catalogued kind, at the kind's severity.
    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?,
                notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        self.init(code.severity, message, at: location, id: code.rawValue, notes: notes, fixIts: fixIts)
    }

    /// An error of a catalogued kind.
    public static func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?,
                             notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, id: code.rawValue, notes: notes, fixIts: fixIts)
    }

    /// The catalogued kind, when the id is one (lint findings carry rule ids instead).
    public var code: DiagnosticCode? { id.flatMap(DiagnosticCode.init(rawValue:)) }
}

extension DiagnosticBag {
    public mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?,
                               notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        append(.error(code, message, at: location, notes: notes, fixIts: fixIts))
    }
}
