import NNSpecIR
import NNSpecPlan

/// The data parts every exported script shares: the data (NumPy code that draws, splits and
/// preprocesses exactly as NNSpecData does) and the initial weights (NumPy code that draws
/// exactly as nnspec's runtime does). The batch plan and the results file are LoopCodegen's.
struct DataCodegen {
    let ctx: ExportContext
    private var spec: Spec { ctx.spec }

    // MARK: helpers the data code needs

    private var usesCSV: Bool { expressions.contains { if case .csv = $0.kind { return true }; return false } }
    var usesIDXHelper: Bool { usesIDX }
    private var usesIDX: Bool { expressions.contains { if case .idx = $0.kind { return true }; return false } }
    private var usesScalers: Bool {
        spec.data.preprocess.contains { if case .standardize = $0.kind { return true }; if case .minmax = $0.kind { return true }; return false }
    }
    private var usesOneHot: Bool { spec.data.preprocess.contains { if case .oneHot = $0.kind { return true }; return false } }

    /// Every expression of the data section, nested ones included.
    private var expressions: [ArrayExpr] {
        var out: [ArrayExpr] = []
        func walk(_ e: ArrayExpr) {
            out.append(e)
            switch e.kind {
            case .repeatRows(let a, _), .column(let a, _, _), .columns(let a, _), .apply(_, let a), .reshape(let a, _): walk(a)
            case .concat(let parts, _): parts.forEach(walk)
            case .binary(_, let a, let b): walk(a); walk(b)
            default: break
            }
        }
        spec.data.arrays.forEach { walk($0.expr) }
        walk(spec.data.inputs)
        walk(spec.data.targets)
        if case .separate(let x, let y) = spec.data.split { walk(x); walk(y) }
        return out
    }

    /// Python imports the data code needs beyond numpy.
    func imports(_ w: inout PythonWriter) {
        if case .trainTestSplit = spec.data.split { w.line("from sklearn.model_selection import train_test_split") }
        let scalers = [
            spec.data.preprocess.contains { $0.kind == .standardize } ? "StandardScaler" : nil,
            spec.data.preprocess.contains { if case .minmax = $0.kind { return true }; return false } ? "MinMaxScaler" : nil,
        ].compactMap { $0 }
        if !scalers.isEmpty { w.line("from sklearn.preprocessing import \(scalers.joined(separator: ", "))") }
    }

    /// Every data part of the script: the helpers the data code needs, load_data() and
    /// initial_weights(rs).
    func write(_ w: inout PythonWriter) {
        helpers(&w)
        loadData(&w)
        initialWeights(&w)
    }

    private func helpers(_ w: inout PythonWriter) {
        if usesCSV {
            w.lines("""


            def _load_csv(path, columns, header, delimiter):
                \"\"\"np.loadtxt as nnspec reads CSV: blank and '#' lines skipped, then the header line (if
                any), fields trimmed of spaces and one pair of double quotes; always 2-D.\"\"\"
                with open(path, encoding="utf-8") as f:
                    lines = [l for l in f.read().splitlines() if l.strip() and not l.lstrip().startswith("#")]
                if header:
                    lines = lines[1:]
                def field(text):
                    text = text.strip(" \\t")
                    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text
                rows = [[field(f) for f in l.split(delimiter)] for l in lines]
                if columns is not None:
                    rows = [[r[c] for c in columns] for r in rows]
                return np.array([[float(v) for v in r] for r in rows], dtype=np.float64).reshape(len(rows), -1)
            """)
        }
        if usesIDX {
            w.lines("""


            def _load_idx(path, limit):
                \"\"\"MNIST IDX (gzip or raw): images as n x (rows*cols) floats 0..255, labels as (n,).\"\"\"
                with open(path, "rb") as f:
                    data = f.read()
                if data[:2] == b"\\x1f\\x8b":
                    data = gzip.decompress(data)
                rank = data[3]
                dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
                values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).astype(np.float64)
                shape = [dims[0], dims[1] * dims[2]] if rank == 3 else dims
                values = values.reshape(shape)
                return values if limit is None else values[:limit]
            """)
        }
        if usesScalers {
            w.lines("""


            def _scaled(scaler, train, test):
                \"\"\"Fits a scikit-learn scaler on the training part and applies it to both; a vector (n,)
                is one column.\"\"\"
                flat = train.ndim == 1
                scaler.fit(train.reshape(-1, 1) if flat else train)

                def apply(a):
                    if a is None:
                        return None
                    out = scaler.transform(a.reshape(-1, 1) if flat else a)
                    return out.reshape(-1) if flat else out
                return apply(train), apply(test)
            """)
        }
        if usesOneHot {
            w.lines("""


            def _one_hot(labels, classes):
                \"\"\"Integer class labels (n,) or (n, 1) as one-hot rows (n, classes).\"\"\"
                if labels is None:
                    return None
                labels = np.asarray(labels).reshape(-1)
                if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < classes)):
                    raise ValueError(f"one_hot with {classes} classes needs integer labels 0..{classes - 1}")
                return np.eye(classes)[labels.astype(np.int64)]
            """)
        }
    }

