extension ConventionPreset {
    /// A `tf.compat.v1` graph: `tf.layers.dense`, `GradientDescentOptimizer` over a fixed
    /// array, `tf.losses.mean_squared_error`, which broadcasts (n,) labels against (n, 1).
    public static let tf1 = ConventionPreset(
        dtype: .float32, kernelInitializer: .glorotUniform, biasInitializer: .zeros,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false), nativePenalty: .perLayer,
        optimizer: .sgd, momentumForm: .velocity, epsilonForm: .accumulator, weightDecayForm: .coupled,
        epochs: 1, batchSize: .full, shuffle: false, shuffleForm: .permutation, batchOrder: .wrap,
        logging: LoggingSpec(mode: .fullData, every: 1, unit: .step), earlyStopping: nil,
        lossForm: { l, kind, _ in
            // tensorflow/python/ops/losses/losses_impl.py casts both to float32.
            l.broadcastTargets = kind == .mse
            l.computeDtype = .float32
        },
        optimizerDefaults: { _, _ in },
        // tf.compat.v1.layers.batch_normalization is Keras 2's layer: 0.99 / 1e-3, the moving
        // variance from the biased batch variance (its fused kernel's Bessel correction removed).
        batchNorm: .keras, dropoutArgument: .keepProb)
}
