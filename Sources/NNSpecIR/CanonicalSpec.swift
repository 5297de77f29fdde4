/// The canonical explicit form of an elaborated spec, in the spec grammar itself: compiling it
/// and loading the output gives the same spec. Key order is fixed here, once.
extension Spec {
    public var canonical: CanonicalValue {
        var top: [(String, CanonicalValue)] = [
            ("nnspec", .int(1)),
            ("name", .string(name)),
        ]
        if let d = description { top.append(("description", .string(d))) }
        if !mirrors.isEmpty { top.append(("mirrors", .list(mirrors.map { .string($0) }))) }
        top += [
            ("convention", .string(convention.rawValue)),
            ("dtype", .string(dtype.rawValue)),
            ("seed", .int(Int(seed))),
            ("data", data.canonical),
            ("model", model.canonical),
            ("loss", loss.canonical),
            ("regularization", .object([
                ("alpha", .number(penalty.alpha)),
                ("divide_by_batch", .bool(penalty.divideByBatch)),
            ])),
            ("optimizer", optimizer.canonical),
            ("training", training.canonical),
            ("metrics", .list(metrics.map { .string($0.rawValue) })),
            ("outputs", .object([("results", .string(results))])),
        ]
        if !disabledRules.isEmpty {
            top.append(("lint", .object([("disable", .list(disabledRules.map { .string($0) }))])))
        }
        return .object(top)
    }

    /// The origin to print beside the value at `path`: its own, or its nearest ancestor's.
    public func originComment(_ path: String) -> String? {
        provenance.nearest(path) { $0.origin }?.description
    }

    public var compiledYAML: String {
        "# nnspec compile \(file): every value with its origin\n" + CanonicalPrinter.yaml(canonical, comment: originComment)
    }

    /// JSON: the spec, and beside it the origin of every leaf.
    public var compiledJSON: String {
        let origins = canonical.leaves().map { ($0.path, CanonicalValue.string(originComment($0.path) ?? "default")) }
        return CanonicalPrinter.json(.object([("spec", canonical), ("origins", .object(origins))])) + "\n"
    }
}

extension ArrayExpr {
    public var canonical: CanonicalValue {
        func op(_ name: String, _ args: [(String, CanonicalValue)]) -> CanonicalValue {
            .object([(name, .object(args))])
        }
        func ints(_ xs: [Int]) -> CanonicalValue { .list(xs.map { .int($0) }) }
        switch kind {
        case .literal(let values, let shape):
            return CanonicalValue.nested(values, shape: shape)
        case .ref(let name): return .object([("ref", .string(name))])
        case .rand(let shape): return .object([("rand", ints(shape))])
        case .uniform(let s, let lo, let hi):
            return op("uniform", [("shape", ints(s)), ("low", .number(lo)), ("high", .number(hi))])
        case .normal(let s, let loc, let scale):
            return op("normal", [("shape", ints(s)), ("loc", .number(loc)), ("scale", .number(scale))])
        case .randint(let s, let lo, let hi):
            return op("randint", [("shape", ints(s)), ("low", .int(lo)), ("high", .int(hi))])
        case .linspace(let a, let b, let n, let ep):
            return op("linspace", [("start", .number(a)), ("stop", .number(b)), ("num", .int(n)), ("endpoint", .bool(ep))])
        case .arange(let a, let b, let st):
            return op("arange", [("start", .number(a)), ("stop", .number(b)), ("step", .number(st))])
        case .repeatRows(let of, let t): return op("repeat", [("of", of.canonical), ("times", .int(t))])
        case .concat(let parts, let axis): return op("concat", [("of", .list(parts.map(\.canonical))), ("axis", .int(axis))])
        case .column(let of, let i, let keep):
            return op("column", [("of", of.canonical), ("index", .int(i)), ("keepdims", .bool(keep))])
        case .columns(let of, let idx): return op("columns", [("of", of.canonical), ("indices", ints(idx))])
        case .apply(let fn, let of): return op("apply", [("fn", .string(fn.rawValue)), ("of", of.canonical)])
        case .binary(let o, let a, let b): return .object([(o.rawValue, .list([a.canonical, b.canonical]))])
        case .reshape(let of, let s): return op("reshape", [("of", of.canonical), ("shape", ints(s))])
        case .csv(let path, let cols, let header, let delim):
            var args: [(String, CanonicalValue)] = [("path", .string(path))]
            if let cols { args.append(("columns", ints(cols))) }
            args += [("header", .bool(header)), ("delimiter", .string(delim))]
            return op("csv", args)
        case .npy(let path): return .object([("npy", .string(path))])
        case .idx(let path, let limit):
            var args: [(String, CanonicalValue)] = [("path", .string(path))]
            if let limit { args.append(("limit", .int(limit))) }
            return op("idx", args)
        }
    }
}