    // MARK: data

    /// `def load_data()`: float64 arrays `x_train, y_train, x_test, y_test` (the test part None
    /// without a held-out set).
    private func loadData(_ w: inout PythonWriter) {
        w.topLevel("def load_data():") { w in
            w.line("\"\"\"The spec's data, bit for bit as nnspec builds it (float64): every generator draws from one")
            w.line("RandomState(data.seed) in the order arrays, inputs, targets, separate test set; then the split;")
            w.line("then each preprocessing step, fitted on the training part.\"\"\"")
            w.line("rs = np.random.RandomState(\(spec.data.seed))  # data.seed")
            for d in spec.data.arrays {
                w.line("\(name(d.name)) = \(expr(d.expr))  # data.arrays.\(d.name)")
            }
            w.line("x = \(expr(spec.data.inputs))  # data.inputs")
            w.line("y = \(expr(spec.data.targets))  # data.targets")
            switch spec.data.split {
            case .none:
                w.line("x_train, y_train, x_test, y_test = x, y, None, None  # split: none")
            case .trainTestSplit(let testSize, let randomState, let shuffle):
                w.comment("scikit-learn's own split: n_test = ceil(test_size*n); shuffled, RandomState(random_state).permutation(n) gives the test rows first, then the training rows.")
                w.line("x_train, x_test, y_train, y_test = train_test_split(")
                w.line("    x, y, test_size=\(PythonWriter.float(testSize)), random_state=\(randomState), shuffle=\(PythonWriter.bool(shuffle)))")
            case .head(let train, let test):
                let end = test.map { String(train + $0) } ?? ""
                w.line("x_train, y_train = x[:\(train)], y[:\(train)]  # split: head")
                w.line("x_test, y_test = x[\(train):\(end)], y[\(train):\(end)]")
                w.line("if len(x_test) == 0:")
                w.line("    x_test = y_test = None")
            case .separate(let sx, let sy):
                w.line("x_train, y_train = x, y")
                w.line("x_test = \(expr(sx))  # data.split.inputs")
                w.line("y_test = \(expr(sy))  # data.split.targets")
            }
            for (i, step) in spec.data.preprocess.enumerated() {
                let (tr, te) = step.applyTo == .inputs ? ("x_train", "x_test") : ("y_train", "y_test")
                let label = "data.preprocess[\(i)]"
                switch step.kind {
                case .scale(let f):
                    w.line("\(tr), \(te) = \(tr) * \(PythonWriter.float(f)), (None if \(te) is None else \(te) * \(PythonWriter.float(f)))  # \(label): scale")
                case .standardize:
                    w.line("\(tr), \(te) = _scaled(StandardScaler(), \(tr), \(te))  # \(label): population std (ddof=0)")
                case .minmax(let lo, let hi):
                    w.line("\(tr), \(te) = _scaled(MinMaxScaler(feature_range=(\(PythonWriter.float(lo)), \(PythonWriter.float(hi)))), \(tr), \(te))  # \(label)")
                case .oneHot(let classes):
                    w.line("\(tr), \(te) = _one_hot(\(tr), \(classes)), _one_hot(\(te), \(classes))  # \(label)")
                }
            }
            w.line("return x_train, y_train, x_test, y_test")
        }
    }

    private func name(_ n: String) -> String { PythonWriter.identifier(n, prefix: "arr_") }

    private func size(_ shape: [Int]) -> String { PythonWriter.tuple(shape) }

