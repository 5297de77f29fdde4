import NNSpecData
import NNSpecIR

/// One layer of a plan: its kind, where it sits, and which tensors are its.
public struct LayerPlan: Sendable {
    public var index: Int
    public var kind: any LayerKind
    /// The shape of one sample in and out.
    public var inputShape: [Int]
    public var outputShape: [Int]
    /// Values per sample in and out (the shapes' products).
    public var inputWidth: Int
    public var outputWidth: Int
    /// Indices into `ExperimentPlan.tensors`.
    public var tensors: [Int]
    /// Indices into `ExperimentPlan.statistics`.
    public var statistics: [Int] = []

    public var spec: LayerSpec { kind.spec }
    public var name: String { kind.spec.name }
    public var activation: Activation { kind.spec.activation }
}

/// An experiment lowered once from its elaborated spec and its data's shapes: every tensor with
/// its shape, fans, initial distribution and penalties; the effective loss; the batches. The
/// runtime executes a plan, lint rules inspect one, diff compares two, exporters render one;
/// none of them derives these facts again.
public struct ExperimentPlan: Sendable {
    public let spec: Spec
    public let shapes: DataShapes
    public let layers: [LayerPlan]
    /// In layout and draw order: layer by layer, kernel then bias.
    public let tensors: [TensorPlan]
    public let parameterCount: Int
    /// Non-trainable state (batch normalization's running statistics), in layout order.
    public let statistics: [StatisticPlan]
    public let stateCount: Int
    public let loss: LossPlan
    public let batching: BatchPlan
    public let optimizer: OptimizerPlan
    /// Where the first layer's sample shape (`layers[0].inputShape`) comes from.
    public let inputShapeOrigin: InputShapeOrigin

    public init(spec: Spec, shapes: DataShapes) throws(PlanError) {
        self.spec = spec
        self.shapes = shapes
        guard !spec.model.layers.isEmpty else { throw PlanError(.shape, "the model has no layers", path: "model.layers") }
        batching = try BatchPlan(spec, rows: shapes.trainingRows)
        let optimizer = OptimizerPlan(spec: spec.optimizer)
        self.optimizer = optimizer

        var layers: [LayerPlan] = []
        var tensors: [TensorPlan] = []
        var statistics: [StatisticPlan] = []
        var offset = 0, stateOffset = 0
        var shape = spec.model.inputs.map { [$0] } ?? shapes.sampleShape
        var origin: InputShapeOrigin = spec.model.inputs == nil ? .data : .inputs
        if let image = spec.model.inputShape {
            // The data's rows are the samples flattened in C order, so the written shape must hold
            // exactly a row's values, and agree with an image array's own sample shape.
            let count = try product(image, path: "model.input_shape")
            guard count == shapes.features else {
                throw PlanError(.shape, "model.input_shape \(image) holds \(count) values per sample but the inputs have \(shapes.features) per row", path: "model.input_shape")
            }
            guard shapes.sampleShape.count == 1 || shapes.sampleShape == image else {
                throw PlanError(.shape, "model.input_shape is \(image) but the inputs' samples have shape \(shapes.sampleShape)", path: "model.input_shape")
            }
            shape = image
            origin = .written
        } else if spec.model.inputs == nil, shapes.imageShape == nil, let grid = shapes.imageGrid,
                  grid.count == 2, Checked.product(grid) == shapes.features,
                  spec.model.layers.first(where: { !($0.type is Dropout.Type) })?.window != nil {
            // Rows of an IDX image file into a convolution or pooling: the file's own h × w,
            // one channel, in the model's data format (no `reshape` needed).
            shape = spec.model.dataFormat.shape(h: grid[0], w: grid[1], c: 1)
            origin = .idxHeader
        }
        inputShapeOrigin = origin
        for (i, layerSpec) in spec.model.layers.enumerated() {
            let path = "model.layers[\(i)]"
            let kind = try LayerKinds.kind(layerSpec, path: path, format: spec.model.dataFormat)
            let layerFans = kind.layerFans(input: shape)
            var indices: [Int] = []
            for d in try kind.tensors(input: shape) {
                let count = try product(d.shape, path: "\(path).units")
                let (next, overflow) = offset.addingReportingOverflow(count)
                guard !overflow else {
                    throw PlanError(.tooManyParameters, "the model has more parameters than can be counted", path: "\(path).units")
                }
                let applied = d.regularizer.flatMap { $0.isZero ? nil : optimizer.applied($0) }
                indices.append(tensors.count)
                tensors.append(TensorPlan(
                    layer: i, layerName: layerSpec.name, role: d.role, shape: d.shape, count: count, offset: offset,
                    fans: d.fans, initializer: d.initializer,
                    distribution: InitDistribution(d.initializer, fans: d.fans, layerFans: layerFans),
                    appliedRegularizer: applied,
                    penalties: Self.penaltyTerms(spec, d, path: "\(path).\(d.role.rawValue)_regularizer", batch: batching.size),
                    layerPath: path))
                offset = next
            }
            var stateIndices: [Int] = []
            for d in try kind.statistics(input: shape) {
                let count = try product(d.shape, path: path)
                stateIndices.append(statistics.count)
                statistics.append(StatisticPlan(layer: i, layerName: layerSpec.name, role: d.role, name: d.name, shape: d.shape,
                                                count: count, offset: stateOffset, initialValue: d.initialValue, layerPath: path))
                let (next, overflow) = stateOffset.addingReportingOverflow(count)
                guard !overflow else {
                    throw PlanError(.tooManyParameters, "the model has more running statistics than can be counted", path: path)
                }
                stateOffset = next
            }
            if let bn = kind as? BatchNormLayer {
                try bn.checkBatch(rows: min(batching.size, batching.lastBatchRows), input: shape)
            }
            let out = try kind.outputShape(input: shape)
            layers.append(LayerPlan(index: i, kind: kind, inputShape: shape, outputShape: out,
                                    inputWidth: try product(shape, path: path), outputWidth: try product(out, path: path),
                                    tensors: indices, statistics: stateIndices))
            shape = out
        }
        self.layers = layers
        self.tensors = tensors
        parameterCount = offset
        self.statistics = statistics
        stateCount = stateOffset
        let output = layers[layers.count - 1]
        let broadcasts = spec.loss.broadcastTargets && shapes.targetShape.count == 1 && output.outputWidth == 1
        loss = LossPlan(spec: spec.loss, link: LossLink(spec.loss, outputActivation: output.activation, broadcasts: broadcasts),
                        outputs: output.outputWidth, dtype: spec.loss.computeDtype ?? spec.dtype)
    }

