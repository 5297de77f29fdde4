extension ConventionPreset {
    /// Keras 3 `Dense` + `compile` + `fit` defaults (compile's optimizer default is rmsprop), on
    /// the TensorFlow backend.
    public static let keras = ConventionPreset(
        dtype: .float32, kernelInitializer: .glorotUniform, biasInitializer: .zeros,
        penalty: GlobalPenalty(alpha: 0, divideByBatch: false), nativePenalty: .perLayer,
        optimizer: .rmsprop, momentumForm: .velocity, epsilonForm: .accumulator, weightDecayForm: .decoupled,
        epochs: 1, batchSize: .count(32), shuffle: true, shuffleForm: .permutation, batchOrder: .epoch,
        logging: LoggingSpec(mode: .fitMean, every: 1, unit: .epoch), earlyStopping: nil,
        lossForm: { l, _, _ in
            // keras/src/backend/tensorflow/nn.py, `_get_logits`: a sigmoid/softmax output's
            // cross-entropy is computed from its logits.
            l.link = .logits
        },
        optimizerDefaults: { o, kind in
            // Python-float hyperparameters pass through a float32 tensor.
            o.hyperparameterDtype = .float32
            if kind != .sgd { o.learningRate = 0.001 }
            if kind == .adamw { o.weightDecay = 0.004 }
        },
        batchNorm: .keras)
}
