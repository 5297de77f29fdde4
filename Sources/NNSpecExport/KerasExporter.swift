import NNSpecIR
import NNSpecPlan

/// A Keras 3 (TensorFlow backend) script. The model is a `Sequential` of `Dense` layers with
/// nnspec's initial weights set by `set_weights`. Epoch runs call `fit(shuffle=False)` on rows
/// nnspec has already ordered, so `history['loss']` is Keras' own epoch loss; step runs and the
/// log modes `fit` cannot report drive `train_on_batch` over nnspec's batches.
struct KerasExporter: ScriptExporter {
    var ctx: ExportContext
    private var spec: Spec { ctx.spec }
    private var t: TrainingSpec { spec.training }
    private var o: OptimizerSpec { spec.optimizer }

    init(_ ctx: ExportContext) { self.ctx = ctx }

    /// `fit` can run the loop: whole epochs walked in order, logged per epoch as Keras' epoch mean
    /// or as a full-data evaluation between epochs.
    private var usesFit: Bool {
        guard case .epochs = t.length, t.batchOrder == .epoch, t.logging.unit == .epoch else { return false }
        return t.logging.mode == .fitMean || t.logging.mode == .fullData
    }

    private var invScaling: Bool { if case .invScaling = o.schedule { return true }; return false }

    /// The half_l2 coefficient the global penalty becomes on every kernel (the plan's α or α/n
    /// with n the batch size), or nil when it is off.
    private var globalHalfL2: Double? {
        ctx.plan.tensors.lazy.compactMap(\.globalPenaltyCoefficient).first
    }

    /// The global penalty divides by a batch size that differs from the full training set, so a
    /// full-data loss cannot be computed by Keras' `evaluate`.
    private var finalLossExpressible: Bool {
        !(spec.penalty.alpha != 0 && spec.penalty.divideByBatch && ctx.batchSize != ctx.trainRows)
    }

    // MARK: checks

    mutating func check() {
        let loss = spec.loss
        if ctx.broadcasts {
            ctx.refuse("loss.broadcast_targets", "Keras aligns targets of shape (n,) with predictions (n, 1) (squeeze_or_expand_to_same_rank); TF1's broadcast to (n, n) cannot be expressed")
        }
        if !ctx.same(loss.outputReduction, loss.gradientReduction) {
            ctx.refuse("loss.gradient_reduction", "Keras differentiates the loss it reports; a loss reported as the \(loss.outputReduction.rawValue) over outputs but differentiated as their \(loss.gradientReduction.rawValue) (scikit-learn's delta p − y) cannot be expressed")
        }
        if loss.kind.isProbabilistic && !loss.fromLogits {
            let out = ctx.outputActivation, matches = ctx.outputMatchesLoss
            if matches && loss.link != .logits {
                ctx.refuse("loss.link", "Keras on TensorFlow computes \(loss.kind.rawValue) of a \(out.rawValue) output from its logits (no clipping, delta p − y); link \(loss.link.rawValue) cannot be expressed")
            }
            if !matches && loss.clipEpsilon == nil {
                ctx.refuse("loss.clip_epsilon", "Keras clips the probabilities of a \(out.rawValue) output to [ε, 1 − ε] with ε = keras.config.epsilon(); an unclipped loss cannot be expressed")
            }
        }
        if spec.penalty.alpha != 0 && spec.penalty.divideByBatch {
            if !ctx.batchesAllEqual {
                ctx.refuse("regularization.divide_by_batch", "the penalty 0.5·alpha·ΣW²/n is divided by each batch's size n, and a Keras regularizer does not see the batch size; with \(ctx.trainRows) training rows in batches of \(ctx.batchSize) the batches differ in size, so it cannot be expressed (it can when every batch has the same size: alpha/batch_size as a half_l2 regularizer on every kernel)")
            } else if t.logging.mode == .fullData && ctx.batchSize != ctx.trainRows {
                ctx.refuse("training.log", "a full-data loss divides the global penalty by \(ctx.trainRows) rows, but the Keras regularizer is fixed at alpha/\(ctx.batchSize) for the batches")
            }
        }
        // Optimizer.
        switch o.kind {
        case .lbfgs:
            ctx.refuse("optimizer.kind", "Keras has no L-BFGS optimizer")
        case .sgd:
            ctx.refuseMomentumBuffer(keptBy: "Keras")
        case .adam, .adamw:
            ctx.refuseEpsilonForm(unless: .accumulator, "Keras' Adam divides by √v + ε with the bias corrections in the step size; PyTorch's √v̂ + ε (epsilon_form estimate) cannot be expressed")
        case .rmsprop:
            ctx.refuseEpsilonForm(unless: .accumulator, "Keras' RMSprop divides by √(v + ε); PyTorch's √v + ε (epsilon_form estimate) cannot be expressed")
        case .adagrad:
            ctx.refuseEpsilonForm(unless: .accumulator, "Keras' Adagrad divides by √(acc + ε); PyTorch's √acc + ε (epsilon_form estimate) cannot be expressed")
        }
        for layer in ctx.plan.layers {
            if let bn = layer.batchNorm, bn.unbiasedRunningVariance {
                ctx.refuse("model.layers[\(layer.index)].running_variance", "Keras' BatchNormalization moves its variance toward the batch's biased variance; PyTorch's unbiased running variance cannot be expressed")
            }
        }
        if o.weightDecay != 0 && o.weightDecayForm == .coupled {
            ctx.refuse("optimizer.weight_decay_form", "Keras' weight_decay is decoupled (W ← W − lr·λ·W before the step); coupled decay (g += λW) cannot be expressed")
        }
        if spec.dtype == .float64 && o.hyperparameterDtype != .float32 {
            // What Keras casts: the plan's list, and an inverse-time schedule's two numbers.
            var rounded = ctx.plan.optimizer.castHyperparameters
            if case .inverseTime(let d) = o.schedule {
                rounded += [CastHyperparameter(key: "learning_rate", label: "learning rate", written: o.learningRate, applied: o.learningRate),
                            CastHyperparameter(key: "schedule.decay", label: "decay", written: d, applied: d)]
            }
            for b in rounded where b.float32 != b.written {
                ctx.refuse("optimizer.hyperparameter_dtype", "Keras on TensorFlow casts optimizer.\(b.key) = \(Format.number(b.written)) through float32 (\(Format.number(b.float32))) even in a float64 model; the spec keeps it exact (set hyperparameter_dtype: float32 to match Keras)")
            }
        }
    }

