import NNSpecIR
import NNSpecPlan

/// A scikit-learn script: `MLPRegressor` (mse) or `MLPClassifier` (cross-entropies) whose
/// `_init_coef` draws nnspec's initial weights from scikit-learn's own `RandomState`, then a
/// plain `fit`. scikit-learn's loop is the reference for several nnspec conventions, so what it
/// cannot say (a penalty on one layer, Keras' loss forms, PyTorch's optimizers…) is refused.
struct SklearnExporter: ScriptExporter {
    var ctx: ExportContext
    private var spec: Spec { ctx.spec }
    private var t: TrainingSpec { spec.training }
    private var o: OptimizerSpec { spec.optimizer }

    init(_ ctx: ExportContext) { self.ctx = ctx }

    private var classifier: Bool { spec.loss.kind.isProbabilistic }
    private var hidden: [LayerSpec] { Array(ctx.layers.dropLast()) }

    /// scikit-learn's name for an activation, nil when it has none.
    private func sklearnName(_ a: Activation) -> String? {
        switch a {
        case .linear: return "identity"
        case .sigmoid: return "logistic"
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .softplus, .softmax: return nil
        }
    }

    /// The `alpha` scikit-learn gets: nnspec's global penalty, times the batch size when nnspec
    /// does not divide by it (possible only when every batch has the same size).
    private var alpha: Double {
        let p = spec.penalty
        return p.divideByBatch || p.alpha == 0 ? p.alpha : PenaltyTerm.dividedAlpha(coefficient: p.alpha, batch: ctx.batchSize)
    }

    // MARK: checks

