/// One tensor of a layer as a run reports it: its name in the layer (`kernel`, `bias`, `gamma`,
/// `beta`, a running statistic's convention name), its shape and its values, row-major. A
/// convolution's kernel is held `(kh, kw, c_in, c_out)` here whatever the convention; the results
/// file writes it in the convention's layout.
public struct ReportedTensor: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Double]

    public init(name: String, shape: [Int], values: [Double]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// One layer's parameters and state as a run reports them (and as tests and plots inject them),
/// in the network's order: kernel and bias, or γ, β and the running statistics.
public struct LayerParameters: Sendable, Equatable {
    public var name: String
    public var tensors: [ReportedTensor]

    public init(name: String, tensors: [ReportedTensor]) {
        self.name = name
        self.tensors = tensors
    }

    /// A dense layer: the kernel `fanIn × fanOut`, row-major, as Keras' `get_weights()` and
    /// scikit-learn's `coefs_` hold it; `bias` nil with `use_bias: false`.
    public init(name: String, fanIn: Int, fanOut: Int, kernel: [Double], bias: [Double]?) {
        self.name = name
        tensors = [ReportedTensor(name: "kernel", shape: [fanIn, fanOut], values: kernel)]
        if let bias { tensors.append(ReportedTensor(name: "bias", shape: [fanOut], values: bias)) }
    }

    public func tensor(_ name: String) -> ReportedTensor? { tensors.first { $0.name == name } }

    /// The kernel's values (none for a layer without one).
    public var kernel: [Double] {
        get { tensor("kernel")?.values ?? [] }
        set { if let i = tensors.firstIndex(where: { $0.name == "kernel" }) { tensors[i].values = newValue } }
    }
    public var bias: [Double]? { tensor("bias")?.values }
    /// The kernel as a matrix: its last axis, and the product of the others.
    public var fanOut: Int { tensor("kernel")?.shape.last ?? 0 }
    public var fanIn: Int { fanOut == 0 ? 0 : kernel.count / fanOut }

    /// The kernel as rows (`fanIn` lists of `fanOut` values).
    public var kernelRows: [[Double]] {
        (0 ..< fanIn).map { Array(kernel[($0 * fanOut) ..< (($0 + 1) * fanOut)]) }
    }

    /// A dense layer's tensors only — a matrix kernel and its bias — which results files write in
    /// their original form (the kernel as rows, the bias as a list).
    public var isDenseShaped: Bool {
        guard let k = tensor("kernel"), k.shape.count == 2 else { return false }
        return tensors.allSatisfy { $0.name == "kernel" || ($0.name == "bias" && $0.shape == [k.shape[1]]) }
    }
}

/// The name results files had when every layer was dense.
public typealias DenseParameters = LayerParameters