    // MARK: script

    func write() -> String {
        let data = DataCodegen(ctx: ctx)
        let loop = LoopCodegen(ctx: ctx)
        var w = PythonWriter()
        var notes = [
            "Keras draws its own initial weights from its own generator, which nnspec cannot reproduce; the model is built, then set_weights() puts nnspec's initial weights (drawn below exactly as nnspec draws them) in place.",
        ]
        notes.append(usesFit
            ? (LoopCodegen(ctx: ctx).shuffles
                ? "Keras' own shuffle cannot be reproduced: one model.fit() takes nnspec's batches from a generator, each epoch's rows in nnspec's order (drawn from the RNG that drew the initial weights), so history['loss'] is Keras' own epoch loss."
                : "The loop is one model.fit(shuffle=False): the rows are not shuffled, so Keras takes nnspec's batches in nnspec's order and history['loss'] is Keras' own epoch loss.")
            : "The loop drives model.train_on_batch over nnspec's batches, step by step (reset_metrics() first, so each call returns that batch's loss before its update).")
        if ctx.hasDropout { notes.append(ctx.dropoutNote(generator: "Keras' seed generator")) }
        if let a = globalHalfL2 {
            notes.append(spec.penalty.divideByBatch
                ? "regularization.alpha = \(Format.number(spec.penalty.alpha)) divided by the batch size: every batch has \(ctx.batchSize) rows, so it is the regularizer 0.5·\(Format.number(a))·ΣW² on every kernel."
                : "regularization.alpha = \(Format.number(a)) on all kernels is the regularizer 0.5·alpha·ΣW² on every kernel.")
        }
        loop.header(&w, framework: "Keras 3 (TensorFlow backend)", notes: notes)
        loop.standardImports(&w)
        w.line("os.environ.setdefault(\"KERAS_BACKEND\", \"tensorflow\")")
        w.line("os.environ.setdefault(\"TF_CPP_MIN_LOG_LEVEL\", \"2\")")
        w.comment("oneDNN's kernels change the order of floating-point sums with the CPU (TensorFlow says so on import); off, the numbers do not depend on the machine's instruction set.")
        w.line("os.environ.setdefault(\"TF_ENABLE_ONEDNN_OPTS\", \"0\")")
        w.line("os.environ.setdefault(\"TF_DETERMINISTIC_OPS\", \"1\")")
        w.line()
        w.line("import numpy as np  # noqa: E402")
        w.line("import tensorflow as tf  # noqa: E402")
        w.line()
        w.comment("One thread and deterministic kernels: the same script gives the same numbers every run.")
        w.line("tf.config.threading.set_inter_op_parallelism_threads(1)")
        w.line("tf.config.threading.set_intra_op_parallelism_threads(1)")
        w.line("tf.config.experimental.enable_op_determinism()")
        w.line()
        w.line("import keras  # noqa: E402")
        data.imports(&w)
        loop.constants(&w)
        data.write(&w)
        if ctx.plan.layers.contains(where: needsPixelAverage) { pixelAverageClass(&w) }
        buildModel(&w)
        if usesFit {
            if loop.shuffles { loop.nextOrder(&w) }
            if t.earlyStopping != nil { loop.epochBookkeeping(&w, epochLosses: false) }
            epochEndCallback(&w)
        } else {
            loop.stepPlan(&w)
            loop.epochBookkeeping(&w, epochLosses: true)
        }
        loop.resultsWriter(&w, framework: "keras", versions: "{\"keras\": keras.__version__, \"tensorflow\": tf.__version__, \"numpy\": np.__version__}")
        train(&w)
        mainFunction(&w)
        loop.footer(&w)
        return w.text
    }