    /// Lowers `spec` against the shapes its data expressions and file headers give.
    public static func lower(_ spec: Spec) throws(PlanLoweringError) -> ExperimentPlan {
        let shapes: DataShapes
        do { shapes = try DataShapes.infer(spec) } catch { throw .data(error) }
        do { return try ExperimentPlan(spec: spec, shapes: shapes) } catch { throw .plan(error) }
    }

    /// The tensor of layer `layer` in `role` (nil for a bias the layer does not have).
    public func tensor(layer: Int, _ role: TensorRole) -> TensorPlan? {
        layers[layer].tensors.lazy.map { self.tensors[$0] }.first { $0.role == role }
    }

    public var output: LayerPlan { layers[layers.count - 1] }

    /// The running statistic of layer `layer` in `role` (nil for a layer without state).
    public func statistic(layer: Int, _ role: StatisticRole) -> StatisticPlan? {
        layers[layer].statistics.lazy.map { self.statistics[$0] }.first { $0.role == role }
    }

    /// Every penalty on one tensor: its regularizer's terms, the global penalty on kernels, and
    /// the optimizer's weight decay on every parameter.
    static func penaltyTerms(_ spec: Spec, _ d: TensorDeclaration, path regPath: String, batch: Int) -> [PenaltyTerm] {
        var terms: [PenaltyTerm] = []
        if let r = d.regularizer {
            if r.l2 > 0 { terms.append(PenaltyTerm(source: .l2(r.l2), path: "\(regPath).l2")) }
            if r.halfL2 > 0 { terms.append(PenaltyTerm(source: .halfL2(r.halfL2), path: "\(regPath).half_l2")) }
            if r.l1 > 0 { terms.append(PenaltyTerm(source: .l1(r.l1), path: "\(regPath).l1")) }
        }
        let p = spec.penalty
        if d.takesGlobalPenalty && p.alpha > 0 {
            terms.append(PenaltyTerm(source: .alpha(p.alpha, batch: batch, divided: p.divideByBatch), path: "regularization.alpha"))
        }
        let o = spec.optimizer
        if o.weightDecay > 0 {
            terms.append(PenaltyTerm(source: .weightDecay(o.weightDecay, decoupled: o.weightDecayForm == .decoupled),
                                     path: "optimizer.weight_decay"))
        }
        return terms
    }
}

/// Why `ExperimentPlan.lower` failed: the data's shapes could not be inferred, or the spec's
/// numbers do not fit them.
public enum PlanLoweringError: Error, Sendable {
    case data(DataError)
    case plan(PlanError)
}
