/// One dense layer's parameters as a run reports them (and as tests inject them): the kernel is
/// `fanIn × fanOut`, row-major, as Keras' `get_weights()` and scikit-learn's `coefs_` hold it.
public struct DenseParameters: Sendable, Equatable {
    public var name: String
    public var fanIn: Int
    public var fanOut: Int
    public var kernel: [Double]
    /// nil for a layer with `use_bias: false`.
    public var bias: [Double]?

    public init(name: String, fanIn: Int, fanOut: Int, kernel: [Double], bias: [Double]?) {
        self.name = name
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.kernel = kernel
        self.bias = bias
    }

    /// The kernel as rows (`fanIn` lists of `fanOut` values).
    public var kernelRows: [[Double]] {
        (0 ..< fanIn).map { Array(kernel[($0 * fanOut) ..< (($0 + 1) * fanOut)]) }
    }
}