    // MARK: model, loss, optimizer

    /// The plan's l1/l2 factors meet the weights as float32 numbers, as Keras' regularizer
    /// classes cast them.
    private var roundsFactors: Bool { ctx.plan.regularizerFactorsInFloat32 }

    private func regularizer(_ r: Regularizer?, extraHalfL2: Double?) -> String {
        let l1 = r?.l1 ?? 0, l2 = r?.l2 ?? 0, half = (r?.halfL2 ?? 0) + (extraHalfL2 ?? 0)
        let f = PythonWriter.float
        if l1 == 0 && l2 == 0 && half == 0 { return "None" }
        // Keras' own L1/L2 classes cast the written factor through float32, which is what the
        // plan's factors are when they meet the weights as float32 numbers; otherwise (a float64
        // model with exact hyperparameters) the factors go into a lambda, where they stay exact.
        if roundsFactors && half == 0 {
            if l1 == 0 { return "keras.regularizers.L2(\(f(l2)))" }
            if l2 == 0 { return "keras.regularizers.L1(\(f(l1)))" }
            return "keras.regularizers.L1L2(l1=\(f(l1)), l2=\(f(l2)))"
        }
        let applied = ctx.plan.factorsAtTheWeights(Regularizer(l1: l1, l2: l2))
        var terms: [String] = []
        if l1 != 0 { terms.append("\(f(applied.l1)) * tf.reduce_sum(tf.abs(W))") }
        if l2 != 0 { terms.append("\(f(applied.l2)) * tf.reduce_sum(tf.square(W))") }
        if half != 0 { terms.append("0.5 * \(f(half)) * tf.reduce_sum(tf.square(W))") }
        return "lambda W: " + terms.joined(separator: " + ")
    }

    private func buildModel(_ w: inout PythonWriter) {
        w.topLevel("def build_model():") { w in
            w.line(ctx.imageInput
                ? "\"\"\"The spec's layers as Keras layers (kernels fan_in x fan_out and (kh, kw, c_in, filters), as nnspec stores them).\"\"\""
                : "\"\"\"The spec's layers as Keras Dense layers (kernel fan_in x fan_out, as nnspec stores it).\"\"\"")
            let lambdas = !roundsFactors && ctx.layers.contains { l in
                [l.kernelRegularizer, l.biasRegularizer].contains { r in (r?.l1 ?? 0) != 0 || (r?.l2 ?? 0) != 0 }
            }
            if lambdas {
                w.comment("keras.regularizers.L1/L2 cast their factor through float32 even in a float64 model; the spec keeps them exact (optimizer.hyperparameter_dtype: null), so the lambdas below do too.")
            }
            w.line("layers = [keras.Input((\(ctx.features),), dtype=\(PythonWriter.string(spec.dtype.rawValue)))]")
            if ctx.imageInput {
                if spec.model.dataFormat == .channelsLast {
                    w.line("layers.append(keras.layers.Reshape(\(PythonWriter.tuple(ctx.plan.layers[0].inputShape)), dtype=\(dtype)))  # rows: images flattened in (h, w, c) order")
                } else {
                    w.comment("model.data_format channels_first: the rows are images flattened in (c, h, w) order. TensorFlow's CPU kernels take (h, w, c) only (no NCHW convolution gradient), so the maps are permuted to channels_last here and back to (c, h, w) before a flatten.")
                    w.line("layers.append(keras.layers.Reshape(\(PythonWriter.tuple(ctx.plan.layers[0].inputShape)), dtype=\(dtype)))")
                    w.line("layers.append(keras.layers.Permute((2, 3, 1), dtype=\(dtype)))  # (c, h, w) -> (h, w, c)")
                }
            }
            for layer in ctx.plan.layers {
                switch layer.spec.type {
                case is Conv2D.Type: convolution(&w, layer)
                case is MaxPooling2D.Type, is AveragePooling2D.Type: pooling(&w, layer)
                case is Flatten.Type:
                    if spec.model.dataFormat == .channelsFirst && layer.takesImage {
                        w.comment("channels_first flattens in (c, h, w) order: the (h, w, c) map is permuted back first (Keras' Flatten(data_format=\"channels_first\") would do the opposite: (h, w, c) order).")
                        w.line("layers.append(keras.layers.Permute((3, 1, 2), dtype=\(dtype)))  # (h, w, c) -> (c, h, w)")
                        w.line("layers.append(keras.layers.Flatten(name=\(PythonWriter.string(layer.name)), dtype=\(dtype)))")
                    } else {
                        w.line("layers.append(keras.layers.Flatten(name=\(PythonWriter.string(layer.name)), dtype=\(dtype)))")
                    }
                case is BatchNormalization.Type: batchNormalization(&w, layer)
                case is Dropout.Type:
                    let rate = (layer.kind as? DropoutLayer)?.rate ?? 0
                    w.line("layers.append(keras.layers.Dropout(\(PythonWriter.float(rate)), name=\(PythonWriter.string(layer.name)), dtype=\(dtype)))  # rate: the fraction dropped")
                default: dense(&w, layer)
                }
            }
            w.line("return keras.Sequential(layers)")
        }
        w.topLevel("def make_loss():") { w in
            for l in lossLines() { w.line(l) }
        }
        w.topLevel("def make_optimizer():") { w in
            for l in optimizerLines() { w.line(l) }
        }
    }

