import NNSpecSyntax

/// Decodes the array expressions of `data:`. Forms:
/// - a number or nested list of numbers: a literal;
/// - a string: the name of an array defined earlier under `data.arrays`;
/// - a one-key mapping `{operator: arguments}` (operators in `Grammar.objects["array"]`).
struct ArrayExprDecoder {
    let ctx: DecodeContext
    /// Names defined so far, for "unknown array" errors with did-you-mean.
    var known: [String]

    func decode(_ node: Node, _ path: String) -> ArrayExpr? {
        let at = node.location
        switch node.content {
        case .scalar(_, let value):
            switch value {
            case .int(let i): return ArrayExpr(.literal(values: [Double(i)], shape: []), at: at)
            case .float(let f): return ArrayExpr(.literal(values: [f], shape: []), at: at)
            case .string(let name):
                if known.contains(name) { return ArrayExpr(.ref(name), at: at) }
                ctx.unknown(name, what: "array", candidates: known, at: node)
                return nil
            default:
                ctx.error(.specArrayExpression, "\(path) must be an array expression, got \(node.kindName)", at: node)
                return nil
            }
        case .sequence:
            return literal(node, path)
        case .mapping(let entries):
            guard entries.count == 1, let e = entries.first else {
                ctx.error(.specArrayExpression, "an array expression is a mapping with exactly one operator, got \(entries.count) keys", at: node,
                          notes: [DiagnosticNote("operators: \(Grammar.objects["array"]!.joined(separator: ", "))")])
                return nil
            }
            return operation(e.name, e.key, e.value, path)
        }
    }

    private func literal(_ node: Node, _ path: String) -> ArrayExpr? {
        var values: [Double] = []
        var shape: [Int]?
        func walk(_ n: Node, depth: Int, _ dims: inout [Int]) -> Bool {
            if let items = n.sequence {
                if dims.count <= depth { dims.append(items.count) } else if dims[depth] != items.count {
                    ctx.error(.specArrayExpression, "ragged literal: expected \(dims[depth]) entries at this level, got \(items.count)", at: n)
                    return false
                }
                for item in items where !walk(item, depth: depth + 1, &dims) { return false }
                return true
            }
            guard let v = ctx.double(n, "a literal array entry") else { return false }
            if dims.count != depth {
                ctx.error(.specArrayExpression, "ragged literal: a number where a list was expected", at: n)
                return false
            }
            values.append(v)
            return true
        }
        var dims: [Int] = []
        guard walk(node, depth: 0, &dims) else { return nil }
        shape = dims
        if values.isEmpty {
            ctx.error(.specArrayExpression, "a literal array must not be empty", at: node)
            return nil
        }
        return ArrayExpr(.literal(values: values, shape: shape ?? []), at: node.location)
    }

    private func shape(_ node: Node, _ what: String) -> [Int]? {
        if let n = node.scalarValue, case .int = n { return ctx.int(node, what, min: 1).map { [$0] } }
        guard let items = ctx.list(node, what) else { return nil }
        guard !items.isEmpty, items.count <= 2 else {
            ctx.error(.specArrayExpression, "\(what) must have one or two dimensions, got \(items.count)", at: node)
            return nil
        }
        let dims = items.compactMap { ctx.int($0, "\(what) entry", min: 1) }
        return dims.count == items.count ? dims : nil
    }

    /// Reads a mapping argument, giving the reader to `body` and reporting unknown keys after.
    private func args<T>(_ node: Node, _ object: String, _ path: String, _ body: (MappingReader) -> T?) -> T? {
        guard let r = MappingReader(node, object: object, path: path, ctx) else { return nil }
        defer { r.finish() }
        return body(r)
    }

