import NNSpecNumerics

/// Which rows train and which are held out.
public struct SplitIndices: Sendable, Equatable {
    public var train: [Int]
    public var test: [Int]

    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }
}

/// Row splits as scikit-learn and plain slicing make them.
public enum Split {
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
    }

    /// scikit-learn's `train_test_split(..., test_size, random_state, shuffle)` with no
    /// `train_size`: `n_test = ceil(test_size·n)`, `n_train = n − n_test`
    /// (`_validate_shuffle_split`). Shuffled: `ShuffleSplit._iter_indices`, i.e.
    /// `permutation = RandomState(random_state).permutation(n)`, test = the first `n_test`
    /// indices, train = the next `n_train`. Not shuffled: train = `arange(n_train)`,
    /// test = `arange(n_train, n)`.
    public static func trainTestSplit(count n: Int, testSize: Double, randomState: UInt32, shuffle: Bool) throws(Failure) -> SplitIndices {
        guard testSize > 0, testSize < 1 else {
            throw Failure(message: "test_size must be strictly between 0 and 1, got \(testSize)")
        }
        let nTest = Int((testSize * Double(n)).rounded(.up))
        let nTrain = n - nTest
        guard nTrain > 0 else {
            throw Failure(message: "with n_samples=\(n) and test_size=\(testSize) the train set would be empty (n_test = ceil(\(testSize)·\(n)) = \(nTest))")
        }
        if !shuffle {
            return SplitIndices(train: Array(0..<nTrain), test: Array(nTrain..<n))
        }
        var rs = RandomState(seed: randomState)
        let permutation = rs.permutation(n)
        return SplitIndices(train: Array(permutation[nTest..<(nTest + nTrain)]), test: Array(permutation[0..<nTest]))
    }

    /// The first `train` rows train; the next `test` rows (or all the rest) are held out.
    public static func head(count n: Int, train: Int, test: Int?) throws(Failure) -> SplitIndices {
        guard train >= 1 else { throw Failure(message: "head split needs train ≥ 1, got \(train)") }
        guard train <= n else {
            throw Failure(message: "head split takes \(train) training rows but the data has only \(n)")
        }
        if let test {
            guard train + test <= n else {
                throw Failure(message: "head split takes \(train) training and \(test) test rows (\(train + test)) but the data has only \(n)")
            }
            return SplitIndices(train: Array(0..<train), test: Array(train..<(train + test)))
        }
        return SplitIndices(train: Array(0..<train), test: Array(train..<n))
    }
}
