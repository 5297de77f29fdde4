extension ConventionPreset {
    /// A hand-written NumPy loop, as in the MNIST experiment: zero init, full batch, no
    /// shuffle, decay `W(1 − λ·lr)` on all kernels (= 0.5·λ·ΣW², not divided by n).
    public static let numpy = ConventionPreset(
        dtype: .float64, kernelInitializer: .zeros, biasInitializer: .zeros,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false), nativePenalty: .allKernels,
        optimizer: .sgd, momentumForm: .velocity, epsilonForm: .accumulator, weightDecayForm: .coupled,
        epochs: 1, batchSize: .full, shuffle: false, shuffleForm: .permutation, batchOrder: .epoch,
        logging: LoggingSpec(mode: .fullData, every: 1, unit: .epoch), earlyStopping: nil,
        lossForm: { _, _, _ in },
        optimizerDefaults: { _, _ in })
}
