/// The keys each object of a spec accepts. The decoder reads only these keys (and reports any
/// other with a did-you-mean); `grammar/nnspec.schema.json` declares the same sets under
/// `$defs/<object>`, which a test checks. Adding a key means adding it here, to the schema and
/// to `grammar/README.md`.
public enum Grammar {
    public static let objects: [String: [String]] = [
        "spec": ["nnspec", "name", "description", "extends", "mirrors", "convention", "dtype", "seed",
                 "data", "model", "loss", "regularization", "optimizer", "training", "metrics",
                 "outputs", "lint"],
        "data": ["seed", "arrays", "inputs", "targets", "split", "preprocess"],
        "split": ["kind", "test_size", "random_state", "shuffle", "train", "test", "inputs", "targets"],
        "preprocess": ["kind", "apply_to", "factor", "low", "high", "classes"],
        "model": ["inputs", "input_shape", "data_format", "layers"],
        "layer": LayerRegistry.keys,
        "regularizer": ["l1", "l2", "half_l2"],
        "regularization": ["alpha", "divide_by_batch"],
        "loss": ["kind", "form", "scale", "output_reduction", "gradient_reduction", "clip_epsilon",
                 "from_logits", "broadcast_targets", "link", "compute_dtype"],
        "optimizer": ["kind", "learning_rate", "momentum", "nesterov", "momentum_form", "dampening",
                      "beta_1", "beta_2", "epsilon", "epsilon_form", "rho", "initial_accumulator_value",
                      "weight_decay", "weight_decay_form", "schedule", "hyperparameter_dtype", "max_iter", "max_fun",
                      "history_size", "tol"],
        "schedule": ["kind", "decay", "power_t"],
        "training": ["epochs", "steps", "batch_size", "shuffle", "shuffle_form", "batch_order", "log",
                     "early_stopping", "seed"],
        "log": ["mode", "every", "unit"],
        "early_stopping": ["tol", "n_iter_no_change"],
        "outputs": ["results"],
        "lint": ["disable"],
        // Array expressions: a one-key mapping `{operator: arguments}`.
        "array": ["rand", "uniform", "normal", "randint", "linspace", "arange", "repeat", "concat",
                  "column", "columns", "apply", "add", "subtract", "multiply", "divide", "greater",
                  "less", "reshape", "csv", "npy", "idx", "ref", "value"],
        "array.shape_args": ["shape", "low", "high", "loc", "scale"],
        "array.linspace": ["start", "stop", "num", "endpoint"],
        "array.arange": ["start", "stop", "step"],
        "array.repeat": ["of", "times"],
        "array.concat": ["of", "axis"],
        "array.column": ["of", "index", "keepdims"],
        "array.columns": ["of", "indices"],
        "array.apply": ["fn", "of"],
        "array.reshape": ["of", "shape"],
        "array.csv": ["path", "columns", "header", "delimiter"],
        "array.idx": ["path", "limit"],
        // Initializers written as `{name: {arguments}}`.
        "initializer": ["zeros", "ones", "constant", "uniform", "normal", "truncated_normal",
                        "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
                        "lecun_normal", "sklearn", "torch_linear", "file"],
        "initializer.args": ["low", "high", "mean", "stddev", "value", "factor", "path"],
    ]
}
