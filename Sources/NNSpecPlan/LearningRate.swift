import Foundation
import NNSpecIR

extension Schedule {
    /// The learning rate of the next update.
    /// - `iterations`: updates applied so far (Keras evaluates its schedules at
    ///   `optimizer.iterations` before the update, 0 for the first step);
    /// - `samplesSeen`: training samples of the epochs completed so far (scikit-learn updates
    ///   `invscaling` in `iteration_ends(t_)` after each epoch, so the first epoch uses `lr`).
    /// - `precision`: float32 when the framework computes its schedule in float32 (Keras).
    public func learningRate(base lr: Double, iterations: Int, samplesSeen: Int, precision: DType?) -> Double {
        switch self {
        case .constant:
            return lr
        case .inverseTime(let decay):
            if precision == .float32 { return Double(Float(lr) / (1 + Float(decay) * Float(iterations))) }
            return lr / (1 + decay * Double(iterations))
        case .invScaling(let powerT):
            return samplesSeen == 0 ? lr : lr / Foundation.pow(Double(samplesSeen + 1), powerT)
        }
    }
}
