import NNSpecIR
import NNSpecPlan

/// A PyTorch script: `nn.Linear`, `nn.Conv2d`, pooling, flatten and dropout modules with
/// nnspec's initial weights copied in (in PyTorch's layouts: `fan_out × fan_in`,
/// `(c_out, c_in, kh, kw)`); where PyTorch has no one module for nnspec's meaning (TensorFlow's
/// one-sided `same` padding, Keras' average over input pixels) the script writes the exact
/// construction (an explicit `F.pad`, window sums over pixel counts). Then a loss written out
/// from the spec's fields in torch ops (autograd differentiates exactly what nnspec
/// differentiates), a `torch.optim` optimizer, and a loop over nnspec's batches. PyTorch leaves the loss and the loop to the script, so almost every
/// loss form and penalty can be said; what is refused are optimizer forms `torch.optim` lacks.
struct TorchExporter: ScriptExporter {
    var ctx: ExportContext
    private var spec: Spec { ctx.spec }
    private var t: TrainingSpec { spec.training }
    private var o: OptimizerSpec { spec.optimizer }
    private var loss: LossSpec { spec.loss }

    init(_ ctx: ExportContext) { self.ctx = ctx }

    // MARK: checks

    mutating func check() {
        switch o.kind {
        case .lbfgs:
            ctx.refuse("optimizer.kind", "torch.optim.LBFGS is not scikit-learn's scipy L-BFGS-B: its line search and stopping rules differ")
        case .sgd:
            if o.momentum != 0 && o.momentumForm == .velocity && o.schedule != .constant {
                ctx.refuse("optimizer.momentum_form", "PyTorch's buffer b ← μb + g, W ← W − lr·b equals the velocity v ← μv − lr·g only at a constant learning rate; with a schedule it cannot be expressed")
            }
        case .adam, .adamw:
            ctx.refuseEpsilonForm(unless: .estimate, "torch.optim.Adam divides by √v̂ + ε after bias correction (epsilon_form estimate); Keras' √v + ε with the corrections in the step size cannot be expressed")
        case .rmsprop:
            ctx.refuseEpsilonForm(unless: .estimate, "torch.optim.RMSprop divides by √v + ε (epsilon_form estimate); Keras' √(v + ε) cannot be expressed")
        case .adagrad:
            ctx.refuseEpsilonForm(unless: .estimate, "torch.optim.Adagrad divides by √acc + ε (epsilon_form estimate); Keras' √(acc + ε) cannot be expressed")
        }
        for layer in ctx.plan.layers {
            guard let bn = layer.batchNorm else { continue }
            if !bn.unbiasedRunningVariance {
                ctx.refuse("model.layers[\(layer.index)].running_variance", "torch.nn.BatchNorm moves its running variance toward the batch's unbiased variance; Keras' biased moving variance cannot be expressed")
            }
            if bn.batchNorm.center != bn.batchNorm.scale {
                ctx.refuse("model.layers[\(layer.index)].center", "torch.nn.BatchNorm has γ and β together (affine) or neither; center \(bn.batchNorm.center) with scale \(bn.batchNorm.scale) cannot be expressed")
            }
        }
        if o.weightDecay != 0 && o.weightDecayForm == .decoupled && o.kind != .adam && o.kind != .adamw {
            ctx.refuse("optimizer.weight_decay_form", "torch.optim.\(torchClass) decays coupled (g += λW); decoupled decay is AdamW's only")
        }
    }

    private var torchClass: String {
        switch o.kind {
        case .sgd: return "SGD"
        case .adam: return o.weightDecay != 0 && o.weightDecayForm == .decoupled ? "AdamW" : "Adam"
        case .adamw: return o.weightDecayForm == .decoupled ? "AdamW" : "Adam"
        case .rmsprop: return "RMSprop"
        case .adagrad: return "Adagrad"
        case .lbfgs: return "LBFGS"
        }
    }

    // MARK: script

