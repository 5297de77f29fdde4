import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecSyntax

/// Why a run could not start: the spec and its data or files do not fit together.
public struct RunError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Its kind, for the diagnostic the command reports (`run-data-mismatch` unless said).
    public var code: DiagnosticCode
    public init(_ message: String) { self.init(.runDataMismatch, message) }
    public init(_ code: DiagnosticCode, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }

    /// The diagnostic the command reports, at the spec (runtime errors have no finer position).
    public func diagnostic(at location: SourceLocation?) -> Diagnostic {
        .error(code, message, at: location)
    }
}

/// Initial parameters. Every random initializer draws from one NumPy `RandomState(training.seed)`,
/// layer by layer, kernel (row-major, `fan_in × fan_out`) then bias — scikit-learn's order and,
/// for scikit-learn, its exact values. Keras and PyTorch draw from their own generators, which
/// cannot be reproduced; nnspec uses the same formulas with this stream instead. The caller keeps
/// using the same `RandomState` afterwards for shuffling, as scikit-learn does.
enum Initialization {
    /// Which tensor of a layer an initializer fills.
    enum Role: String { case kernel, bias }

    /// File initializers' paths resolve against the directory of the file the layer is written
    /// in (a base named by `extends:` or the spec itself), as data files do.
    static func fill<S>(_ net: Network<S>, from specs: [LayerSpec], rng: inout RandomState, specFile: String) throws(RunError) {
        for (layer, spec) in zip(net.layers, specs) {
            let specFile = spec.location?.file ?? specFile
            let kernel = try values(spec.kernelInitializer, role: .kernel, layer: layer, rng: &rng, specFile: specFile)
            for (i, v) in kernel.enumerated() { net.parameters[layer.kernel + i] = S(v) }
            if let b = layer.bias {
                let bias = try values(spec.biasInitializer, role: .bias, layer: layer, rng: &rng, specFile: specFile)
                for (i, v) in bias.enumerated() { net.parameters[b + i] = S(v) }
            }
        }
    }

    /// The values of one tensor, row-major, in float64 (converted to the run's dtype afterwards,
    /// as scikit-learn's `astype(dtype)` does).
    static func values<S>(_ initializer: Initializer, role: Role, layer: Network<S>.Layer, rng: inout RandomState,
                          specFile: String) throws(RunError) -> [Double] {
        let count = role == .kernel ? layer.kernelCount : layer.fanOut
        // Keras' compute_fans: a kernel's fans are its two dimensions; a vector's are its length.
        let (fanIn, fanOut) = role == .kernel ? (Double(layer.fanIn), Double(layer.fanOut)) : (Double(count), Double(count))
        // Keras' VarianceScaling divides the truncated normal's stddev by this constant, the
        // stddev of a unit normal truncated to ±2.
        let truncatedStddev = 0.87962566103423978
        func uniform(_ limit: Double) -> [Double] { rng.uniform(low: -limit, high: limit, count: count) }
        func truncated(mean: Double, stddev: Double) -> [Double] {
            (0 ..< count).map { _ in
                var x = rng.standardNormal()
                while abs(x) > 2 { x = rng.standardNormal() }
                return mean + stddev * x
            }
        }
        switch initializer {
        case .zeros: return Array(repeating: 0, count: count)
        case .ones: return Array(repeating: 1, count: count)
        case .constant(let c): return Array(repeating: c, count: count)
        case .uniform(let lo, let hi): return rng.uniform(low: lo, high: hi, count: count)
        case .normal(let mean, let stddev): return rng.normal(loc: mean, scale: stddev, count: count)
        case .truncatedNormal(let mean, let stddev): return truncated(mean: mean, stddev: stddev)
        case .glorotUniform: return uniform((6 / (fanIn + fanOut)).squareRoot())
        case .heUniform: return uniform((6 / fanIn).squareRoot())
        case .lecunUniform: return uniform((3 / fanIn).squareRoot())
        case .glorotNormal: return truncated(mean: 0, stddev: (2 / (fanIn + fanOut)).squareRoot() / truncatedStddev)
        case .heNormal: return truncated(mean: 0, stddev: (2 / fanIn).squareRoot() / truncatedStddev)
        case .lecunNormal: return truncated(mean: 0, stddev: (1 / fanIn).squareRoot() / truncatedStddev)
        case .sklearn(let factor):
            // The layer's fans for kernel and bias alike (`_init_coef`).
            return uniform((factor / Double(layer.fanIn + layer.fanOut)).squareRoot())
        case .torchLinear:
            return uniform(1 / Double(layer.fanIn).squareRoot())
        case .file(let path):
            return try fromFile(DataFile.resolve(path, relativeTo: specFile), role: role, layer: layer, count: count)
        }
    }

    /// A `.npy` file holding the tensor, or a JSON file holding `{"kernel": [[…]], "bias": […]}`
    /// (the tensor for `role` is taken) or the tensor itself as a (nested) list.
    private static func fromFile<S>(_ full: String, role: Role, layer: Network<S>.Layer, count: Int) throws(RunError) -> [Double] {
        let shape = role == .kernel ? "\(layer.fanIn) × \(layer.fanOut)" : "\(layer.fanOut)"
        if full.hasSuffix(".npy") {
            let array: DataArray
            do { array = try NPYReader.read(path: full) } catch { throw RunError(error.code, "layer '\(layer.name)': \(error)") }
            guard array.count == count else {
                throw RunError(.runInitializer, "layer '\(layer.name)': '\(full)' holds \(array.count) values; its \(role.rawValue) needs \(shape)")
            }
            return array.values
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw RunError(.dataFileUnreadable, "layer '\(layer.name)': cannot read \(role.rawValue) initializer file '\(full)'")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) else {
            throw RunError(.dataFileMalformed, "layer '\(layer.name)': '\(full)' is not valid JSON")
        }
        let tensor: Any = (json as? [String: Any]).map { $0[role.rawValue] as Any } ?? json
        var flat: [Double] = []
        func flatten(_ v: Any) -> Bool {
            if let n = v as? NSNumber { flat.append(n.doubleValue); return true }
            if let list = v as? [Any] { return list.allSatisfy(flatten) }
            return false
        }
        guard flatten(tensor), flat.count == count else {
            throw RunError(.runInitializer, "layer '\(layer.name)': '\(full)' must hold a \(role.rawValue) of \(shape) numbers (found \(flat.count))")
        }
        return flat
    }
}