    private func operation(_ op: String, _ keyNode: Node, _ arg: Node, _ path: String) -> ArrayExpr? {
        let at = keyNode.location
        let p = "\(path).\(op)"
        func make(_ k: ArrayExpr.Kind?) -> ArrayExpr? { k.map { ArrayExpr($0, at: at) } }
        func sub(_ n: Node?, _ sp: String) -> ArrayExpr? { n.flatMap { decode($0, sp) } }

        switch op {
        case "rand":
            return make(shape(arg, "rand shape").map { .rand(shape: $0) })
        case "uniform", "normal", "randint":
            return args(arg, "array.shape_args", p) { r in
                guard let s = r.required("shape").flatMap({ shape($0, "shape") }) else { return nil }
                switch op {
                case "uniform":
                    let lo = r["low"].map { ctx.double($0, "low") } ?? 0
                    let hi = r["high"].map { ctx.double($0, "high") } ?? 1
                    guard let lo, let hi else { return nil }
                    return make(.uniform(shape: s, low: lo, high: hi))
                case "normal":
                    let loc = r["loc"].map { ctx.double($0, "loc") } ?? 0
                    let sc = r["scale"].map { ctx.double($0, "scale", min: 0) } ?? 1
                    guard let loc, let sc else { return nil }
                    return make(.normal(shape: s, loc: loc, scale: sc))
                default:
                    guard let hiNode = r.required("high") else { return nil }
                    let lo = r["low"].map { ctx.int($0, "low") } ?? 0
                    guard let lo, let hi = ctx.int(hiNode, "high") else { return nil }
                    if hi <= lo {
                        ctx.error(.specRange, "randint needs high > low, got low \(lo) and high \(hi)", at: hiNode)
                        return nil
                    }
                    return make(.randint(shape: s, low: lo, high: hi))
                }
            }
        case "linspace":
            return args(arg, "array.linspace", p) { r in
                guard let a = r.required("start").flatMap({ ctx.double($0, "start") }),
                      let b = r.required("stop").flatMap({ ctx.double($0, "stop") }),
                      let n = r.required("num").flatMap({ ctx.int($0, "num", min: 1) }) else { return nil }
                let endpoint = r["endpoint"].map { ctx.bool($0, "endpoint") } ?? true
                guard let endpoint else { return nil }
                return make(.linspace(start: a, stop: b, num: n, endpoint: endpoint))
            }
        case "arange":
            return args(arg, "array.arange", p) { r in
                let a = r["start"].map { ctx.double($0, "start") } ?? 0
                let st = r["step"].map { ctx.double($0, "step") } ?? 1
                guard let a, let st, let b = r.required("stop").flatMap({ ctx.double($0, "stop") }) else { return nil }
                if st == 0 {
                    ctx.error(.specRange, "arange step must not be 0", at: r["step"]!)
                    return nil
                }
                return make(.arange(start: a, stop: b, step: st))
            }
        case "repeat":
            return args(arg, "array.repeat", p) { r in
                guard let of = sub(r.required("of"), "\(p).of"),
                      let t = r.required("times").flatMap({ ctx.int($0, "times", min: 1) }) else { return nil }
                return make(.repeatRows(of, times: t))
            }
        case "concat":
            if arg.sequence != nil {
                let parts = arg.sequence!.enumerated().compactMap { decode($1, "\(p)[\($0)]") }
                return parts.count == arg.sequence!.count ? make(.concat(parts, axis: 0)) : nil
            }
            return args(arg, "array.concat", p) { r in
                guard let list = r.required("of").flatMap({ ctx.list($0, "concat of") }) else { return nil }
                let axis = r["axis"].map { ctx.int($0, "axis", min: 0, max: 1) } ?? 0
                let parts = list.enumerated().compactMap { decode($1, "\(p).of[\($0)]") }
                guard let axis, parts.count == list.count else { return nil }
                return make(.concat(parts, axis: axis))
            }
        case "column":
            return args(arg, "array.column", p) { r in
                guard let of = sub(r.required("of"), "\(p).of"),
                      let i = r.required("index").flatMap({ ctx.int($0, "index", min: 0) }) else { return nil }
                let keep = r["keepdims"].map { ctx.bool($0, "keepdims") } ?? true
                guard let keep else { return nil }
                return make(.column(of, index: i, keepdims: keep))
            }
        case "columns":
            return args(arg, "array.columns", p) { r in
                guard let of = sub(r.required("of"), "\(p).of"),
                      let list = r.required("indices").flatMap({ ctx.list($0, "indices") }) else { return nil }
                let idx = list.compactMap { ctx.int($0, "index", min: 0) }
                return idx.count == list.count ? make(.columns(of, indices: idx)) : nil
            }
        case "apply":
            return args(arg, "array.apply", p) { r in
                guard let fn = r.required("fn").flatMap({ ctx.choice($0, "function", ElementFunction.self) }),
                      let of = sub(r.required("of"), "\(p).of") else { return nil }
                return make(.apply(fn, of))
            }
        case "add", "subtract", "multiply", "divide", "greater", "less":
            guard let items = ctx.list(arg, op), items.count == 2 else {
                if arg.sequence != nil { ctx.error(.specArrayExpression, "\(op) takes exactly two operands, got \(arg.sequence!.count)", at: arg) }
                return nil
            }
            guard let a = decode(items[0], "\(p)[0]"), let b = decode(items[1], "\(p)[1]") else { return nil }
            return make(.binary(BinaryOp(rawValue: op)!, a, b))
        case "reshape":
            return args(arg, "array.reshape", p) { r in
                guard let of = sub(r.required("of"), "\(p).of"),
                      let list = r.required("shape").flatMap({ ctx.list($0, "shape") }) else { return nil }
                let dims = list.compactMap { ctx.int($0, "shape entry", min: -1) }
                return dims.count == list.count ? make(.reshape(of, shape: dims)) : nil
            }
        case "csv":
            if let path = arg.scalarValue, case .string(let s) = path {
                return make(.csv(path: s, columns: nil, header: true, delimiter: ","))
            }
            return args(arg, "array.csv", p) { r in
                guard let path = r.required("path").flatMap({ ctx.string($0, "path") }) else { return nil }
                var cols: [Int]?
                if let c = r["columns"] {
                    guard let list = ctx.list(c, "columns") else { return nil }
                    let idx = list.compactMap { ctx.int($0, "column", min: 0) }
                    guard idx.count == list.count else { return nil }
                    cols = idx
                }
                let header = r["header"].map { ctx.bool($0, "header") } ?? true
                let delim = r["delimiter"].map { ctx.string($0, "delimiter") } ?? ","
                guard let header, let delim else { return nil }
                if delim.count != 1 {
                    ctx.error(.specRange, "delimiter must be one character, got '\(delim)'", at: r["delimiter"]!)
                    return nil
                }
                return make(.csv(path: path, columns: cols, header: header, delimiter: delim))
            }
        case "npy":
            return make(ctx.string(arg, "npy path").map { .npy(path: $0) })
        case "idx":
            if let path = arg.scalarValue, case .string(let s) = path { return make(.idx(path: s, limit: nil)) }
            return args(arg, "array.idx", p) { r in
                guard let path = r.required("path").flatMap({ ctx.string($0, "path") }) else { return nil }
                let limit: Int?? = r["limit"].map { ctx.int($0, "limit", min: 1) }
                if case .some(.none) = limit { return nil }
                return make(.idx(path: path, limit: limit ?? nil))
            }
        case "ref":
            guard let name = ctx.string(arg, "ref") else { return nil }
            if known.contains(name) { return make(.ref(name)) }
            ctx.unknown(name, what: "array", candidates: known, at: arg)
            return nil
        case "value":
            return decode(arg, p)
        default:
            ctx.unknown(op, what: "array operator", candidates: Grammar.objects["array"]!, at: keyNode, code: .specUnknownKey)
            return nil
        }
    }
}