    func write() -> String {
        let data = DataCodegen(ctx: ctx)
        let loop = LoopCodegen(ctx: ctx)
        var w = PythonWriter()
        let convolves = ctx.layers.contains { $0.type is Conv2D.Type }
        var notes = [
            convolves
                ? "nn.Linear and nn.Conv2d draw their own initial weights from torch's generator, which nnspec cannot reproduce; nnspec's initial weights (drawn below exactly as nnspec draws them) are copied in, in PyTorch's layout (fan_out x fan_in; a convolution's (c_out, c_in, kh, kw) from nnspec's (kh, kw, c_in, c_out))."
                : "nn.Linear draws its own initial weights from torch's generator, which nnspec cannot reproduce; nnspec's initial weights (drawn below exactly as nnspec draws them) are copied in, transposed (PyTorch stores fan_out x fan_in).",
            "The loss is written out from the spec's loss fields in torch ops, so autograd differentiates exactly what nnspec differentiates; the loop takes nnspec's batches in nnspec's order.",
        ]
        if o.kind == .sgd && o.momentum != 0 && o.momentumForm == .velocity {
            notes.append("optimizer.momentum_form velocity (v ← μv − lr·g) at a constant learning rate is torch.optim.SGD's buffer without dampening: v = −lr·buf.")
        }
        if ctx.imageInput && spec.model.dataFormat == .channelsLast {
            notes.append("model.data_format channels_last: the images are permuted to PyTorch's (n, c, h, w) on entry, and a flatten lays the map out in (h, w, c) order, as nnspec (and Keras) do.")
        }
        if ctx.hasDropout { notes.append(ctx.dropoutNote(generator: "torch's generator")) }
        if ctx.layers.contains(where: { $0.activation == .softplus }) {
            notes.append("softplus: torch's threshold (20) differs from TensorFlow's (log ε + 2), which nnspec follows; the two agree to rounding.")
        }
        loop.header(&w, framework: "PyTorch", notes: notes)
        loop.standardImports(&w)
        w.line("import numpy as np")
        w.line("import torch")
        w.line("import torch.nn.functional as F")
        data.imports(&w)
        w.line()
        w.line("torch.set_num_threads(1)")
        w.line("torch.use_deterministic_algorithms(True)")
        loop.constants(&w)
        w.line("TORCH_DTYPE = \(spec.dtype == .float32 ? "torch.float32" : "torch.float64")")
        data.write(&w)
        model(&w)
        lossFunction(&w)
        optimizer(&w)
        loop.stepPlan(&w)
        loop.epochBookkeeping(&w, epochLosses: true)
        loop.resultsWriter(&w, framework: "pytorch", versions: "{\"torch\": torch.__version__, \"numpy\": np.__version__}")
        train(&w)
        mainFunction(&w)
        loop.footer(&w)
        return w.text
    }

