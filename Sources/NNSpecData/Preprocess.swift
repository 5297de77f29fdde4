#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NNSpecIR
import NNSpecSyntax

/// A preprocessing step with the parameters it learned from the training part.
public enum FittedStep: Sendable, Equatable {
    /// `x · factor`.
    case scale(factor: Double)
    /// scikit-learn `StandardScaler`: `(x − mean) / scale`, `scale` the population standard
    /// deviation with near-constant columns set to 1. `variance` is `var_`.
    case standardize(mean: [Double], variance: [Double], scale: [Double])
    /// scikit-learn `MinMaxScaler`: `x · scale + min`.
    case minmax(scale: [Double], min: [Double], dataMin: [Double], dataMax: [Double])
    /// Integer labels → one-hot rows.
    case oneHot(classes: Int)
}

/// Fitting and applying preprocessing steps with scikit-learn's arithmetic, operation for
/// operation, so the results match it bit for bit.
public enum Preprocess {
    /// Learns the step's parameters from `train` (one entry per column; a vector is one column).
    public static func fit(_ kind: PreprocessStep.Kind, on train: DataArray) -> FittedStep {
        switch kind {
        case .scale(let f): return .scale(factor: f)
        case .standardize:
            let s = standardScaler(train)
            return .standardize(mean: s.mean, variance: s.variance, scale: s.scale)
        case .minmax(let low, let high): return minMaxScaler(train, low: low, high: high)
        case .oneHot(let classes): return .oneHot(classes: classes)
        }
    }

    /// Applies a fitted step. Only one-hot can fail (labels that are not integers in range);
    /// the message then names the row and the value.
    public static func apply(_ step: FittedStep, to x: DataArray) throws(PreprocessError) -> DataArray {
        var out = x
        let cols = x.columns
        switch step {
        case .scale(let f):
            out.values.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] *= f } }
        case .standardize(let mean, _, let scale):
            // X -= mean_; X /= scale_
            out.values.withUnsafeMutableBufferPointer { v in
                for i in v.indices {
                    let c = i % cols
                    v[i] = (v[i] - mean[c]) / scale[c]
                }
            }
        case .minmax(let scale, let min, _, _):
            // X *= scale_; X += min_
            out.values.withUnsafeMutableBufferPointer { v in
                for i in v.indices {
                    let c = i % cols
                    v[i] = v[i] * scale[c] + min[c]
                }
            }
        case .oneHot(let classes):
            guard x.rank == 1 || (x.rank == 2 && x.columns == 1) else {
                throw PreprocessError("one_hot needs a vector (n,) or a column (n, 1) of class labels, got shape \(x.shapeDescription)")
            }
            var values = [Double](repeating: 0, count: x.rows * classes)
            for (r, label) in x.values.enumerated() {
                guard label.rounded() == label, label >= 0, label < Double(classes) else {
                    throw PreprocessError("one_hot with \(classes) classes needs integer labels 0…\(classes - 1), but row \(r) has \(label)")
                }
                values[r * classes + Int(label)] = 1
            }
            out = DataArray(rows: x.rows, columns: classes, values: values)
        }
        return out
    }

    /// scikit-learn's `StandardScaler().fit(X)` on dense float64 data without NaNs:
    /// `_incremental_mean_and_var` from zero state, then `_is_constant_feature` and
    /// `_handle_zeros_in_scale`. Sums are NumPy's (`NumPySum.columnSums`).
    public static func standardScaler(_ x: DataArray) -> (mean: [Double], variance: [Double], scale: [Double]) {
        let n = Double(x.rows)
        let cols = x.columns
        let newSum = NumPySum.columnSums(x)
        // updated_mean = (last_sum + new_sum) / updated_sample_count, last_sum = 0.
        let mean = newSum.map { (0.0 + $0) / n }
        // T = new_sum / new_sample_count; temp = X − T
        let t = newSum.map { $0 / n }
        var temp = x
        temp.values.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] -= t[i % cols] }
        }
        let correction = NumPySum.columnSums(temp)
        temp.values.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] *= v[i] }
        }
        let squares = NumPySum.columnSums(temp)
        var variance = [Double](repeating: 0, count: cols)
        var scale = [Double](repeating: 0, count: cols)
        let eps = Double.ulpOfOne
        for c in 0..<cols {
            // new_unnormalized_variance -= correction**2 / new_sample_count; (last count 0)
            let unnormalized = squares[c] - (correction[c] * correction[c]) / n
            variance[c] = unnormalized / n
            // _is_constant_feature: var <= n·eps·var + (n·mean·eps)²
            let bound = (n * eps) * variance[c] + ((n * mean[c]) * eps) * ((n * mean[c]) * eps)
            scale[c] = variance[c] <= bound ? 1.0 : variance[c].squareRoot()
        }
        return (mean, variance, scale)
    }

    /// scikit-learn's `MinMaxScaler(feature_range=(low, high)).fit(X)`.
    public static func minMaxScaler(_ x: DataArray, low: Double, high: Double) -> FittedStep {
        let cols = x.columns
        var dataMin = [Double](repeating: .infinity, count: cols)
        var dataMax = [Double](repeating: -.infinity, count: cols)
        for (i, v) in x.values.enumerated() where !v.isNaN {
            let c = i % cols
            dataMin[c] = Swift.min(dataMin[c], v)
            dataMax[c] = Swift.max(dataMax[c], v)
        }
        var scale = [Double](repeating: 0, count: cols)
        var minimum = [Double](repeating: 0, count: cols)
        for c in 0..<cols {
            var range = dataMax[c] - dataMin[c]
            // _handle_zeros_in_scale: scale < 10·eps → 1
            if range < 10 * Double.ulpOfOne { range = 1 }
            scale[c] = (high - low) / range
            minimum[c] = low - dataMin[c] * scale[c]
        }
        return .minmax(scale: scale, min: minimum, dataMin: dataMin, dataMax: dataMax)
    }
}

/// Why a fitted step could not be applied; `DataLoader` places it at the step's position.
public struct PreprocessError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