    private var dtype: String { PythonWriter.string(spec.dtype.rawValue) }

    /// The regularizer arguments of a layer with a kernel, when it has any.
    private func regularizerLine(_ w: inout PythonWriter, _ layer: LayerPlan) {
        let l = layer.spec
        let global = ctx.plan.tensor(layer: layer.index, .kernel)?.globalPenaltyCoefficient
        let kr = regularizer(l.kernelRegularizer, extraHalfL2: global)
        let br = regularizer(l.biasRegularizer, extraHalfL2: nil)
        if kr != "None" || br != "None" {
            w.line("    kernel_regularizer=\(kr),  # model.layers[\(layer.index)]\(global != nil ? " + regularization.alpha" : "")")
            w.line("    bias_regularizer=\(br),")
        }
    }

    private func batchNormalization(_ w: inout PythonWriter, _ layer: LayerPlan) {
        guard let bn = layer.batchNorm else { return }
        let b = bn.batchNorm, f = PythonWriter.float
        let momentum = bn.momentum(in: .runningWeight)
        if b.momentumForm != .runningWeight {
            w.comment("\(layer.name): Keras' momentum weights the moving value (moving = m*moving + (1 - m)*batch): the spec's \(Format.number(b.momentum)) in PyTorch's form is \(Format.number(momentum)).")
        }
        w.line("layers.append(keras.layers.BatchNormalization(")
        w.line("    axis=-1, momentum=\(f(momentum)), epsilon=\(f(bn.epsilon)), center=\(PythonWriter.bool(b.center)), scale=\(PythonWriter.bool(b.scale)), name=\(PythonWriter.string(layer.name)),")
        let gr = regularizer(b.gammaRegularizer, extraHalfL2: nil), br = regularizer(b.betaRegularizer, extraHalfL2: nil)
        if gr != "None" || br != "None" {
            w.line("    gamma_regularizer=\(gr), beta_regularizer=\(br),")
        }
        w.line("    dtype=\(dtype)))")
    }

    private func dense(_ w: inout PythonWriter, _ layer: LayerPlan) {
        let l = layer.spec
        w.line("layers.append(keras.layers.Dense(")
        w.line("    \(l.units), activation=\(PythonWriter.string(l.activation.rawValue)), use_bias=\(PythonWriter.bool(l.useBias)), name=\(PythonWriter.string(l.name)),")
        regularizerLine(&w, layer)
        w.line("    dtype=\(dtype)))")
    }

    /// `padding="valid"`/`"same"` as Keras computes it, or the plan's zeros as a `ZeroPadding2D`
    /// before a valid window. TensorFlow's `same` is nnspec's `same` (the odd pixel at the
    /// bottom/right), so only explicit amounts need the layer.
    private func zeroPadding(_ w: inout PythonWriter, _ layer: LayerPlan, _ pad: WindowPadding) {
        w.line("layers.append(keras.layers.ZeroPadding2D(\(pad.kerasPad), dtype=\(dtype)))  # \(layer.name): the plan's zeros ((top, bottom), (left, right))")
    }