    private func model(_ w: inout PythonWriter) {
        w.line()
        w.line()
        w.line("ACTIVATIONS = {")
        w.line("    \"linear\": lambda z: z,")
        w.line("    \"sigmoid\": torch.sigmoid,")
        w.line("    \"tanh\": torch.tanh,")
        w.line("    \"relu\": torch.relu,")
        w.line("    \"softplus\": F.softplus,")
        w.line("    \"softmax\": lambda z: torch.softmax(z, dim=1),")
        w.line("}")
        helperModules(&w)
        w.topLevel("class Net(torch.nn.Module):") { w in
            w.line("\"\"\"The spec's \(ctx.imageInput ? "" : "dense ")layers; forward returns the output layer's pre-activation z and activation a.\"\"\"")
            w.method("def __init__(self):") { w in
                w.line("super().__init__()")
                w.line("self.layers = torch.nn.ModuleList([")
                w.indented { w in
                    for layer in ctx.plan.layers {
                        let (note, text) = module(layer)
                        if let note { w.comment(note) }
                        w.line("\(text)  # \(layer.name)")
                    }
                }
                w.line("])")
                w.line("self.activations = [\(ctx.layers.map { PythonWriter.string($0.activation.rawValue) }.joined(separator: ", "))]")
            }
            w.method("def forward(self, x):") { w in
                let first = ctx.plan.layers[0]
                if ctx.imageInput {
                    let shape = first.inputShape.map(String.init).joined(separator: ", ")
                    if spec.model.dataFormat == .channelsLast {
                        w.comment("Each row is an image flattened in (h, w, c) order (channels_last); PyTorch's layers take (n, c, h, w).")
                        w.line("x = x.reshape(-1, \(shape)).permute(0, 3, 1, 2)")
                    } else {
                        w.comment("Each row is an image flattened in (c, h, w) order (channels_first), as PyTorch's layers take it.")
                        w.line("x = x.reshape(-1, \(shape))")
                    }
                }
                w.block("for layer, activation in zip(self.layers, self.activations):") { w in
                    w.line("z = layer(x)")
                    w.line("x = ACTIVATIONS[activation](z)")
                }
                w.line("return z, x")
            }
            w.method("def weighted(self):") { w in
                w.line("\"\"\"The layers with parameters, in LAYER_NAMES order.\"\"\"")
                w.line("return [self.layers[i] for i in \(PythonWriter.tuple(ctx.weightedLayers.map(\.index)))]")
            }
        }
        w.topLevel("def to_torch_layout(kernel):") { w in
            w.line("\"\"\"nnspec's kernel (fan_in x fan_out; a convolution's (kh, kw, c_in, c_out)) as PyTorch stores it.\"\"\"")
            w.line("return kernel.transpose(3, 2, 0, 1) if kernel.ndim == 4 else kernel.T")
        }
        if LoopCodegen(ctx: ctx).shapedParameters {
            w.topLevel("def reported(layer):") { w in
                w.line("\"\"\"A layer's tensors in TENSOR_NAMES order and nnspec's layouts: kernel and bias, or gamma, beta and")
                w.line("the running statistics.\"\"\"")
                w.block("if isinstance(layer, torch.nn.modules.batchnorm._BatchNorm):") { w in
                    w.line("affine = [] if layer.weight is None else [layer.weight.detach().numpy(), layer.bias.detach().numpy()]")
                    w.line("return affine + [layer.running_mean.numpy(), layer.running_var.numpy()]")
                }
                w.line("return [nnspec_layout(layer.weight)] + ([] if layer.bias is None else [layer.bias.detach().numpy()])")
            }
        }
        w.topLevel("def nnspec_layout(weight):") { w in
            w.line("\"\"\"A PyTorch weight ((fan_out, fan_in); a convolution's (c_out, c_in, kh, kw)) in nnspec's layout.\"\"\"")
            w.line("w = weight.detach().numpy()")
            w.line("return w.transpose(2, 3, 1, 0) if w.ndim == 4 else w.T")
        }
    }

    /// The constructions PyTorch lacks as one module, written into the script when a layer needs
    /// them.
    private func helperModules(_ w: inout PythonWriter) {
        let layers = ctx.plan.layers
        if layers.contains(where: { $0.spec.type is Conv2D.Type && !($0.padding?.isSymmetric ?? true) }) {
            w.topLevel("class PaddedConv2d(torch.nn.Conv2d):") { w in
                w.line("\"\"\"Conv2d after an exact per-side zero padding (left, right, top, bottom). PyTorch's padding=")
                w.line("pads both sides alike; TensorFlow's padding=\"same\" with a stride puts the odd pixel at the")
                w.line("bottom/right (e.g. (0, 1)), which padding=k//2 would not reproduce, so the zeros are added")
                w.line("explicitly with F.pad.\"\"\"")
                w.method("def __init__(self, *args, pad, **kwargs):") { w in
                    w.line("super().__init__(*args, **kwargs)")
                    w.line("self.pad = pad")
                }
                w.method("def forward(self, x):") { w in
                    w.line("return super().forward(F.pad(x, self.pad))")
                }
            }
        }
        if layers.contains(where: { needsPixelAverage($0) }) {
            w.topLevel("class AveragePoolOfInputPixels(torch.nn.Module):") { w in
                w.line("\"\"\"Average pooling that divides each window's sum by the input pixels it covers, not by the")
                w.line("padded zeros (Keras' padding=\"same\"), at a per-side padding (left, right, top, bottom).")
                w.line("AvgPool2d(count_include_pad=False) takes only a symmetric padding of at most half the window,")
                w.line("so the window sums of the zero-padded input are divided by the count of input pixels under")
                w.line("each window.\"\"\"")
                w.method("def __init__(self, kernel_size, stride, pad, input_size):") { w in
                    w.line("super().__init__()")
                    w.line("self.pad = pad")
                    w.line("self.sums = torch.nn.AvgPool2d(kernel_size, stride, divisor_override=1)")
                    w.line("self.register_buffer(\"count\", self.sums(F.pad(torch.ones(1, 1, *input_size), pad)))")
                }
                w.method("def forward(self, x):") { w in
                    w.line("return self.sums(F.pad(x, self.pad)) / self.count")
                }
            }
        }
        if spec.model.dataFormat == .channelsLast && layers.contains(where: { $0.spec.type is Flatten.Type && $0.takesImage }) {
            w.topLevel("class FlattenHWC(torch.nn.Module):") { w in
                w.line("\"\"\"Flatten in (h, w, c) order (channels_last, as Keras): the (n, c, h, w) map is permuted first.\"\"\"")
                w.method("def forward(self, x):") { w in
                    w.line("return x.permute(0, 2, 3, 1).flatten(1)")
                }
            }
        }
    }