    /// A Python expression with NumPy's semantics; evaluating it draws from `rs` in the order the
    /// Swift evaluator does (Python evaluates arguments left to right).
    func expr(_ e: ArrayExpr) -> String {
        let f = PythonWriter.float
        switch e.kind {
        case .literal(let values, let shape):
            return shape.isEmpty ? f(values[0]) : "np.array(\(PythonWriter.nested(values, shape: shape)), dtype=np.float64)"
        case .ref(let n): return name(n)
        case .rand(let shape): return "rs.rand(\(shape.map(String.init).joined(separator: ", ")))"
        case .uniform(let shape, let lo, let hi): return "rs.uniform(\(f(lo)), \(f(hi)), \(size(shape)))"
        case .normal(let shape, let loc, let scale): return "rs.normal(\(f(loc)), \(f(scale)), \(size(shape)))"
        case .randint(let shape, let lo, let hi): return "rs.randint(\(lo), \(hi), \(size(shape))).astype(np.float64)"
        case .linspace(let a, let b, let n, let ep):
            return "np.linspace(\(f(a)), \(f(b)), \(n), endpoint=\(PythonWriter.bool(ep)))[:, None]"
        case .arange(let a, let b, let st): return "np.arange(\(f(a)), \(f(b)), \(f(st)), dtype=np.float64)[:, None]"
        case .repeatRows(let of, let t): return "np.repeat(\(expr(of)), \(t), axis=0)"
        case .concat(let parts, let axis): return "np.concatenate([\(parts.map(expr).joined(separator: ", "))], axis=\(axis))"
        case .column(let of, let i, let keep): return keep ? "\(expr(of))[:, [\(i)]]" : "\(expr(of))[:, \(i)]"
        case .columns(let of, let idx): return "\(expr(of))[:, \(PythonWriter.list(idx))]"
        case .apply(let fn, let of):
            let a = expr(of)
            switch fn {
            case .sigmoid: return "(1.0 / (1.0 + np.exp(-\(a))))"
            default: return "np.\(fn.rawValue)(\(a))"
            }
        case .binary(let op, let a, let b):
            switch op {
            case .greater, .less: return "np.\(op.rawValue)(\(expr(a)), \(expr(b))).astype(np.float64)"
            default: return "np.\(op.rawValue)(\(expr(a)), \(expr(b)))"
            }
        case .reshape(let of, let shape): return "\(expr(of)).reshape(\(PythonWriter.tuple(shape)))"
        case .csv(let path, let columns, let header, let delimiter):
            let cols = columns.map(PythonWriter.list) ?? "None"
            return "_load_csv(\(ctx.scriptPath(path, writtenIn: e.location?.file)), \(cols), \(PythonWriter.bool(header)), \(PythonWriter.string(delimiter)))"
        case .npy(let path): return "np.load(\(ctx.scriptPath(path, writtenIn: e.location?.file))).astype(np.float64)"
        case .idx(let path, let limit): return "_load_idx(\(ctx.scriptPath(path, writtenIn: e.location?.file)), \(limit.map(String.init) ?? "None"))"
        }
    }

    // MARK: initial weights