    private func convolution(_ w: inout PythonWriter, _ layer: LayerPlan) {
        let l = layer.spec, g = layer.geometry!, pad = layer.padding!
        let pair = { (a: Int, b: Int) in "(\(a), \(b))" }
        // Keras refuses strides > 1 with a dilation > 1: the convolution runs at stride 1 on the
        // plan's padding, and every stride-th output is kept (the same windows, the same sums).
        let strided = (g.strideH > 1 || g.strideW > 1) && (g.dilationH > 1 || g.dilationW > 1)
        var padding = "valid"
        if strided || (!pad.isZero && l.window!.padding != .same) {
            if !pad.isZero { zeroPadding(&w, layer, pad) }
        } else if l.window!.padding == .same {
            padding = "same"
            w.comment("\(layer.name): TensorFlow's padding=\"same\" is nnspec's: zeros (top, bottom) \(pair(pad.top, pad.bottom)), (left, right) \(pair(pad.left, pad.right)), the odd one at the bottom/right.")
        }
        if strided {
            w.comment("\(layer.name): Keras takes no stride > 1 with a dilation > 1; the stride-1 convolution of the padded input, every stride-th output kept, is the same convolution.")
        }
        w.line("layers.append(keras.layers.Conv2D(")
        w.line("    \(l.units), \(pair(g.kH, g.kW)), strides=\(strided ? "(1, 1)" : pair(g.strideH, g.strideW)), padding=\(PythonWriter.string(padding)), dilation_rate=\(pair(g.dilationH, g.dilationW)),")
        w.line("    activation=\(PythonWriter.string(l.activation.rawValue)), use_bias=\(PythonWriter.bool(l.useBias)), name=\(PythonWriter.string(l.name)),")
        regularizerLine(&w, layer)
        w.line("    dtype=\(dtype)))")
        if strided {
            w.line("layers.append(keras.layers.Lambda(lambda t: t[:, ::\(g.strideH), ::\(g.strideW), :], dtype=\(dtype)))  # \(layer.name): strides \(pair(g.strideH, g.strideW))")
        }
    }

    /// An average pooling whose padded zeros must not count, at a padding Keras' `same` does
    /// not give (the spec writes it per side).
    private func needsPixelAverage(_ layer: LayerPlan) -> Bool {
        layer.averagesInputPixelsOnly && layer.spec.window?.padding != .same
    }

    /// The construction for `needsPixelAverage`: window averages of the zero-padded input over
    /// the same averages of a zero-padded image of ones: (sum/k)/(count/k), which is sum/count to within
    /// the two extra roundings of the divisions by k (measured ≤ 6e-8 relative in float32).
    private func pixelAverageClass(_ w: inout PythonWriter) {
        w.topLevel("class AveragePoolOfInputPixels(keras.layers.Layer):") { w in
            w.line("\"\"\"Average pooling that divides each window's sum by the input pixels it covers, not by the")
            w.line("padded zeros, at a per-side padding ((top, bottom), (left, right)). Keras' AveragePooling2D")
            w.line("leaves the padding out of the count only with padding=\"same\", so the valid window averages")
            w.line("of the zero-padded input (sum/k) are divided by those of a zero-padded image of ones")
            w.line("(count/k): the input pixels under each window, counted by the same pooling.\"\"\"")
            w.method("def __init__(self, pool_size, strides, padding, input_size, **kwargs):") { w in
                w.line("super().__init__(**kwargs)")
                w.line("self.pad = keras.layers.ZeroPadding2D(padding, dtype=self.dtype_policy)")
                w.line("self.pool = keras.layers.AveragePooling2D(pool_size, strides=strides, padding=\"valid\", dtype=self.dtype_policy)")
                w.line("self.count = self.pool(self.pad(np.ones((1, *input_size, 1), dtype=self.compute_dtype)))")
            }
            w.method("def call(self, x):") { w in
                w.line("return self.pool(self.pad(x)) / self.count")
            }
        }
    }

    private func pooling(_ w: inout PythonWriter, _ layer: LayerPlan) {
        let l = layer.spec, g = layer.geometry!, pad = layer.padding!
        let averages = l.type is AveragePooling2D.Type
        let pair = { (a: Int, b: Int) in "(\(a), \(b))" }
        if needsPixelAverage(layer) {
            w.comment("\(layer.name): zeros ((top, bottom), (left, right)) \(pad.kerasPad) left out of each average (count_include_pad false): AveragePooling2D does that only with padding=\"same\", so window sums are divided by pixel counts (AveragePoolOfInputPixels).")
            w.line("layers.append(AveragePoolOfInputPixels(\(pair(g.kH, g.kW)), \(pair(g.strideH, g.strideW)), \(pad.kerasPad), \(pair(g.inH, g.inW)), name=\(PythonWriter.string(l.name)), dtype=\(dtype)))")
            return
        }
        var padding = "valid"
        if l.window!.padding == .same && !(averages && l.window!.countIncludePad) {
            // TensorFlow's same: the maximum ignores the padding, the average divides by the
            // input pixels of each window (count_include_pad false).
            padding = "same"
            w.comment("\(layer.name): TensorFlow's padding=\"same\" is nnspec's: zeros (top, bottom) \(pair(pad.top, pad.bottom)), (left, right) \(pair(pad.left, pad.right)), \(averages ? "left out of each average (count_include_pad false)" : "never the maximum").")
        } else if !pad.isZero {
            if averages {
                w.comment("\(layer.name): count_include_pad true, the padded zeros count in each average: they are real zeros before a valid pooling.")
                zeroPadding(&w, layer, pad)
            } else {
                let widths = "((0, 0), (\(pad.top), \(pad.bottom)), (\(pad.left), \(pad.right)), (0, 0))"
                w.comment("\(layer.name): explicit padding; a padded pixel never wins the maximum, so it is -inf (ZeroPadding2D's zeros could win over negative values).")
                w.line("layers.append(keras.layers.Lambda(lambda t: keras.ops.pad(t, \(widths), constant_values=-np.inf), dtype=\(dtype)))")
            }
        }
        let cls = averages ? "AveragePooling2D" : "MaxPooling2D"
        w.line("layers.append(keras.layers.\(cls)(\(pair(g.kH, g.kW)), strides=\(pair(g.strideH, g.strideW)), padding=\(PythonWriter.string(padding)), name=\(PythonWriter.string(l.name)), dtype=\(dtype)))")
    }