    /// An average pooling whose padded zeros must not count, at a padding PyTorch's
    /// `count_include_pad=False` cannot take.
    private func needsPixelAverage(_ layer: LayerPlan) -> Bool {
        guard layer.averagesInputPixelsOnly, let g = layer.geometry, let pad = layer.padding else { return false }
        return !pad.fitsTorchPooling(g)
    }

    /// The module of one layer, its line in the `ModuleList`, and a note when it is a construction
    /// rather than PyTorch's own module for the meaning.
    private func module(_ layer: LayerPlan) -> (note: String?, text: String) {
        let l = layer.spec
        let pair = { (a: Int, b: Int) in "(\(a), \(b))" }
        switch l.type {
        case is Conv2D.Type:
            let g = layer.geometry!, pad = layer.padding!
            let args = "\(g.inC), \(l.units), \(pair(g.kH, g.kW)), stride=\(pair(g.strideH, g.strideW)), dilation=\(pair(g.dilationH, g.dilationW)), bias=\(PythonWriter.bool(l.useBias))"
            if pad.isSymmetric {
                return (nil, "torch.nn.Conv2d(\(args), padding=\(pair(pad.top, pad.left))),")
            }
            return ("zeros (left, right, top, bottom) \(pad.torchPad): one-sided, so added by F.pad (PaddedConv2d).", "PaddedConv2d(\(args), pad=\(pad.torchPad)),")
        case is MaxPooling2D.Type, is AveragePooling2D.Type:
            let g = layer.geometry!, pad = layer.padding!
            let averages = l.type is AveragePooling2D.Type
            let window = "\(pair(g.kH, g.kW)), stride=\(pair(g.strideH, g.strideW))"
            let cls = averages ? "torch.nn.AvgPool2d" : "torch.nn.MaxPool2d"
            if pad.isZero { return (nil, "\(cls)(\(window)),") }
            let counts = l.window!.countIncludePad
            let countArg = averages ? ", count_include_pad=\(PythonWriter.bool(counts))" : ""
            if pad.fitsTorchPooling(g) {
                return (nil, "\(cls)(\(window), padding=\(pair(pad.top, pad.left))\(countArg)),")
            }
            if averages && !counts {
                return ("zeros (left, right, top, bottom) \(pad.torchPad) left out of each average: AvgPool2d(count_include_pad=False) cannot take this padding, so window sums are divided by pixel counts.",
                        "AveragePoolOfInputPixels(\(pair(g.kH, g.kW)), \(pair(g.strideH, g.strideW)), \(pad.torchPad), \(pair(g.inH, g.inW))),")
            }
            // A padding PyTorch's pooling cannot take (one-sided, or wider than half the window):
            // explicit, with -inf for the maximum (padded pixels never win) or zeros that count.
            let padModule = averages ? "torch.nn.ZeroPad2d(\(pad.torchPad))" : "torch.nn.ConstantPad2d(\(pad.torchPad), float(\"-inf\"))"
            let note = averages
                ? "zeros (left, right, top, bottom) \(pad.torchPad) that count in each average: PyTorch's padding= takes a symmetric padding of at most half the window, so they are padded explicitly."
                : "padding (left, right, top, bottom) \(pad.torchPad) of -inf, which never wins the maximum: PyTorch's padding= takes a symmetric padding of at most half the window, so it is padded explicitly."
            return (note, "torch.nn.Sequential(\(padModule), \(cls)(\(window))),")
        case is Flatten.Type:
            if layer.takesImage && spec.model.dataFormat == .channelsLast { return (nil, "FlattenHWC(),") }
            return (nil, "torch.nn.Flatten(),")
        case is BatchNormalization.Type:
            guard let bn = layer.batchNorm, let stat = layer.statistics.first else { return (nil, "") }
            let b = bn.batchNorm, momentum = bn.momentum(in: .batchWeight)
            let cls = layer.takesImage ? "torch.nn.BatchNorm2d" : "torch.nn.BatchNorm1d"
            let note = b.momentumForm == .batchWeight ? nil
                : "PyTorch's momentum weights the batch (running = (1 - m)*running + m*batch): the spec's \(Format.number(b.momentum)) in Keras' form is \(Format.number(momentum))."
            return (note, "\(cls)(\(ctx.plan.statistics[stat].shape[0]), eps=\(PythonWriter.float(bn.epsilon)), momentum=\(PythonWriter.float(momentum)), affine=\(PythonWriter.bool(b.scale))),")
        case is Dropout.Type:
            return (nil, "torch.nn.Dropout(p=\(PythonWriter.float((layer.kind as? DropoutLayer)?.rate ?? 0))),")
        default:
            return (nil, "torch.nn.Linear(\(layer.inputWidth), \(l.units), bias=\(PythonWriter.bool(l.useBias))),")
        }
    }