extension CanonicalValue {
    static func nested(_ values: [Double], shape: [Int]) -> CanonicalValue {
        guard let first = shape.first else { return .number(values.first ?? 0) }
        let stride = values.count / max(first, 1)
        return .list((0..<first).map { i in
            nested(Array(values[(i * stride)..<((i + 1) * stride)]), shape: Array(shape.dropFirst()))
        })
    }
}

extension DataSpec {
    public var canonical: CanonicalValue {
        var out: [(String, CanonicalValue)] = [("seed", .int(Int(seed)))]
        if !arrays.isEmpty { out.append(("arrays", .object(arrays.map { ($0.name, $0.expr.canonical) }))) }
        out += [("inputs", inputs.canonical), ("targets", targets.canonical)]
        switch split {
        case .none: out.append(("split", .object([("kind", .string("none"))])))
        case .trainTestSplit(let ts, let rs, let sh):
            out.append(("split", .object([("kind", .string("train_test_split")), ("test_size", .number(ts)),
                                          ("random_state", .int(Int(rs))), ("shuffle", .bool(sh))])))
        case .head(let tr, let te):
            var h: [(String, CanonicalValue)] = [("kind", .string("head")), ("train", .int(tr))]
            if let te { h.append(("test", .int(te))) }
            out.append(("split", .object(h)))
        case .separate(let x, let y):
            out.append(("split", .object([("kind", .string("separate")), ("inputs", x.canonical), ("targets", y.canonical)])))
        }
        out.append(("preprocess", .list(preprocess.map(\.canonical))))
        return .object(out)
    }
}

extension PreprocessStep {
    public var canonical: CanonicalValue {
        var out: [(String, CanonicalValue)]
        switch kind {
        case .scale(let f): out = [("kind", .string("scale")), ("factor", .number(f))]
        case .standardize: out = [("kind", .string("standardize"))]
        case .minmax(let lo, let hi): out = [("kind", .string("minmax")), ("low", .number(lo)), ("high", .number(hi))]
        case .oneHot(let c): out = [("kind", .string("one_hot")), ("classes", .int(c))]
        }
        out.append(("apply_to", .string(applyTo.rawValue)))
        return .object(out)
    }
}

extension Initializer {
    public var canonical: CanonicalValue {
        func named(_ n: String, _ args: [(String, CanonicalValue)] = []) -> CanonicalValue {
            args.isEmpty ? .string(n) : .object([(n, .object(args))])
        }
        switch self {
        case .zeros: return named("zeros")
        case .ones: return named("ones")
        case .constant(let v): return named("constant", [("value", .number(v))])
        case .uniform(let lo, let hi): return named("uniform", [("low", .number(lo)), ("high", .number(hi))])
        case .normal(let m, let s): return named("normal", [("mean", .number(m)), ("stddev", .number(s))])
        case .truncatedNormal(let m, let s): return named("truncated_normal", [("mean", .number(m)), ("stddev", .number(s))])
        case .glorotUniform: return named("glorot_uniform")
        case .glorotNormal: return named("glorot_normal")
        case .heUniform: return named("he_uniform")
        case .heNormal: return named("he_normal")
        case .lecunUniform: return named("lecun_uniform")
        case .lecunNormal: return named("lecun_normal")
        case .sklearn(let f): return named("sklearn", [("factor", .number(f))])
        case .torchLinear: return named("torch_linear")
        case .file(let p): return named("file", [("path", .string(p))])
        }
    }
}

extension Regularizer {
    public var canonical: CanonicalValue {
        .object([("l1", .number(l1)), ("l2", .number(l2)), ("half_l2", .number(halfL2))])
    }
}