    /// `def initial_weights(rs)`: `[(kernel, bias or None)]` in float64, drawn from `rs` =
    /// RandomState(training.seed) layer by layer, kernel (fan_in × fan_out, row-major) then bias,
    /// with the formulas of nnspec's runtime.
    private func initialWeights(_ w: inout PythonWriter) {
        let usesTruncated = ctx.plan.tensors.contains { t in
            if case .truncatedNormal = t.distribution { return true } else { return false }
        }
        let usesJSON = ctx.layers.contains { l in
            [l.kernelInitializer, l.biasInitializer].contains { if case .file(let p) = $0 { return !p.hasSuffix(".npy") }; return false }
        }
        if usesTruncated {
            w.lines("""


            def _truncated_normal(rs, mean, stddev, shape):
                \"\"\"A truncated normal as nnspec draws it: each standard normal redrawn while |x| > 2.\"\"\"
                out = np.empty(int(np.prod(shape)))
                for i in range(out.size):
                    x = rs.standard_normal()
                    while abs(x) > 2:
                        x = rs.standard_normal()
                    out[i] = mean + stddev * x
                return out.reshape(shape)
            """)
        }
        if usesJSON {
            w.lines("""


            def _json_tensor(path, role, shape):
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
                tensor = doc[role] if isinstance(doc, dict) else doc
                return np.asarray(tensor, dtype=np.float64).reshape(shape)
            """)
        }
        w.topLevel("def initial_weights(rs):") { w in
            w.line("\"\"\"nnspec's initial parameters: every random initializer draws from rs = RandomState(training.seed),")
            let convolves = ctx.weightedLayers.contains { $0.takesImage }
            w.line("layer by layer, kernel (fan_in x fan_out\(convolves ? "; a convolution's (kh, kw, c_in, filters)" : ""), row-major) then bias. float64, [(kernel, bias or None)].\"\"\"")
            w.line("weights = []")
            for layer in ctx.weightedLayers {
                let l = layer.spec
                let sizes = layer.takesImage ? "\(layer.inputShape) -> \(layer.outputShape)" : "\(layer.inputWidth) -> \(layer.outputWidth)"
                if let bn = layer.batchNorm?.batchNorm {
                    w.comment("\(l.name): batch normalization of \(sizes), gamma \(bn.scale ? describe(bn.gammaInitializer) : "none"), beta \(bn.center ? describe(bn.betaInitializer) : "none"); the running statistics start at mean 0, variance 1")
                } else {
                    w.comment("\(l.name): \(sizes), kernel \(describe(l.kernelInitializer))\(l.useBias ? ", bias \(describe(l.biasInitializer))" : ", no bias")")
                }
                let roles = layer.tensors.map { ctx.plan.tensors[$0] }
                for t in roles {
                    assign(&w, t.role.rawValue, draw(t, writtenIn: l.location?.file))
                }
                let names = layer.batchNorm != nil ? ["gamma", "beta"] : ["kernel", "bias"]
                let given = names.map { n in roles.contains { $0.role.rawValue == n } ? n : "None" }
                w.line("weights.append((\(given.joined(separator: ", "))))")
            }
            w.line("return weights")
        }
    }

    private func describe(_ i: Initializer) -> String {
        switch i {
        case .zeros: return "zeros"
        case .ones: return "ones"
        case .constant(let c): return "constant \(Format.number(c))"
        case .uniform(let lo, let hi): return "uniform [\(Format.number(lo)), \(Format.number(hi)))"
        case .normal(let m, let s): return "normal(\(Format.number(m)), \(Format.number(s)))"
        case .truncatedNormal(let m, let s): return "truncated_normal(\(Format.number(m)), \(Format.number(s)))"
        case .glorotUniform: return "glorot_uniform"
        case .glorotNormal: return "glorot_normal"
        case .heUniform: return "he_uniform"
        case .heNormal: return "he_normal"
        case .lecunUniform: return "lecun_uniform"
        case .lecunNormal: return "lecun_normal"
        case .sklearn(let f): return "sklearn (factor \(Format.number(f)))"
        case .torchLinear: return "torch_linear"
        case .file(let p): return "from \(p)"
        }
    }

    /// `name = expression`, preceded by `limit = …` for the symmetric uniforms.
    private func assign(_ w: inout PythonWriter, _ name: String, _ d: (limit: String?, expr: String)) {
        if let limit = d.limit { w.line("limit = \(limit)") }
        w.line("\(name) = \(d.expr)")
    }

    /// The NumPy code that draws one tensor from the distribution the plan gives it, as the
    /// runtime does: a symmetric uniform gives its limit separately, so that both bounds are the
    /// same double.
    private func draw(_ t: TensorPlan, writtenIn file: String?) -> (limit: String?, expr: String) {
        let f = PythonWriter.float
        let sz = size(t.shape), role = t.role.rawValue
        func plain(_ e: String) -> (String?, String) { (nil, e) }
        switch t.distribution {
        case .constant(let c): return plain(c == 0 ? "np.zeros(\(sz))" : c == 1 ? "np.ones(\(sz))" : "np.full(\(sz), \(f(c)))")
        case .uniform(let lo, let hi):
            return lo == -hi ? (f(hi), "rs.uniform(-limit, limit, \(sz))") : plain("rs.uniform(\(f(lo)), \(f(hi)), \(sz))")
        case .normal(let m, let s): return plain("rs.normal(\(f(m)), \(f(s)), \(sz))")
        case .truncatedNormal(let m, let s): return plain("_truncated_normal(rs, \(f(m)), \(f(s)), \(sz))")
        case .file(let p):
            if p.hasSuffix(".npy") { return plain("np.load(\(ctx.scriptPath(p, writtenIn: file))).astype(np.float64).reshape(\(sz))") }
            return plain("_json_tensor(\(ctx.scriptPath(p, writtenIn: file)), \(PythonWriter.string(role)), \(sz))")
        }
    }
}