    /// `loss_terms(model, z, a, y, rows)`: the loss nnspec reports and the one whose gradient it
    /// takes (the same tensor unless the spec reports and differentiates different forms), both
    /// with the penalties.
    private func lossFunction(_ w: inout PythonWriter) {
        let f = PythonWriter.float
        let k = ctx.outputs
        func reduce(_ r: Reduction) -> String { r == .mean ? ".mean(dim=1)" : ".sum(dim=1)" }
        let scale = loss.scale == 1 ? "" : "\(f(loss.scale)) * "
        w.topLevel("def loss_terms(model, z, a, y, rows):") { w in
            w.line("\"\"\"(reported, differentiated) for a batch: the loss nnspec reports, penalties included, and the")
            w.line("one whose gradient nnspec follows (loss: \(loss.kind.rawValue), scale \(Format.number(loss.scale)), output_reduction \(loss.outputReduction.rawValue),")
            w.line("gradient_reduction \(loss.gradientReduction.rawValue)\(loss.kind.isProbabilistic ? ", link \(loss.link.rawValue), clip_epsilon \(loss.clipEpsilon.map(Format.number) ?? "none")" : "")).\"\"\"")
            if let c = loss.computeDtype, c != spec.dtype {
                w.comment("loss.compute_dtype \(c.rawValue): the loss sees its inputs in \(c.rawValue), and its gradient comes back through the cast.")
                let d = c == .float32 ? "torch.float32" : "torch.float64"
                w.line("z, a, y = z.to(\(d)), a.to(\(d)), y.to(\(d))")
            }
            let eps = loss.clipEpsilon.map(f)
            func clamp(_ x: String) -> String { eps.map { "torch.clamp(\(x), \($0), 1 - \($0))" } ?? x }
            switch loss.kind {
            case .mse:
                if ctx.broadcasts {
                    w.comment("broadcast_targets: targets (n,) against predictions (n, 1) broadcast to (n, n), as TF1's mean_squared_error did.")
                    w.line("data = \(scale)((a - y.reshape(1, -1)) ** 2).mean()")
                    w.line("reported = differentiated = data")
                } else {
                    w.line("e = (a - y) ** 2")
                    twoReductions(&w, scale: scale, reduce: reduce)
                }
            case .binaryCrossentropy:
                if ctx.link == .fromLogits || ctx.link == .logits {
                    let l = ctx.link == .fromLogits ? "a" : "z"
                    w.comment(ctx.link == .fromLogits ? "from_logits: the output's activation values are the logits." : "link logits: from the sigmoid output's logits, unclipped (Keras on TensorFlow).")
                    w.line("e = F.binary_cross_entropy_with_logits(\(l), y, reduction=\"none\")")
                    twoReductions(&w, scale: scale, reduce: reduce)
                } else if ctx.link == .canonical {
                    w.comment("link canonical: the reported loss uses clipped probabilities, the gradient at z is p - y whatever the clip (scikit-learn's _backprop): the logits form has exactly that gradient.")
                    w.line("p = \(clamp("a.detach()"))")
                    w.line("e = -(torch.xlogy(y, p) + torch.xlogy(1 - y, 1 - p))")
                    w.line("reported = \(scale)e\(reduce(loss.outputReduction)).mean()")
                    w.line("differentiated = \(scale)F.binary_cross_entropy_with_logits(z, y, reduction=\"none\")\(reduce(loss.gradientReduction)).mean()")
                } else {
                    w.comment("Probabilities clipped, then the log: a clipped probability passes no gradient.")
                    w.line("p = \(clamp("a"))")
                    w.line("e = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))")
                    twoReductions(&w, scale: scale, reduce: reduce)
                }
            case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
                if ctx.link == .fromLogits || ctx.link == .logits {
                    let l = ctx.link == .fromLogits ? "a" : "z"
                    w.comment(ctx.link == .fromLogits ? "from_logits: the output's activation values are the logits." : "link logits: from the softmax output's logits (Keras on TensorFlow).")
                    w.line("e = -(y * torch.log_softmax(\(l), dim=1))")
                    twoReductions(&w, scale: scale, reduce: reduce)
                } else if ctx.link == .canonical {
                    w.comment("link canonical: reported from clipped probabilities, the gradient at z is p - y (one-hot targets).")
                    w.line("p = \(clamp("a.detach()"))")
                    w.line("reported = \(scale)(-torch.xlogy(y, p))\(reduce(loss.outputReduction)).mean()")
                    w.line("differentiated = \(scale)(-(y * torch.log_softmax(z, dim=1)))\(reduce(loss.gradientReduction)).mean()")
                } else {
                    w.comment("Keras' clipped form: probabilities normalized to sum 1, clipped, then the log.")
                    w.line("q = \(clamp("a / a.sum(dim=1, keepdim=True)"))")
                    w.line("e = -(y * torch.log(q))")
                    twoReductions(&w, scale: scale, reduce: reduce)
                }
            }
            _ = k
            // Penalties.
            var terms: [String] = []
            // The plan's factors: l1/l2 cast through float32 when hyperparameter_dtype is float32
            // (Keras' classes). A batch normalization's gamma and beta are the module's weight and bias.
            for t in ctx.plan.tensors {
                guard let r = t.appliedRegularizer else { continue }
                let p = "model.layers[\(t.layer)].\(t.role == .kernel || t.role == .gamma ? "weight" : "bias")"
                if r.l1 != 0 { terms.append("\(f(r.l1)) * \(p).abs().sum()") }
                if r.l2 != 0 { terms.append("\(f(r.l2)) * (\(p) ** 2).sum()") }
                if r.halfL2 != 0 { terms.append("0.5 * \(f(r.halfL2)) * (\(p) ** 2).sum()") }
            }
            if spec.penalty.alpha != 0 {
                let sum = "(" + ctx.weightedLayers.map { "(model.layers[\($0.index)].weight ** 2).sum()" }.joined(separator: " + ") + ")"
                terms.append("0.5 * \(f(spec.penalty.alpha)) * \(sum)\(spec.penalty.divideByBatch ? " / rows" : "")")
            }
            if !terms.isEmpty {
                w.comment("Penalties: per-layer regularizers\(spec.penalty.alpha != 0 ? ", and regularization.alpha on every kernel\(spec.penalty.divideByBatch ? " divided by the batch size" : "")" : "").")
                w.line("penalty = " + terms.joined(separator: " + "))
                w.line("reported, differentiated = reported + penalty, differentiated + penalty")
            }
            w.line("return reported, differentiated")
        }
    }