    mutating func check() {
        let loss = spec.loss
        let dtypeEps = spec.dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne)
        for (i, l) in ctx.layers.enumerated() where !(l.type is Dense.Type) {
            ctx.refuse("model.layers[\(i)].type", "scikit-learn's MLP has dense layers only; layer '\(l.name)' is \(l.type.type) (export it to Keras or PyTorch)", at: l.location)
        }
        // The remaining checks read dense layers; a refused kind has already stopped the export.
        guard ctx.refusals.isEmpty else { return }
        for (i, l) in ctx.layers.enumerated() {
            if let r = l.kernelRegularizer, !r.isZero {
                ctx.refuse("model.layers[\(i)].kernel_regularizer", "scikit-learn cannot penalize one layer: its only penalty is alpha, 0.5·alpha·ΣW²/batch size on every kernel (regularization.alpha)")
            }
            if let r = l.biasRegularizer, !r.isZero {
                ctx.refuse("model.layers[\(i)].bias_regularizer", "scikit-learn never penalizes biases")
            }
            if !l.useBias {
                ctx.refuse("model.layers[\(i)].use_bias", "every scikit-learn MLP layer has a bias")
            }
        }
        if let first = hidden.first {
            if sklearnName(first.activation) == nil {
                ctx.refuse("model.layers[0].activation", "scikit-learn's MLP has no \(first.activation.rawValue) hidden activation (identity, logistic, tanh, relu)")
            }
            for (i, l) in hidden.enumerated().dropFirst() where l.activation != first.activation {
                ctx.refuse("model.layers[\(i)].activation", "scikit-learn uses one activation for every hidden layer; layer 0 is \(first.activation.rawValue), this one \(l.activation.rawValue)")
            }
        }
        let last = ctx.layers.count - 1, out = ctx.outputActivation
        switch loss.kind {
        case .mse:
            if out != .linear {
                ctx.refuse("model.layers[\(last)].activation", "MLPRegressor's output is linear (identity), not \(out.rawValue)")
            }
            let form = "MLPRegressor's squared_error is 0.5 · the mean over samples and outputs, differentiated with the delta p − y (scale 0.5, output_reduction mean, gradient_reduction sum)"
            if loss.scale != 0.5 {
                ctx.refuse("loss.scale", "\(form); this spec scales by \(Format.number(loss.scale))")
            }
            if !ctx.same(loss.outputReduction, .mean) {
                ctx.refuse("loss.output_reduction", "\(form); this spec reports the \(loss.outputReduction.rawValue) over the outputs")
            }
            if !ctx.same(loss.gradientReduction, .sum) {
                ctx.refuse("loss.gradient_reduction", "\(form); this spec differentiates the \(loss.gradientReduction.rawValue) over the outputs")
            }
            if ctx.broadcasts {
                ctx.refuse("loss.broadcast_targets", "scikit-learn treats targets (n,) as one output; TF1's broadcast to (n, n) cannot be expressed")
            }
        case .binaryCrossentropy, .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            let binary = loss.kind == .binaryCrossentropy
            if binary && out != .sigmoid {
                ctx.refuse("model.layers[\(last)].activation", "MLPClassifier's output for binary or multi-label targets is logistic, not \(out.rawValue)")
            }
            if !binary && out != .softmax {
                ctx.refuse("model.layers[\(last)].activation", "MLPClassifier's output for classes is softmax, not \(out.rawValue)")
            }
            if !binary && ctx.outputs < 3 {
                ctx.refuse("model.layers[\(last)].units", "with \(ctx.outputs) classes MLPClassifier uses one logistic output, not a softmax of \(ctx.outputs)")
            }
            if loss.fromLogits {
                ctx.refuse("loss.from_logits", "MLPClassifier computes its loss from the probabilities of its output layer")
            }
            if loss.link != .canonical {
                ctx.refuse("loss.link", "scikit-learn reports the loss of clipped probabilities and back-propagates p − y (link canonical), not link \(loss.link.rawValue)")
            }
            let form = "scikit-learn's log loss sums over the outputs and averages over the samples (scale 1, output_reduction sum, gradient_reduction sum)"
            if loss.scale != 1 { ctx.refuse("loss.scale", "\(form); this spec scales by \(Format.number(loss.scale))") }
            if !ctx.same(loss.outputReduction, .sum) { ctx.refuse("loss.output_reduction", "\(form); this spec reports the mean") }
            if !ctx.same(loss.gradientReduction, .sum) { ctx.refuse("loss.gradient_reduction", "\(form); this spec differentiates the mean") }
            if loss.link == .canonical && loss.clipEpsilon != dtypeEps {
                ctx.refuse("loss.clip_epsilon", "scikit-learn clips probabilities to [ε, 1 − ε] with ε = np.finfo(\(spec.dtype.rawValue)).eps = \(Format.number(dtypeEps)), not \(loss.clipEpsilon.map(Format.number) ?? "none")")
            }
            if isSparseOrOneHotTargetBad { ctx.refuse("data.targets", "targets must be class labels or a 0/1 matrix for MLPClassifier") }
        }
        if let c = loss.computeDtype, c != spec.dtype {
            ctx.refuse("loss.compute_dtype", "scikit-learn computes its loss in the data's dtype (\(spec.dtype.rawValue))")
        }
        if spec.penalty.alpha != 0 && !spec.penalty.divideByBatch && !ctx.batchesAllEqual {
            ctx.refuse("regularization.divide_by_batch", "scikit-learn divides alpha's penalty by each batch's size; nnspec's undivided penalty equals alpha·batch_size only when every batch has the same size, but \(ctx.trainRows) training rows in batches of \(ctx.batchSize) leave a short last batch")
        }
        // Optimizer.
        switch o.kind {
        case .sgd:
            ctx.refuseMomentumBuffer(keptBy: "scikit-learn")
        case .adam:
            ctx.refuseEpsilonForm(unless: .accumulator, "scikit-learn's Adam divides by √v + ε with the bias corrections in the step size (epsilon_form accumulator)")
        case .lbfgs:
            if o.history != 10 {
                ctx.refuse("optimizer.history_size", "scikit-learn's L-BFGS keeps scipy's default memory of 10 pairs")
            }
        case .adamw, .rmsprop, .adagrad:
            ctx.refuse("optimizer.kind", "scikit-learn's MLP has sgd, adam and lbfgs only, not \(o.kind.rawValue)")
        }
        if o.weightDecay != 0 {
            ctx.refuse("optimizer.weight_decay", "scikit-learn's MLP has no weight decay besides alpha")
        }
        if case .inverseTime = o.schedule {
            ctx.refuse("optimizer.schedule", "scikit-learn's schedules are constant, invscaling and adaptive; Keras' inverse_time decay is not one of them")
        }
        if spec.dtype == .float64 && o.kind == .adam {
            // The momentum is passed rounded; Adam's βs are rounded only in the bias corrections.
            for b in ctx.plan.optimizer.castHyperparameters where b.key.hasPrefix("beta") && b.applied != b.written {
                ctx.refuse("optimizer.hyperparameter_dtype", "the spec rounds optimizer.\(b.key) = \(Format.number(b.written)) through float32 in Adam's bias corrections as Keras does; scikit-learn uses the same β in the moments and the corrections")
            }
        }
        // Loop.
        if o.kind != .lbfgs {
            if case .steps = t.length {
                ctx.refuse("training.steps", "scikit-learn counts epochs (max_iter), not steps")
            }
            if t.batchOrder == .wrap {
                ctx.refuse("training.batch_order", "scikit-learn walks each epoch's rows from the start (batch_order epoch)")
            }
            if t.shuffle && t.batchOrder == .epoch && t.shuffleForm != .sklearn {
                ctx.refuse("training.shuffle_form", "scikit-learn shuffles with rs.shuffle on the RNG that drew the initial weights (shuffle_form sklearn); a fresh permutation per epoch cannot be expressed")
            }
            if t.logging.unit != .epoch || (t.logging.mode != .sklearnEpoch && t.logging.mode != .fitMean) {
                ctx.refuse("training.log", "scikit-learn records only the epoch loss Σ batch_loss·rows / n (loss_curve_, log mode sklearn_epoch by epoch)")
            }
        }
    }

    /// Classifier targets scikit-learn would read differently from nnspec.
    private var isSparseOrOneHotTargetBad: Bool {
        if ctx.isSparse { return ctx.targetShape.count == 2 && ctx.targetShape[1] != 1 }
        return ctx.targetShape.count == 2 ? ctx.targetShape[1] != ctx.outputs : ctx.outputs != 1
    }

    // MARK: script

    private var estimator: String { classifier ? "MLPClassifier" : "MLPRegressor" }

    func write() -> String {
        let data = DataCodegen(ctx: ctx)
        let loop = LoopCodegen(ctx: ctx)
        var w = PythonWriter()
        var notes = [
            "scikit-learn draws its initial weights in _init_coef from self._random_state = RandomState(random_state), layer by layer, kernel then bias, and goes on shuffling with that same RandomState. The estimator below overrides _init_coef to draw nnspec's initializers from that stream instead (exactly what scikit-learn itself draws when the spec's initializers are scikit-learn's), so the initial weights and every later shuffle are nnspec's.",
        ]
        if spec.penalty.alpha != 0 && !spec.penalty.divideByBatch {
            notes.append("regularization.alpha = \(Format.number(spec.penalty.alpha)) is not divided by the batch size in the spec; every batch has \(ctx.batchSize) rows, so it is scikit-learn's alpha = \(Format.number(alpha)).")
        }
        if o.kind == .lbfgs {
            notes.append("solver lbfgs: scikit-learn records no loss per iteration, so the results' history is empty; its final loss is loss_.")
        }
        if t.earlyStopping == nil && o.kind != .lbfgs {
            notes.append("training.early_stopping is off: n_iter_no_change = max_iter, which the no-improvement count can never exceed.")
        }
        loop.header(&w, framework: "scikit-learn (\(estimator))", notes: notes)
        loop.standardImports(&w, "warnings")
        w.line("import numpy as np")
        w.line("import sklearn")
        w.line("from sklearn.exceptions import ConvergenceWarning")
        w.line("from sklearn.neural_network import \(estimator)")
        data.imports(&w)
        loop.constants(&w)
        data.write(&w)
        estimatorClass(&w)
        loop.resultsWriter(&w, framework: "sklearn", versions: "{\"sklearn\": sklearn.__version__, \"numpy\": np.__version__}")
        mainFunction(&w)
        loop.footer(&w)
        return w.text
    }

    private func estimatorClass(_ w: inout PythonWriter) {
        w.topLevel("class NNSpecInit\(estimator)(\(estimator)):") { w in
            w.line("\"\"\"\(estimator) that starts from nnspec's initial weights, drawn from its own RandomState.\"\"\"")
            w.method("def _initialize(self, y, layer_units, dtype):") { w in
                w.line("self._nnspec_weights = iter(initial_weights(self._random_state))")
                w.line("super()._initialize(y, layer_units, dtype)")
            }
            w.method("def _init_coef(self, fan_in, fan_out, dtype):") { w in
                w.line("kernel, bias = next(self._nnspec_weights)")
                w.line("return kernel.astype(dtype, copy=False), bias.astype(dtype, copy=False)")
            }
        }
        let f = PythonWriter.float
        w.topLevel("def make_estimator():") { w in
            let act = hidden.first.flatMap { sklearnName($0.activation) }
            var args: [(String, String?)] = [
                ("hidden_layer_sizes=\(PythonWriter.tuple(hidden.map(\.units)))", nil),
                ("activation=\(PythonWriter.string(act ?? "relu"))", act == nil ? "no hidden layer: only scikit-learn's own initializer would read it" : "every hidden layer"),
                ("solver=\(PythonWriter.string(o.kind.rawValue))", nil),
                ("alpha=\(f(alpha))", "regularization.alpha"),
            ]
            if o.kind == .lbfgs {
                args += [("max_iter=\(o.maxIter)", nil), ("max_fun=\(o.maxFun)", nil), ("tol=\(f(o.tolerance))", nil)]
            } else if case .epochs(let epochs) = t.length {
                if case .auto = t.batchSize {
                    args.append(("batch_size=\"auto\"", "min(200, n)"))
                } else {
                    args.append(("batch_size=\(ctx.batchSize)", nil))
                }
                args.append(("learning_rate_init=\(f(o.learningRate))", nil))
                if case .invScaling(let p) = o.schedule {
                    args += [("learning_rate=\"invscaling\"", nil), ("power_t=\(f(p))", "lr / (samples seen + 1) ** power_t, per epoch")]
                } else if o.kind == .sgd {
                    args.append(("learning_rate=\"constant\"", nil))
                }
                if o.kind == .sgd {
                    let mu = ctx.plan.optimizer.momentum
                    args += [("momentum=\(f(mu))", mu != o.momentum ? "optimizer.hyperparameter_dtype float32: the momentum nnspec (like Keras) uses" : nil),
                             ("nesterovs_momentum=\(PythonWriter.bool(o.nesterov))", nil)]
                } else {
                    args += [("beta_1=\(f(o.beta1))", nil), ("beta_2=\(f(o.beta2))", nil), ("epsilon=\(f(o.epsilon))", nil)]
                }
                args.append(("max_iter=\(epochs)", "training.epochs"))
                args.append(("shuffle=\(PythonWriter.bool(t.shuffle))", nil))
                if let e = t.earlyStopping {
                    args += [("tol=\(f(e.tol))", nil), ("n_iter_no_change=\(e.patience)", "training.early_stopping, on the training loss")]
                } else {
                    args += [("tol=0.0", nil), ("n_iter_no_change=\(epochs)", "never exceeded: no early stopping")]
                }
                args.append(("early_stopping=False", "scikit-learn's early_stopping holds out a validation set; nnspec's rule is on the training loss"))
            }
            args.append(("random_state=TRAINING_SEED", "training.seed"))
            w.line("return NNSpecInit\(estimator)(")
            for (text, comment) in args {
                w.line("    \(text)," + (comment.map { "  # \($0)" } ?? ""))
            }
            w.line(")")
        }
    }

    private func mainFunction(_ w: inout PythonWriter) {
        w.topLevel("def main():") { w in
            w.line("x_train, y_train, _, _ = load_data()")
            w.line("x = x_train.astype(DTYPE)")
            switch spec.loss.kind {
            case .mse:
                w.line("y = (y_train.reshape(-1) if y_train.ndim == 2 and y_train.shape[1] == 1 else y_train).astype(DTYPE)")
            case .binaryCrossentropy:
                if ctx.outputs == 1 {
                    w.line("y = y_train.reshape(-1).astype(np.int64)  # 0/1 labels: one logistic output")
                } else {
                    w.line("y = y_train.astype(np.int64)  # a 0/1 matrix: multi-label, one logistic output per column")
                }
            case .categoricalCrossentropy:
                w.line("y = np.argmax(y_train, axis=1)  # one-hot rows as class labels: softmax output")
            case .sparseCategoricalCrossentropy:
                w.line("y = y_train.reshape(-1).astype(np.int64)  # class labels: softmax output")
            }
            w.line("est = make_estimator()")
            w.line("status = \"completed\"")
            w.block("with warnings.catch_warnings():") { w in
                w.line("warnings.simplefilter(\"ignore\", ConvergenceWarning)")
                w.block("try:") { w in w.line("est.fit(x, y)") }
                w.block("except ValueError as e:  # scikit-learn refuses non-finite weights at the end of fit") { w in
                    w.line("if \"non-finite\" not in str(e):")
                    w.line("    raise")
                    w.line("status = \"diverged\"")
                }
            }
            if classifier {
                if spec.loss.kind == .binaryCrossentropy && ctx.outputs > 1 {
                    w.line("assert est.n_outputs_ == \(ctx.outputs), \"scikit-learn did not read the targets as \(ctx.outputs) labels\"")
                } else {
                    let expected = spec.loss.kind == .binaryCrossentropy ? 2 : ctx.outputs
                    w.line("assert list(est.classes_) == list(range(\(expected))), f\"the training targets must hold every class 0..\(expected - 1), got {est.classes_}\"")
                }
            }
            if o.kind == .lbfgs {
                w.line("history = []")
                w.line("epochs = steps = getattr(est, \"n_iter_\", 0)")
                w.line("stop = \"converged\" if epochs < \(o.maxIter) else \"budget\"")
                w.line("final_loss = getattr(est, \"loss_\", None)")
            } else {
                w.line("curve = getattr(est, \"loss_curve_\", [])")
                w.line("history = [(\"epoch\", e, float(DTYPE(loss))) for e, loss in enumerate(curve, start=1) if e % LOG_EVERY == 0]")
                w.line("epochs = len(curve)")
                w.line("steps = epochs * STEPS_PER_EPOCH")
                w.comment("scikit-learn stops once its no-improvement count exceeds n_iter_no_change.")
                w.line("stopped = getattr(est, \"_no_improvement_count\", 0) > est.n_iter_no_change")
                w.line("stop = \"diverged\" if status == \"diverged\" else (\"early_stopping\" if stopped else \"length\")")
                w.line("final_loss = None  # scikit-learn has no public loss of given weights")
            }
            w.line("parameters = list(zip(est.coefs_, est.intercepts_))")
            w.line("write_results(results_path(), history, parameters, final_loss, status, stop, epochs, steps)")
        }
    }
}
