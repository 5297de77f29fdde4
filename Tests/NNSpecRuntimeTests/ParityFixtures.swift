import Foundation
import NNSpecData
import NNSpecIR
import NNSpecNumerics
import NNSpecRuntime
import XCTest

/// The parity fixtures (`parity/fixtures/*.json`, produced by the real frameworks) and their
/// translation into specs: each case becomes the YAML a user would write for it.
enum ParityFixtures {
    typealias JSON = [String: Any]

    static func cases(_ file: String) throws -> [JSON] {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/parity_\(file).json")
        let data = try Data(contentsOf: url)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? JSON)
        return try XCTUnwrap(root["cases"] as? [JSON])
    }

    /// A (nested) JSON list as an array with its shape.
    static func array(_ value: Any?) -> DataArray {
        guard let list = value as? [Any] else { return DataArray(vector: []) }
        if let rows = list as? [[Any]] {
            return DataArray(shape: [rows.count, rows.first?.count ?? 0], values: rows.flatMap { $0.map(number) })
        }
        return DataArray(vector: list.map(number))
    }

    static func number(_ v: Any) -> Double { (v as? NSNumber)?.doubleValue ?? .nan }

    /// A JSON number as YAML text: integers bare, others in shortest round-trip form.
    static func yaml(_ v: Any?) -> String {
        let d = number(v as Any)
        return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
    }

    /// A JSON boolean as YAML text (Foundation on Linux hands booleans over as NSNumber).
    static func flag(_ v: Any?) -> String { (v as? NSNumber)?.boolValue == true ? "true" : "false" }

    static func weights(_ value: Any?, names: [String]) -> [DenseParameters] {
        let layers = value as? [JSON] ?? []
        return zip(layers, names).map { layer, name in
            let k = array(layer["kernel"])
            let b = layer["bias"].flatMap { $0 is NSNull ? nil : array($0).values }
            return DenseParameters(name: name, fanIn: k.shape[0], fanOut: k.shape[1], kernel: k.values, bias: b)
        }
    }

    static func layerNames(_ c: JSON) -> [String] {
        let layers = (c["model"] as? JSON)?["layers"] as? [JSON] ?? []
        return layers.indices.map { "l\($0)" }
    }

    // MARK: specs

    private static let activations = ["identity": "linear", "logistic": "sigmoid"]

    private static func layersYAML(_ c: JSON, regularizers: (JSON) -> String) -> String {
        let layers = (c["model"] as? JSON)?["layers"] as? [JSON] ?? []
        return layers.enumerated().map { i, l in
            let act = l["activation"] as? String ?? "linear"
            let bias = (l["use_bias"].map(flag) ?? "true") == "true" ? "" : ", use_bias: false"
            return "    - {name: l\(i), units: \(yaml(l["units"])), activation: \(activations[act] ?? act)\(bias)\(regularizers(l))}"
        }.joined(separator: "\n")
    }

    private static func kerasRegularizer(_ r: Any?) -> String? {
        guard let r = r as? JSON else { return nil }
        if let l2 = r["l2"] { return "{l2: \(yaml(l2))}" }
        if let alpha = r["alpha"] { return "{half_l2: \(yaml(alpha))}" }
        return nil
    }

    static func kerasSpec(_ c: JSON) -> String {
        let layers = layersYAML(c) { l in
            var s = ""
            if let k = kerasRegularizer(l["kernel_regularizer"]) { s += ", kernel_regularizer: \(k)" }
            if let b = kerasRegularizer(l["bias_regularizer"]) { s += ", bias_regularizer: \(b)" }
            return s
        }
        let loss = c["loss"] as! JSON
        let lossKind = ["mean_squared_error": "mse"][loss["name"] as! String] ?? loss["name"] as! String
        let fromLogits = flag(loss["from_logits"]) == "true" ? ", from_logits: true" : ""
        let opt = c["optimizer"] as! JSON
        let cfg = opt["config"] as! JSON
        var o: [String]
        switch opt["name"] as! String {
        case "SGD": o = ["kind: sgd", "momentum: \(yaml(cfg["momentum"]))", "nesterov: \(flag(cfg["nesterov"]) == "true" && number(cfg["momentum"]!) > 0)"]
        case "Adam": o = ["kind: adam", "beta_1: \(yaml(cfg["beta_1"]))", "beta_2: \(yaml(cfg["beta_2"]))", "epsilon: \(yaml(cfg["epsilon"]))"]
        case "AdamW": o = ["kind: adamw", "beta_1: \(yaml(cfg["beta_1"]))", "beta_2: \(yaml(cfg["beta_2"]))", "epsilon: \(yaml(cfg["epsilon"]))",
                           "weight_decay: \(yaml(cfg["weight_decay"]))"]
        case "RMSprop": o = ["kind: rmsprop", "rho: \(yaml(cfg["rho"]))", "momentum: \(yaml(cfg["momentum"]))", "epsilon: \(yaml(cfg["epsilon"]))"]
        case "Adagrad": o = ["kind: adagrad", "initial_accumulator_value: \(yaml(cfg["initial_accumulator_value"]))", "epsilon: \(yaml(cfg["epsilon"]))"]
        default: preconditionFailure("optimizer \(opt["name"]!)")
        }
        if let schedule = (cfg["learning_rate"] as? JSON)?["config"] as? JSON {
            let decay = number(schedule["decay_rate"]!) / number(schedule["decay_steps"]!)
            o += ["learning_rate: \(yaml(schedule["initial_learning_rate"]))", "schedule: {kind: inverse_time, decay: \(decay)}"]
        } else {
            o.append("learning_rate: \(yaml(cfg["learning_rate"]))")
        }
        if let wd = cfg["weight_decay"], !(wd is NSNull), opt["name"] as! String != "AdamW" { o.append("weight_decay: \(yaml(wd))") }
        let loop = c["loop"] as! JSON
        let training: String
        if loop["kind"] as! String == "train_on_batch" {
            training = "{steps: \(yaml(loop["steps"])), batch_size: \(yaml(loop["batch_size"])), batch_order: wrap, shuffle: false, log: {mode: batch, unit: step, every: 1}}"
        } else {
            training = "{epochs: \(yaml(loop["epochs"])), batch_size: \(yaml(loop["batch_size"])), shuffle: false, log: {mode: fit_mean, unit: epoch, every: 1}}"
        }
        return """
            convention: keras
            dtype: \(c["dtype"] as! String)
            model:
              layers:
            \(layers)
            loss: {kind: \(lossKind)\(fromLogits)}
            optimizer: {\(o.joined(separator: ", "))}
            training: \(training)
            """
    }

    static func sklearnSpec(_ c: JSON) -> String {
        let p = (c["estimator"] as! JSON)["params"] as! JSON
        let classifier = (c["estimator"] as! JSON)["class"] as! String == "MLPClassifier"
        let layers = layersYAML(c) { _ in "" }
        let outputs = ((c["model"] as! JSON)["layers"] as! [JSON]).last!["units"] as! Int
        let loss = !classifier ? "mse" : outputs == 1 ? "binary_crossentropy" : "sparse_categorical_crossentropy"
        var o: [String]
        switch p["solver"] as! String {
        case "sgd":
            o = ["kind: sgd", "learning_rate: \(yaml(p["learning_rate_init"]))", "momentum: \(yaml(p["momentum"]))"]
            if number(p["momentum"]!) > 0 { o.append("nesterov: \(flag(p["nesterovs_momentum"]))") }
            if p["learning_rate"] as! String == "invscaling" { o.append("schedule: {kind: invscaling, power_t: \(yaml(p["power_t"]))}") }
        case "adam":
            o = ["kind: adam", "learning_rate: \(yaml(p["learning_rate_init"]))", "beta_1: \(yaml(p["beta_1"]))", "beta_2: \(yaml(p["beta_2"]))",
                 "epsilon: \(yaml(p["epsilon"]))"]
        default:
            o = ["kind: lbfgs", "max_iter: \(yaml(p["max_iter"]))", "max_fun: \(yaml(p["max_fun"]))", "tol: \(yaml(p["tol"]))"]
        }
        let lbfgs = p["solver"] as! String == "lbfgs"
        let length = lbfgs ? "" : "epochs: \(yaml(p["max_iter"])), "
        let batch = lbfgs ? "full" : "\(yaml(p["batch_size"]))"
        return """
            convention: sklearn
            dtype: \(c["dtype"] as! String)
            seed: \(yaml(p["random_state"]))
            model:
              layers:
            \(layers)
            loss: \(loss)
            regularization: {alpha: \(yaml(p["alpha"]))}
            optimizer: {\(o.joined(separator: ", "))}
            training: {\(length)batch_size: \(batch), shuffle: \(flag(p["shuffle"])), early_stopping: {tol: \(yaml(p["tol"])), n_iter_no_change: \(yaml(p["n_iter_no_change"]))}}
            """
    }

    /// A PyTorch case (`torch_cases.py`): every form field spelled out rather than left to the
    /// convention, so the spec says what the fixture's optimizer and loss did. `log` is the
    /// training's `log:` mapping (the fixtures hold per-step losses and two epoch means).
    static func torchSpec(_ c: JSON, log: String) -> String {
        let layers = layersYAML(c) { _ in "" }
        let loss = c["loss"] as! JSON
        let lossYAML: String
        switch loss["name"] as! String {
        case "MSELoss": lossYAML = "{kind: mse, form: torch, output_reduction: mean, gradient_reduction: mean}"
        case "BCEWithLogitsLoss": lossYAML = "{kind: binary_crossentropy, form: torch, from_logits: true}"
        // BCELoss on a sigmoid output: log of the probabilities (torch clamps the log at −100,
        // which these probabilities never reach), no clip.
        case "BCELoss": lossYAML = "{kind: binary_crossentropy, form: torch, from_logits: false, link: clipped, clip_epsilon: null}"
        case "CrossEntropyLoss": lossYAML = "{kind: sparse_categorical_crossentropy, form: torch, from_logits: true}"
        default: preconditionFailure("loss \(loss["name"]!)")
        }
        let opt = c["optimizer"] as! JSON
        let g = opt["param_group"] as! JSON
        let lr = "learning_rate: \(yaml(g["lr"]))", wd = "weight_decay: \(yaml(g["weight_decay"]))"
        var o: [String]
        switch opt["name"] as! String {
        case "SGD":
            o = ["kind: sgd", lr, "momentum: \(yaml(g["momentum"]))", "momentum_form: buffer", "dampening: \(yaml(g["dampening"]))",
                 wd, "weight_decay_form: coupled"]
            if number(g["momentum"]!) > 0 { o.append("nesterov: \(flag(g["nesterov"]))") }
        case "Adam", "AdamW":
            let betas = g["betas"] as! [Any]
            let decoupled = opt["name"] as! String == "AdamW"
            o = ["kind: \(decoupled ? "adamw" : "adam")", lr, "beta_1: \(yaml(betas[0]))", "beta_2: \(yaml(betas[1]))",
                 "epsilon: \(yaml(g["eps"]))", "epsilon_form: estimate", wd, "weight_decay_form: \(decoupled ? "decoupled" : "coupled")"]
        case "RMSprop":
            o = ["kind: rmsprop", lr, "rho: \(yaml(g["alpha"]))", "momentum: \(yaml(g["momentum"]))", "epsilon: \(yaml(g["eps"]))",
                 "epsilon_form: estimate", wd, "weight_decay_form: coupled"]
        case "Adagrad":
            precondition(number(g["lr_decay"]!) == 0, "Adagrad lr_decay has no spec field")
            o = ["kind: adagrad", lr, "initial_accumulator_value: \(yaml(g["initial_accumulator_value"]))", "epsilon: \(yaml(g["eps"]))",
                 "epsilon_form: estimate", wd, "weight_decay_form: coupled"]
        default: preconditionFailure("optimizer \(opt["name"]!)")
        }
        let loop = c["loop"] as! JSON
        return """
            convention: torch
            dtype: \(c["dtype"] as! String)
            model:
              layers:
            \(layers)
            loss: \(lossYAML)
            optimizer: {\(o.joined(separator: ", "))}
            training: {epochs: \(yaml(loop["epochs"])), batch_size: \(yaml(loop["batch_size"])), batch_order: epoch, shuffle: false, log: \(log)}
            """
    }

    /// One linear unit trained by `GradientDescentOptimizer` on consecutive batches.
    static func tf1Spec(dtype: String, steps: Int, batch: Int, learningRate: Double, log: String) -> String {
        """
        convention: tf1
        dtype: \(dtype)
        model: {layers: [{name: l0, units: 1, activation: linear}]}
        loss: mse
        optimizer: {kind: sgd, learning_rate: \(learningRate)}
        training: {steps: \(steps), batch_size: \(batch), batch_order: wrap, shuffle: false, log: \(log)}
        """
    }

    /// `RandomState(1).rand(10000, 10)` and its first column: the first-feature experiment's data.
    static func firstFeatureData(targetsAsColumn: Bool) -> MaterializedData {
        var rng = RandomState(seed: 1)
        let x = rng.rand(count: 10000 * 10)
        let y = (0 ..< 10000).map { x[$0 * 10] }
        let targets = targetsAsColumn ? DataArray(shape: [10000, 1], values: y) : DataArray(vector: y)
        return MaterializedData(trainInputs: DataArray(shape: [10000, 10], values: x), trainTargets: targets)
    }
}