    private func twoReductions(_ w: inout PythonWriter, scale: String, reduce: (Reduction) -> String) {
        if ctx.same(loss.outputReduction, loss.gradientReduction) {
            w.line("reported = differentiated = \(scale)e\(reduce(loss.outputReduction)).mean()")
        } else {
            w.comment("Reported as the \(loss.outputReduction.rawValue) over the outputs, differentiated as their \(loss.gradientReduction.rawValue) (scikit-learn's delta p - y is not divided by k).")
            w.line("reported = \(scale)e.detach()\(reduce(loss.outputReduction)).mean()")
            w.line("differentiated = \(scale)e\(reduce(loss.gradientReduction)).mean()")
        }
    }

    private func optimizer(_ w: inout PythonWriter) {
        let f = PythonWriter.float, applied = ctx.plan.optimizer
        var args = ["model.parameters()", "lr=\(f(o.learningRate))"]
        let coupled = o.weightDecay != 0 && !(torchClass == "AdamW")
        switch o.kind {
        case .sgd:
            if o.momentum != 0 {
                args += ["momentum=\(f(applied.momentum))", "dampening=\(f(o.momentumForm == .buffer ? o.dampening : 0))", "nesterov=\(PythonWriter.bool(o.nesterov))"]
            }
        case .adam, .adamw:
            args += ["betas=(\(f(o.beta1)), \(f(o.beta2)))", "eps=\(f(o.epsilon))"]
        case .rmsprop:
            args += ["alpha=\(f(o.rho))", "eps=\(f(o.epsilon))", "momentum=\(f(o.momentum))"]
        case .adagrad:
            args += ["initial_accumulator_value=\(f(applied.initialAccumulator))", "eps=\(f(o.epsilon))"]
        case .lbfgs:
            break
        }
        if o.weightDecay != 0 || torchClass == "AdamW" {
            args.append("weight_decay=\(f(applied.weightDecay))")
        }
        w.topLevel("def make_optimizer(model):") { w in
            if coupled { w.comment("optimizer.weight_decay coupled: g += λW on every parameter, biases included.") }
            if o.hyperparameterDtype == .float32 && spec.dtype == .float64 {
                w.comment("optimizer.hyperparameter_dtype float32: the momentum, initial accumulator and weight decay are the float32-rounded values nnspec (like Keras) uses.")
            }
            w.line("return torch.optim.\(torchClass)(\(args.joined(separator: ", ")))")
        }
        w.topLevel("def learning_rate(iterations, samples_seen):") { w in
            switch o.schedule {
            case .constant:
                w.line("return \(f(o.learningRate))")
            case .inverseTime(let d):
                w.line("\"\"\"inverse_time: lr / (1 + decay * iterations), iterations before the update\(o.hyperparameterDtype == .float32 ? " (in float32, as Keras)" : "").\"\"\"")
                if o.hyperparameterDtype == .float32 {
                    w.line("return float(np.float32(\(f(o.learningRate))) / (np.float32(1) + np.float32(\(f(d))) * np.float32(iterations)))")
                } else {
                    w.line("return \(f(o.learningRate)) / (1 + \(f(d)) * iterations)")
                }
            case .invScaling(let p):
                w.line("\"\"\"invscaling: lr / (samples of the completed epochs + 1) ** power_t, the first epoch at lr.\"\"\"")
                w.line("return \(f(o.learningRate)) if samples_seen == 0 else \(f(o.learningRate)) / (samples_seen + 1) ** \(f(p))")
            }
        }
    }

