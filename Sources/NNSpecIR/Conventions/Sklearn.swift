extension ConventionPreset {
    /// scikit-learn `MLPRegressor`/`MLPClassifier` defaults: adam, alpha 1e-4, batch auto,
    /// max_iter 200, tol 1e-4 with n_iter_no_change 10, float64.
    public static let sklearn = ConventionPreset(
        dtype: .float64, kernelInitializer: .sklearn(factor: 6), biasInitializer: nil,
        penalty: GlobalPenalty(alpha: 0.0001, divideByBatch: true), nativePenalty: .allKernels,
        optimizer: .adam, momentumForm: .velocity, epsilonForm: .accumulator, weightDecayForm: .coupled,
        epochs: 200, batchSize: .auto, shuffle: true, shuffleForm: .sklearn, batchOrder: .epoch,
        logging: LoggingSpec(mode: .sklearnEpoch, every: 1, unit: .epoch),
        earlyStopping: .sklearnDefaults,
        lossForm: { l, kind, dtype in
            l.link = .canonical
            // squared_error = 0.5·mean, delta p − y; log losses sum over outputs / n.
            if kind == .mse {
                l.scale = 0.5
                l.gradientReduction = .sum
            } else {
                l.outputReduction = .sum
                l.gradientReduction = .sum
            }
            l.clipEpsilon = kind.isProbabilistic ? (dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne)) : nil
        },
        optimizerDefaults: { o, kind in
            o.learningRate = 0.001
            if kind == .sgd { o.momentum = 0.9; o.nesterov = true }
            o.epsilon = 1e-8
        })
}
