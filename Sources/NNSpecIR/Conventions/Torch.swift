extension ConventionPreset {
    /// PyTorch `nn.Linear`, `torch.optim`, and `DataLoader` (batch 1, no shuffle) defaults; the
    /// epoch loss is the usual loop's `running_loss / batches`.
    public static let torch = ConventionPreset(
        dtype: .float32, kernelInitializer: .torchLinear, biasInitializer: nil,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false), nativePenalty: .weightDecay,
        optimizer: .sgd, momentumForm: .buffer, epsilonForm: .estimate, weightDecayForm: .coupled,
        epochs: 1, batchSize: .count(1), shuffle: false, shuffleForm: .permutation, batchOrder: .epoch,
        logging: LoggingSpec(mode: .batchMean, every: 1, unit: .epoch), earlyStopping: nil,
        lossForm: { l, _, _ in
            l.clipEpsilon = nil
        },
        optimizerDefaults: { o, kind in
            o.epsilon = 1e-8
            switch kind {
            case .sgd, .adam, .adamw: o.learningRate = 0.001
            case .rmsprop: o.learningRate = 0.01; o.rho = 0.99
            case .adagrad: o.learningRate = 0.01; o.initialAccumulator = 0; o.epsilon = 1e-10
            case .lbfgs: o.learningRate = 1
            }
            if kind == .adamw { o.weightDecay = 0.01 }
        },
        dataFormat: .channelsFirst, countIncludePad: true, batchNorm: .torch)
}