    private func train(_ w: inout PythonWriter) {
        let loop = LoopCodegen(ctx: ctx)
        w.topLevel("def full_data_loss(model, x, y):") { w in
            guard ctx.hasTrainingMode else {
                w.line("\"\"\"The loss on the whole training set with the current weights, penalties included.\"\"\"")
                w.block("with torch.no_grad():") { w in
                    w.line("z, a = model(x)")
                    w.line("return float(DTYPE(float(loss_terms(model, z, a, y, len(x))[0])))")
                }
                return
            }
            w.line("\"\"\"The loss on the whole training set with the current weights, penalties included, in")
            w.line("inference mode (dropout the identity, batch normalization by its running statistics), as nnspec")
            w.line("evaluates it.\"\"\"")
            w.line("model.eval()")
            w.block("with torch.no_grad():") { w in
                w.line("z, a = model(x)")
                w.line("loss = float(DTYPE(float(loss_terms(model, z, a, y, len(x))[0])))")
            }
            w.line("model.train()")
            w.line("return loss")
        }
        w.topLevel("def train(model, x, y, rs):") { w in
            w.line("\"\"\"The loop over nnspec's batches; returns (history, status, stop, epochs, steps).\"\"\"")
            w.line("optimizer = make_optimizer(model)")
            if ctx.hasTrainingMode {
                w.comment(ctx.hasDropout
                    ? "Training mode: dropout draws its masks from torch's generator, not from nnspec's mask stream, so with a rate above 0 the batch losses and weights agree with nnspec's only in distribution."
                    : "Training mode: batch normalization normalizes by the batch's statistics and updates its running ones.")
                w.line("model.train()")
            }
            w.line("n = len(x)")
            w.line("history = []")
            loop.stopper(&w)
            w.line("status, stop, epochs, steps, samples_seen = \"completed\", \"length\", 0, 0, 0")
            w.line("epoch = EpochLosses()")
            w.block("for s, rows, ends_epoch in step_plan(rs, n):") { w in
                loop.lossBeforeStep(&w)
                w.line("index = torch.from_numpy(rows)")
                w.line("z, a = model(x[index])")
                w.line("reported, differentiated = loss_terms(model, z, a, y[index], len(rows))")
                w.line("loss = reported.item()  # a Python float; .item() reads the value without autograd's warning")
                w.line("steps += 1")
                loop.stopIfDiverged(&w, "not np.isfinite(loss)")
                w.block("for group in optimizer.param_groups:") { w in
                    w.line("group[\"lr\"] = learning_rate(steps - 1, samples_seen)")
                }
                w.line("optimizer.zero_grad()")
                w.line("differentiated.backward()")
                w.line("optimizer.step()")
                loop.stopIfDiverged(&w, "not all(torch.isfinite(p).all() for p in model.parameters())")
                loop.afterStep(&w, countSamples: true)
            }
            w.line("return history, status, stop, epochs, steps")
        }
    }