    private func lossLines() -> [String] {
        let loss = spec.loss
        let k = Double(ctx.outputs)
        // Keras' built-ins: mse and binary cross-entropy are means over the outputs, the
        // categorical ones sums over the classes. Other reductions and scales become a factor.
        let builtinReduction: Reduction = loss.kind == .mse || loss.kind == .binaryCrossentropy ? .mean : .sum
        var factor = loss.scale
        if !ctx.same(loss.outputReduction, builtinReduction) { factor *= builtinReduction == .mean ? k : 1 / k }
        let dtypeArg = loss.computeDtype.map { $0 != spec.dtype ? ", dtype=\(PythonWriter.string($0.rawValue))" : "" } ?? ""
        let logits = loss.fromLogits ? "from_logits=True" : ""
        let (cls, fn): (String, String)
        switch loss.kind {
        case .mse: (cls, fn) = ("MeanSquaredError", "mean_squared_error")
        case .binaryCrossentropy: (cls, fn) = ("BinaryCrossentropy", "binary_crossentropy")
        case .categoricalCrossentropy: (cls, fn) = ("CategoricalCrossentropy", "categorical_crossentropy")
        case .sparseCategoricalCrossentropy: (cls, fn) = ("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy")
        }
        var out: [String] = []
        var doc = "\"\"\"loss: \(loss.kind.rawValue)"
        if loss.kind.isProbabilistic && !loss.fromLogits {
            doc += ctx.outputMatchesLoss
                ? ", computed by Keras from the \(ctx.outputActivation.rawValue) output's logits (link: logits)"
                : ", probabilities clipped to [ε, 1 − ε]"
        }
        if loss.computeDtype != nil && loss.computeDtype != spec.dtype { doc += ", computed in \(loss.computeDtype!.rawValue) (loss.compute_dtype)" }
        out.append(doc + ".\"\"\"")
        if loss.kind.isProbabilistic, !loss.fromLogits, let eps = loss.clipEpsilon, eps != 1e-7 {
            out.append("keras.config.set_epsilon(\(PythonWriter.float(eps)))  # loss.clip_epsilon")
        }
        if factor == 1 {
            out.append("return keras.losses.\(cls)(\([logits, dtypeArg.isEmpty ? "" : String(dtypeArg.dropFirst(2))].filter { !$0.isEmpty }.joined(separator: ", ")))")
        } else {
            let args = loss.fromLogits ? ", from_logits=True" : ""
            out.append("# loss.scale \(Format.number(loss.scale)), output_reduction \(loss.outputReduction.rawValue): \(PythonWriter.float(factor)) x Keras' \(fn)")
            out.append("")
            out.append("class Scaled(keras.losses.Loss):")
            out.append("    def call(self, y_true, y_pred):")
            out.append("        return \(PythonWriter.float(factor)) * keras.losses.\(fn)(y_true, y_pred\(args))")
            out.append("")
            out.append("return Scaled(name=\(PythonWriter.string("scaled_" + fn))\(dtypeArg))")
        }
        return out
    }

    private func optimizerLines() -> [String] {
        let f = PythonWriter.float
        var lr = f(o.learningRate)
        var out: [String] = []
        switch o.schedule {
        case .constant: break
        case .inverseTime(let d):
            out.append("# schedule inverse_time: lr / (1 + decay * iterations), iterations before the update (float32)")
            lr = "keras.optimizers.schedules.InverseTimeDecay(\(lr), decay_steps=1, decay_rate=\(f(d)))"
        case .invScaling(let p):
            out.append("# schedule invscaling (power_t \(f(p))): set per epoch by train()")
        }
        var args = ["learning_rate=\(lr)"]
        switch o.kind {
        case .sgd:
            if o.momentum != 0 { args += ["momentum=\(f(o.momentum))", "nesterov=\(PythonWriter.bool(o.nesterov))"] }
            if o.momentum != 0 && o.momentumForm == .buffer {
                out.append("# momentum_form buffer without dampening at a constant rate is the same update: v = -lr * buf.")
            }
        case .adam, .adamw:
            args += ["beta_1=\(f(o.beta1))", "beta_2=\(f(o.beta2))", "epsilon=\(f(o.epsilon))"]
        case .rmsprop:
            args += ["rho=\(f(o.rho))", "momentum=\(f(o.momentum))", "epsilon=\(f(o.epsilon))"]
        case .adagrad:
            args += ["initial_accumulator_value=\(f(o.initialAccumulator))", "epsilon=\(f(o.epsilon))"]
        case .lbfgs:
            break
        }
        if o.weightDecay != 0 { args.append("weight_decay=\(f(o.weightDecay))") }
        let cls: String
        switch o.kind {
        case .sgd: cls = "SGD"
        case .adam: cls = o.weightDecay != 0 ? "AdamW" : "Adam"
        case .adamw: cls = "AdamW"
        case .rmsprop: cls = "RMSprop"
        case .adagrad: cls = "Adagrad"
        case .lbfgs: cls = "SGD"
        }
        if cls == "AdamW" && o.weightDecay == 0 { args.append("weight_decay=0.0") }
        out.append("return keras.optimizers.\(cls)(\(args.joined(separator: ", ")))")
        return out
    }

