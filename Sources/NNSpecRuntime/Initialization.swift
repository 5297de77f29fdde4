import Foundation
import NNSpecData
import NNSpecIR
import NNSpecPlan
import NNSpecNumerics
import NNSpecSyntax

/// Initial parameters. Every random initializer draws from one NumPy `RandomState(training.seed)`,
/// layer by layer, kernel (row-major, `fan_in × fan_out`) then bias — scikit-learn's order and,
/// for scikit-learn, its exact values. Keras and PyTorch draw from their own generators, which
/// cannot be reproduced; nnspec draws the plan's distributions (the same formulas) from this stream instead. The caller keeps
/// using the same `RandomState` afterwards for shuffling, as scikit-learn does.
enum Initialization {
    /// Draws every tensor of the plan from its distribution, in the plan's order (layer by layer,
    /// kernel then bias). File initializers' paths resolve against the directory of the file the
    /// layer is written in (a base named by `extends:` or the spec itself), as data files do.
    static func fill<S>(_ net: Network<S>, from plan: ExperimentPlan, rng: inout RandomState) throws(RunError) {
        for t in plan.tensors {
            let specFile = plan.spec.model.layers[t.layer].location?.file ?? plan.spec.file
            let values = try values(t, rng: &rng, specFile: specFile)
            for (i, v) in values.enumerated() { net.parameters[t.offset + i] = S(v) }
        }
    }

    /// The values of one tensor, row-major, in float64 (converted to the run's dtype afterwards,
    /// as scikit-learn's `astype(dtype)` does).
    static func values(_ t: TensorPlan, rng: inout RandomState, specFile: String) throws(RunError) -> [Double] {
        let count = t.count
        switch t.distribution {
        case .constant(let c): return Array(repeating: c, count: count)
        case .uniform(let lo, let hi): return rng.uniform(low: lo, high: hi, count: count)
        case .normal(let mean, let stddev): return rng.normal(loc: mean, scale: stddev, count: count)
        case .truncatedNormal(let mean, let stddev):
            // Each standard normal redrawn while |x| > 2.
            return (0 ..< count).map { _ in
                var x = rng.standardNormal()
                while abs(x) > 2 { x = rng.standardNormal() }
                return mean + stddev * x
            }
        case .file(let path):
            return try fromFile(DataFile.resolve(path, relativeTo: specFile), tensor: t)
        }
    }

    /// A `.npy` file holding the tensor, or a JSON file holding `{"kernel": [[…]], "bias": […]}`
    /// (the tensor for `role` is taken) or the tensor itself as a (nested) list.
    private static func fromFile(_ full: String, tensor t: TensorPlan) throws(RunError) -> [Double] {
        let role = t.role, count = t.count
        let shape = t.shape.map(String.init).joined(separator: " × ")
        if full.hasSuffix(".npy") {
            let array: DataArray
            do { array = try NPYReader.read(path: full) } catch { throw RunError(error.code, "layer '\(t.layerName)': \(error)") }
            guard array.count == count else {
                throw RunError(.runInitializer, "layer '\(t.layerName)': '\(full)' holds \(array.count) values; its \(role.rawValue) needs \(shape)")
            }
            return array.values
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw RunError(.dataFileUnreadable, "layer '\(t.layerName)': cannot read \(role.rawValue) initializer file '\(full)'")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) else {
            throw RunError(.dataFileMalformed, "layer '\(t.layerName)': '\(full)' is not valid JSON")
        }
        let tensor: Any = (json as? [String: Any]).map { $0[role.rawValue] as Any } ?? json
        try KernelFileLayout.check(KernelFileLayout.shape(tensor), t, file: full)
        var flat: [Double] = []
        func flatten(_ v: Any) -> Bool {
            if let n = v as? NSNumber { flat.append(n.doubleValue); return true }
            if let list = v as? [Any] { return list.allSatisfy(flatten) }
            return false
        }
        guard flatten(tensor), flat.count == count else {
            throw RunError(.runInitializer, "layer '\(t.layerName)': '\(full)' must hold a \(role.rawValue) of \(shape) numbers (found \(flat.count))")
        }
        return flat
    }
}