    private func mainFunction(_ w: inout PythonWriter) {
        w.topLevel("def main():") { w in
            w.line("x_train, y_train, _, _ = load_data()")
            w.line("x = torch.from_numpy(x_train.astype(DTYPE))")
            if ctx.isSparse {
                w.line("y = torch.from_numpy(np.eye(\(ctx.outputs))[y_train.reshape(-1).astype(np.int64)].astype(DTYPE))  # class indices one-hot")
            } else if ctx.broadcasts {
                w.line("y = torch.from_numpy(y_train.astype(DTYPE))  # (n,): broadcast against the (n, 1) predictions")
            } else {
                w.line("y = torch.from_numpy((y_train.reshape(-1, 1) if y_train.ndim == 1 else y_train).astype(DTYPE))")
            }
            w.line("rs = np.random.RandomState(TRAINING_SEED)  # draws the initial weights, then the shuffles")
            if ctx.hasDropout {
                w.line("torch.manual_seed(TRAINING_SEED)  # torch's generator draws the dropout masks: the same every run")
            }
            w.line("model = Net().to(TORCH_DTYPE)")
            w.block("with torch.no_grad():") { w in
                w.block("for layer, (kernel, bias) in zip(model.weighted(), initial_weights(rs)):") { w in
                    if ctx.hasBatchNorm {
                        w.comment("A batch normalization's gamma and beta are its weight and bias (none without affine); its running statistics start at mean 0, variance 1, as nnspec's.")
                        w.block("if kernel is not None:") { w in
                            w.line("layer.weight.copy_(torch.from_numpy(to_torch_layout(kernel).astype(DTYPE)))")
                        }
                    } else {
                        w.line("layer.weight.copy_(torch.from_numpy(to_torch_layout(kernel).astype(DTYPE)))")
                    }
                    w.block("if bias is not None:") { w in
                        w.line("layer.bias.copy_(torch.from_numpy(bias.astype(DTYPE)))")
                    }
                }
            }
            w.line("history, status, stop, epochs, steps = train(model, x, y, rs)")
            w.line("final_loss = full_data_loss(model, x, y) if status == \"completed\" else None")
            if LoopCodegen(ctx: ctx).shapedParameters {
                w.line("parameters = [reported(layer) for layer in model.weighted()]")
            } else {
                w.line("parameters = [(nnspec_layout(layer.weight), None if layer.bias is None else layer.bias.detach().numpy())")
                w.line("              for layer in model.weighted()]")
            }
            w.line("write_results(results_path(), history, parameters, final_loss, status, stop, epochs, steps)")
        }
    }
}