    // MARK: the loop

    private func train(_ w: inout PythonWriter) {
        let loop = LoopCodegen(ctx: ctx)
        w.topLevel("def train(model, x, y, rs):") { w in
            w.line("\"\"\"The loop; returns (history, status, stop, epochs, steps).\"\"\"")
            w.line("n = len(x)")
            w.line("history = []")
            loop.stopper(&w)
            if usesFit {
                guard case .epochs(let e) = t.length else { return }
                w.line("epoch_end = EpochEnd(x, y, history, stopper)")
                w.line("callbacks = [keras.callbacks.TerminateOnNaN(), epoch_end]")
                if loop.shuffles {
                    w.comment("Keras' own shuffle cannot be reproduced: a generator yields nnspec's batches, the rows of each epoch in nnspec's order, and one fit() takes STEPS_PER_EPOCH of them per epoch (the iterator carries on across epochs).")
                    w.block("def batches():") { w in
                        w.line("order = np.arange(n)")
                        w.block("for _ in range(\(e)):") { w in
                            w.line("order = next_order(rs, order)")
                            w.block("for start in range(0, n, BATCH_SIZE):") { w in
                                w.line("rows = order[start:start + BATCH_SIZE]")
                                w.line("yield x[rows], y[rows]")
                            }
                        }
                    }
                    w.line("model.fit(batches(), epochs=\(e), steps_per_epoch=STEPS_PER_EPOCH, shuffle=False, verbose=0, callbacks=callbacks)")
                } else {
                    w.comment("The rows are not shuffled: fit(shuffle=False) takes nnspec's batches in nnspec's order.")
                    w.line("model.fit(x, y, batch_size=BATCH_SIZE, epochs=\(e), shuffle=False, verbose=0, callbacks=callbacks)")
                }
                w.line("return history, epoch_end.status, epoch_end.stop, epoch_end.epochs, epoch_end.epochs * STEPS_PER_EPOCH")
                return
            }
            w.line("status, stop, epochs, steps = \"completed\", \"length\", 0, 0")
            if invScaling { w.line("samples_seen = 0") }
            // train_on_batch over nnspec's step plan.
            w.line("epoch = EpochLosses()")
            w.block("for s, rows, ends_epoch in step_plan(rs, n):") { w in
                if invScaling {
                    w.block("if s % STEPS_PER_EPOCH == 0:") { w in scheduleUpdate(&w) }
                }
                loop.lossBeforeStep(&w)
                w.comment("Keras 3.15 resets its loss tracker in train_on_batch; resetting here too makes the returned value that batch's loss before the update in every Keras 3 release.")
                w.line("model.reset_metrics()")
                w.line("loss = float(model.train_on_batch(x[rows], y[rows]))")
                w.line("steps += 1")
                loop.stopIfDiverged(&w, "not np.isfinite(loss)")
                loop.afterStep(&w, countSamples: invScaling)
            }
            w.block("if status == \"completed\" and not all(np.isfinite(v).all() for v in model.get_weights()):") { w in
                w.line("status = stop = \"diverged\"")
            }
            w.line("return history, status, stop, epochs, steps")
        }
        w.topLevel("def full_data_loss(model, x, y):") { w in
            w.line("\"\"\"The loss on the whole training set with the current weights, penalties included (one batch).\"\"\"")
            w.line("return float(DTYPE(model.evaluate(x, y, batch_size=len(x), verbose=0)))")
        }
    }