extension ModelSpec {
    public var canonical: CanonicalValue {
        var out: [(String, CanonicalValue)] = []
        if let inputs { out.append(("inputs", .int(inputs))) }
        if isSpatial {
            if let inputShape { out.append(("input_shape", .list(inputShape.map { .int($0) }))) }
            out.append(("data_format", .string(dataFormat.rawValue)))
        }
        out.append(("layers", .list(layers.map { l in
            .object([("name", .string(l.name)), ("type", .string(l.type.type))] + l.type.canonical(l))
        })))
        return .object(out)
    }
}

extension LossSpec {
    public var canonical: CanonicalValue {
        .object([
            ("kind", .string(kind.rawValue)), ("form", .string(form.rawValue)), ("scale", .number(scale)),
            ("output_reduction", .string(outputReduction.rawValue)),
            ("gradient_reduction", .string(gradientReduction.rawValue)),
            ("clip_epsilon", clipEpsilon.map { .number($0) } ?? .null),
            ("from_logits", .bool(fromLogits)), ("broadcast_targets", .bool(broadcastTargets)),
            ("link", .string(link.rawValue)),
            ("compute_dtype", computeDtype.map { .string($0.rawValue) } ?? .null),
        ])
    }
}

extension OptimizerSpec {
    public var canonical: CanonicalValue {
        var out: [(String, CanonicalValue)] = [("kind", .string(kind.rawValue)), ("learning_rate", .number(learningRate))]
        switch kind {
        case .sgd:
            out += [("momentum", .number(momentum)), ("nesterov", .bool(nesterov)),
                    ("momentum_form", .string(momentumForm.rawValue)), ("dampening", .number(dampening))]
        case .adam, .adamw:
            out += [("beta_1", .number(beta1)), ("beta_2", .number(beta2)), ("epsilon", .number(epsilon)),
                    ("epsilon_form", .string(epsilonForm.rawValue))]
        case .rmsprop:
            out += [("rho", .number(rho)), ("momentum", .number(momentum)), ("epsilon", .number(epsilon)),
                    ("epsilon_form", .string(epsilonForm.rawValue))]
        case .adagrad:
            out += [("initial_accumulator_value", .number(initialAccumulator)), ("epsilon", .number(epsilon)),
                    ("epsilon_form", .string(epsilonForm.rawValue))]
        case .lbfgs:
            out += [("max_iter", .int(maxIter)), ("max_fun", .int(maxFun)), ("history_size", .int(history)),
                    ("tol", .number(tolerance))]
        }
        out += [("weight_decay", .number(weightDecay)), ("weight_decay_form", .string(weightDecayForm.rawValue))]
        switch schedule {
        case .constant: out.append(("schedule", .object([("kind", .string("constant"))])))
        case .inverseTime(let d): out.append(("schedule", .object([("kind", .string("inverse_time")), ("decay", .number(d))])))
        case .invScaling(let p): out.append(("schedule", .object([("kind", .string("invscaling")), ("power_t", .number(p))])))
        }
        out.append(("hyperparameter_dtype", hyperparameterDtype.map { .string($0.rawValue) } ?? .null))
        return .object(out)
    }
}

extension TrainingSpec {
    public var canonical: CanonicalValue {
        var out: [(String, CanonicalValue)] = []
        switch length {
        case .epochs(let e): out.append(("epochs", .int(e)))
        case .steps(let s): out.append(("steps", .int(s)))
        }
        switch batchSize {
        case .count(let b): out.append(("batch_size", .int(b)))
        case .full: out.append(("batch_size", .string("full")))
        case .auto: out.append(("batch_size", .string("auto")))
        }
        out += [
            ("shuffle", .bool(shuffle)), ("shuffle_form", .string(shuffleForm.rawValue)),
            ("batch_order", .string(batchOrder.rawValue)),
            ("log", .object([("mode", .string(logging.mode.rawValue)), ("every", .int(logging.every)),
                             ("unit", .string(logging.unit.rawValue))])),
            ("early_stopping", earlyStopping.map {
                .object([("tol", .number($0.tol)), ("n_iter_no_change", .int($0.patience))])
            } ?? .bool(false)),
            ("seed", .int(Int(seed))),
        ]
        return .object(out)
    }
}