    /// The callback that logs, watches for divergence and stops early after each `fit` epoch.
    private func epochEndCallback(_ w: inout PythonWriter) {
        w.topLevel("class EpochEnd(keras.callbacks.Callback):") { w in
            w.line("\"\"\"After each epoch of fit(): nnspec's log, the divergence check, and the stopping rule.\"\"\"")
            w.method("def __init__(self, x, y, history, stopper):") { w in
                w.line("super().__init__()")
                w.line("self.x, self.y, self.history, self.stopper = x, y, history, stopper")
                w.line("self.status, self.stop, self.epochs = \"completed\", \"length\", 0")
                if invScaling { w.line("self.samples_seen = 0") }
            }
            if invScaling {
                w.method("def on_epoch_begin(self, epoch, logs=None):") { w in
                    w.line("samples_seen = self.samples_seen")
                    w.line("model = self.model")
                    scheduleUpdate(&w)
                }
            }
            w.method("def on_epoch_end(self, epoch, logs=None):") { w in
                w.line("loss = logs[\"loss\"]")
                w.line("self.epochs = epoch + 1")
                if invScaling { w.line("self.samples_seen += len(self.x)") }
                w.block("if not np.isfinite(loss) or not all(np.isfinite(v).all() for v in self.model.get_weights()):") { w in
                    w.line("self.status = self.stop = \"diverged\"")
                    w.line("self.model.stop_training = True")
                    w.line("return")
                }
                w.block("if self.epochs % LOG_EVERY == 0:") { w in
                    if t.logging.mode == .fullData {
                        w.line("self.history.append((\"epoch\", self.epochs, full_data_loss(self.model, self.x, self.y)))")
                    } else {
                        w.line("self.history.append((\"epoch\", self.epochs, float(DTYPE(loss))))")
                    }
                }
                if t.earlyStopping != nil {
                    w.comment("nnspec applies the rule to sum(batch loss * rows) / n; Keras' epoch loss is that weighted mean, accumulated in the model dtype.")
                    w.block("if self.stopper.should_stop(float(loss)):") { w in
                        w.line("self.stop = \"early_stopping\"")
                        w.line("self.model.stop_training = True")
                    }
                }
            }
        }
    }

    private func scheduleUpdate(_ w: inout PythonWriter) {
        guard case .invScaling(let p) = o.schedule else { return }
        w.comment("invscaling: lr / (samples seen in completed epochs + 1) ** power_t, set once per epoch")
        w.line("model.optimizer.learning_rate = \(PythonWriter.float(o.learningRate)) if samples_seen == 0 else \(PythonWriter.float(o.learningRate)) / (samples_seen + 1) ** \(PythonWriter.float(p))")
    }

    private func mainFunction(_ w: inout PythonWriter) {
        w.topLevel("def main():") { w in
            w.line("keras.config.set_floatx(\(PythonWriter.string(spec.dtype.rawValue)))  # before the loss object: it fixes its dtype")
            w.line("keras.utils.set_random_seed(TRAINING_SEED)")
            w.line("x_train, y_train, _, _ = load_data()")
            w.line(ctx.imageInput ? "x = x_train.astype(DTYPE).reshape(len(x_train), -1)  # one row per image; the model reshapes it" : "x = x_train.astype(DTYPE)")
            if ctx.isSparse {
                w.line("y = y_train.reshape(-1).astype(np.int64)  # class indices")
            } else {
                w.line("y = (y_train.reshape(-1, 1) if y_train.ndim == 1 else y_train).astype(DTYPE)")
            }
            w.line("rs = np.random.RandomState(TRAINING_SEED)  # draws the initial weights, then the shuffles")
            w.line("model = build_model()")
            w.line("weighted = [model.get_layer(name) for name in LAYER_NAMES]")
            if ctx.hasBatchNorm {
                w.block("for layer, tensors in zip(weighted, initial_weights(rs)):") { w in
                    w.line("given = [t.astype(DTYPE) for t in tensors if t is not None]")
                    w.comment("A batch normalization's moving statistics keep Keras' start, nnspec's: mean 0, variance 1.")
                    w.line("layer.set_weights(given + layer.get_weights()[len(given):])")
                }
            } else {
                w.block("for layer, (kernel, bias) in zip(weighted, initial_weights(rs)):") { w in
                    w.line("layer.set_weights([kernel.astype(DTYPE)] + ([] if bias is None else [bias.astype(DTYPE)]))")
                }
            }
            w.line("model.compile(optimizer=make_optimizer(), loss=make_loss())")
            w.line("history, status, stop, epochs, steps = train(model, x, y, rs)")
            if finalLossExpressible {
                w.line("final_loss = full_data_loss(model, x, y) if status == \"completed\" else None")
            } else {
                w.comment("No final loss: nnspec divides the global penalty by all training rows, this model's regularizer by the batch size.")
                w.line("final_loss = None")
            }
            if LoopCodegen(ctx: ctx).shapedParameters {
                w.line("parameters = [layer.get_weights() for layer in weighted]  # in TENSOR_NAMES order")
            } else {
                w.line("parameters = [(layer.get_weights()[0], layer.get_weights()[1] if layer.use_bias else None) for layer in weighted]")
            }
            w.line("write_results(results_path(), history, parameters, final_loss, status, stop, epochs, steps)")
        }
    }
}
