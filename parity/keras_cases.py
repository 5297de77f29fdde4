"""Keras 3 (TensorFlow backend) parity cases.

Run as a separate process by generate.py; prints one JSON document to stdout.
"""
import math
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()

import keras  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FORMAT, emit, env_versions, make_regression, uniform_init  # noqa: E402

VERSIONS = env_versions(keras=keras.__version__, tensorflow=tf.__version__,
                        keras_backend=keras.backend.backend())
VERSION_STR = f"keras {keras.__version__} (backend tensorflow {tf.__version__})"


# ----------------------------------------------------------------------------------
# regularizers


def reg_obj(spec):
    """Build the Keras regularizer for a spec; custom ones are plain lambdas, exactly as
    written in the first MLP question."""
    if spec is None:
        return None
    if "l2" in spec:
        return keras.regularizers.L2(spec["l2"])
    if "custom_half_alpha" in spec:
        alpha = spec["custom_half_alpha"]
        return lambda W: 0.5 * alpha * tf.reduce_sum(tf.square(W))
    raise ValueError(spec)


def reg_describe(spec, obj):
    if spec is None:
        assert obj is None
        return None
    if "l2" in spec:
        return {"l2": obj.get_config()["l2"], "formula": "l2*sum(W^2)",
                "class": type(obj).__name__,
                # L2.__call__: ops.cast(self.l2, x.dtype) -> float32-rounded factor
                "l2_effective": float(np.float32(obj.get_config()["l2"]))}
    return {"custom": "0.5*alpha*sum(W^2)",
            "source": "lambda W: 0.5*alpha*tf.reduce_sum(tf.square(W))",
            "alpha": spec["custom_half_alpha"]}


# ----------------------------------------------------------------------------------
# case runner


def build_model(d, layers, dtype):
    keras_layers = []
    for spec in layers:
        keras_layers.append(keras.layers.Dense(
            spec["units"], activation=spec.get("activation", "linear"),
            use_bias=spec.get("use_bias", True),
            kernel_regularizer=reg_obj(spec.get("kernel_regularizer")),
            bias_regularizer=reg_obj(spec.get("bias_regularizer")),
            dtype=dtype))
    model = keras.Sequential([keras.Input((d,), dtype=dtype)] + keras_layers)
    return model, keras_layers


def layer_weights(keras_layers):
    out = []
    for layer in keras_layers:
        w = layer.get_weights()
        out.append({"kernel": w[0], "bias": w[1] if len(w) > 1 else None})
    return out


def describe_layers(keras_layers, specs):
    out = []
    for layer, spec in zip(keras_layers, specs):
        out.append({
            "type": "dense",
            "units": layer.units,
            "activation": keras.activations.serialize(layer.activation),
            "use_bias": layer.use_bias,
            "kernel_regularizer": reg_describe(spec.get("kernel_regularizer"),
                                               layer.kernel_regularizer),
            "bias_regularizer": reg_describe(spec.get("bias_regularizer"),
                                             layer.bias_regularizer),
            "kernel_shape": list(layer.kernel.shape),
        })
    return out


def describe_loss(loss_obj, keras_layers):
    cfg = loss_obj.get_config()
    out = {"name": cfg["name"], "config": cfg,
           "from_logits": bool(cfg.get("from_logits", False)),
           "compute_dtype": str(loss_obj.dtype)}
    last_act = keras.activations.serialize(keras_layers[-1].activation)
    if cfg["name"] in ("binary_crossentropy", "categorical_crossentropy",
                       "sparse_categorical_crossentropy") and not out["from_logits"]:
        # keras/src/backend/tensorflow/nn.py::_get_logits: a sigmoid/softmax output
        # carries `_keras_logits`, so the loss is computed from the logits (no clip).
        out["computed_from_cached_logits"] = last_act in ("sigmoid", "softmax")
    out["reduction_note"] = ("per-sample loss = mean over the last axis (mse) / sum over "
                             "classes (crossentropy); batch loss = sum/batch_size; "
                             "regularization penalties added unscaled")
    return out


def describe_optimizer(opt):
    cfg = opt.get_config()
    out = {"name": type(opt).__name__, "config": cfg}
    lr = opt._learning_rate
    if isinstance(lr, keras.optimizers.schedules.LearningRateSchedule):
        out["learning_rate_schedule"] = {"class": type(lr).__name__,
                                         "config": lr.get_config(),
                                         "evaluated_at": "optimizer.iterations before "
                                                         "the update (0 for the first step)"}
    else:
        out["learning_rate_variable_value"] = float(np.asarray(lr.numpy()))
        out["learning_rate_variable_dtype"] = str(lr.dtype)
    out["iterations_after_training"] = int(opt.iterations.numpy())
    # keras/src/backend/tensorflow: ops.cast(python_float, float64) goes through a float32
    # tensor (tf.cast(0.9, tf.float64) == 0.8999999761581421), so these hyperparameters
    # act float32-rounded even when floatx is float64 (measured in probe, see README).
    f32 = lambda v: float(np.float32(v))  # noqa: E731
    r = {}
    if cfg.get("momentum") and out["name"] == "SGD":
        r["momentum"] = f32(cfg["momentum"])
    if out["name"] in ("Adam", "AdamW"):
        r["beta_1_power_base"] = f32(cfg["beta_1"])
        r["beta_2_power_base"] = f32(cfg["beta_2"])
    if cfg.get("weight_decay"):
        r["weight_decay"] = f32(cfg["weight_decay"])
    if out["name"] == "Adagrad":
        r["initial_accumulator_value"] = f32(cfg["initial_accumulator_value"])
    if "learning_rate_schedule" in out:
        r["schedule_computed_in"] = "float32"
    out["float32_rounded_hyperparameters"] = r
    return out


class BatchRecorder(keras.callbacks.Callback):
    """Records, for every batch of fit():
    * `before`: the batch loss recomputed eagerly from the weights just before the
      update (model.compute_loss on the batch; includes regularization penalties);
    * `logs`: logs['loss'] that Keras passes to on_train_batch_end, which in Keras 3 is
      the running batch-size-weighted mean of the epoch's batch losses so far."""

    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.bs = x, y, batch_size
        self.before, self.logs = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self.before.append([])
        self.logs.append([])

    def on_train_batch_begin(self, batch, logs=None):
        lo, hi = batch * self.bs, min((batch + 1) * self.bs, len(self.x))
        xb, yb = self.x[lo:hi], self.y[lo:hi]
        y_pred = self.model(xb, training=False)
        loss = self.model.compute_loss(x=xb, y=yb, y_pred=y_pred, training=False)
        self.before[-1].append(float(np.asarray(loss)))

    def on_train_batch_end(self, batch, logs=None):
        self.logs[-1].append(float(logs["loss"]))


def run_case(cid, description, x, y, layers, make_loss, make_opt, *, dtype="float32",
             loop="fit", batch_size=4, epochs=3, steps=None, init_seed=None,
             init=None, y_kind="float", notes=None):
    keras.backend.clear_session()
    keras.utils.set_random_seed(1234)
    keras.config.set_floatx(dtype)
    try:
        # The loss object must be built AFTER set_floatx: a Keras 3 Loss fixes its dtype
        # (floatx at construction) and casts y_pred to it in __call__.
        loss_obj = make_loss()
        npdt = np.float32 if dtype == "float32" else np.float64
        x = np.asarray(x, dtype=npdt)
        y = np.asarray(y, dtype=npdt if y_kind == "float" else np.int64)
        d = x.shape[1]
        model, klayers = build_model(d, layers, dtype)
        if init is None:
            shapes, fan_in = [], d
            for spec in layers:
                shapes.append((fan_in, spec["units"]))
                fan_in = spec["units"]
            init = uniform_init(init_seed, shapes)
        for layer, (k, b) in zip(klayers, init):
            layer.set_weights([np.asarray(k, npdt), np.asarray(b, npdt)])
        init_w = layer_weights(klayers)
        opt = make_opt()
        model.compile(optimizer=opt, loss=loss_obj)

        expected = {}
        n = len(x)
        if loop == "fit":
            rec = BatchRecorder(x, y, batch_size)
            hist = model.fit(x, y, batch_size=batch_size, epochs=epochs, shuffle=False,
                             verbose=0, callbacks=[rec])
            expected["loss_history"] = [float(v) for v in hist.history["loss"]]
            expected["batch_losses_before_update"] = rec.before
            expected["batch_end_logs_loss"] = rec.logs
            # self-check: the running mean of the recomputed batch losses reproduces
            # what Keras logs (weights = batch sizes)
            for e in range(epochs):
                tot, cnt = 0.0, 0
                for b, (lb, lg) in enumerate(zip(rec.before[e], rec.logs[e])):
                    nb = min((b + 1) * batch_size, n) - b * batch_size
                    tot += lb * nb
                    cnt += nb
                    assert abs(tot / cnt - lg) <= 1e-5 * max(1.0, abs(lg)), (cid, e, b)
                assert rec.logs[e][-1] == expected["loss_history"][e]
            loop_desc = {"kind": "fit_epoch_mean", "batch_size": batch_size,
                         "epochs": epochs, "shuffle": False,
                         "steps_per_epoch": math.ceil(n / batch_size),
                         "last_partial_batch": n % batch_size != 0}
        elif loop == "train_on_batch":
            returned, before = [], []
            batches = []
            for s in range(steps):
                lo = (s * batch_size) % n
                hi = min(lo + batch_size, n)
                batches.append([lo, hi])
                xb, yb = x[lo:hi], y[lo:hi]
                y_pred = model(xb, training=False)
                before.append(float(np.asarray(model.compute_loss(
                    x=xb, y=yb, y_pred=y_pred, training=False))))
                returned.append(float(model.train_on_batch(xb, yb)))
            expected["loss_history"] = returned
            expected["batch_losses_before_update"] = before
            for a, b in zip(returned, before):
                assert abs(a - b) <= 1e-6 * max(1.0, abs(a)), (cid, a, b)
            loop_desc = {"kind": "train_on_batch", "steps": steps, "batch_size": batch_size,
                         "batches": batches,
                         "batch_rule": "step s trains on rows [(s*batch_size) mod n, +batch_size)"}
        else:
            raise ValueError(loop)
        expected["final_weights"] = layer_weights(klayers)

        case = {
            "id": cid,
            "framework": "keras",
            "version": VERSION_STR,
            "dtype": dtype,
            "description": description,
            "x": x,
            "y": y,
            "y_kind": "class_index" if y_kind == "int" else "float",
            "model": {"input_dim": d, "layers": describe_layers(klayers, layers)},
            "initial_weights": init_w,
            "loss": describe_loss(loss_obj, klayers),
            "optimizer": describe_optimizer(opt),
            "loop": loop_desc,
            "expected": expected,
        }
        if notes:
            case["notes"] = notes
        return case
    finally:
        keras.config.set_floatx("float32")


# ----------------------------------------------------------------------------------
# cases


def L(units, activation="linear", kreg=None, breg=None, use_bias=True):
    return {"units": units, "activation": activation, "kernel_regularizer": kreg,
            "bias_regularizer": breg, "use_bias": use_bias}


def cases():
    out = []
    real_run_case = globals()["run_case"]

    def run_case(cid, *a, both=False, **k):  # noqa: F811
        """both=True: also emit the float64 variant `<id>_float64`."""
        res = real_run_case(cid, *a, **k)
        out_extra = [res]
        if both:
            k2 = dict(k, dtype="float64")
            desc = a[0] + " (float64 variant)"
            out_extra.append(real_run_case(cid + "_float64", desc, *a[1:], **k2))
        return out_extra

    SGD = keras.optimizers.SGD
    mse = keras.losses.MeanSquaredError  # passed as a factory
    x, y = make_regression(0, 12, 3)
    net = [L(4, "tanh"), L(1)]

    out.extend(run_case(
        "keras_sgd_mse", "MSE, plain SGD lr 0.05, 3-4(tanh)-1, batch 4, 3 epochs, y rank 1",
        x, y, net, mse, lambda: SGD(learning_rate=0.05), init_seed=11, both=True))
    out.extend(run_case(
        "keras_sgd_momentum", "MSE, SGD lr 0.05 momentum 0.9", x, y, net, mse,
        lambda: SGD(learning_rate=0.05, momentum=0.9), init_seed=11, both=True))
    out.extend(run_case(
        "keras_sgd_nesterov", "MSE, SGD lr 0.05 momentum 0.9 nesterov", x, y, net, mse,
        lambda: SGD(learning_rate=0.05, momentum=0.9, nesterov=True), init_seed=11, both=True))
    out.extend(run_case(
        "keras_l2_first_layer", "MSE + l2(0.01) kernel_regularizer on the first layer only",
        x, y, [L(4, "tanh", kreg={"l2": 0.01}), L(1)], mse,
        lambda: SGD(learning_rate=0.05), init_seed=11))
    out.extend(run_case(
        "keras_l2_kernel_and_bias", "MSE + l2(0.01) on kernel AND bias of layer 1, l2(0.01) "
        "on the kernel of layer 2", x, y,
        [L(4, "tanh", kreg={"l2": 0.01}, breg={"l2": 0.01}), L(1, kreg={"l2": 0.01})], mse,
        lambda: SGD(learning_rate=0.05), init_seed=11, both=True))
    out.extend(run_case(
        "keras_custom_reg_first_layer", "MSE + custom 0.5*alpha*sum(W^2), alpha=0.5, first "
        "kernel only (Keras '1' of the first MLP question)", x, y,
        [L(4, "sigmoid", kreg={"custom_half_alpha": 0.5}), L(1)], mse,
        lambda: SGD(learning_rate=0.05, momentum=0.9, nesterov=True), init_seed=11))
    out.extend(run_case(
        "keras_custom_reg_both_layers", "MSE + custom 0.5*alpha*sum(W^2), alpha=0.5, both "
        "kernels (Keras '2' of the first MLP question)", x, y,
        [L(4, "sigmoid", kreg={"custom_half_alpha": 0.5}),
         L(1, kreg={"custom_half_alpha": 0.5})], mse,
        lambda: SGD(learning_rate=0.05, momentum=0.9, nesterov=True), init_seed=11, both=True))
    for act in ("relu", "softplus", "sigmoid"):
        out.extend(run_case(
            f"keras_hidden_{act}", f"MSE, SGD lr 0.05, hidden activation {act}", x, y,
            [L(4, act), L(1)], mse, lambda: SGD(learning_rate=0.05), init_seed=11))

    # classification
    rs = np.random.RandomState(5)
    xc = rs.uniform(-1, 1, (12, 3))
    yb = (xc[:, 0] + 0.5 * xc[:, 1] > 0).astype(np.float64)
    out.extend(run_case(
        "keras_bce_sigmoid", "binary_crossentropy, sigmoid output, y shape (n,1)", xc,
        yb.reshape(-1, 1), [L(4, "tanh"), L(1, "sigmoid")],
        keras.losses.BinaryCrossentropy, lambda: SGD(learning_rate=0.1), init_seed=12, both=True))
    out.extend(run_case(
        "keras_bce_from_logits", "binary_crossentropy(from_logits=True), linear output",
        xc, yb.reshape(-1, 1), [L(4, "tanh"), L(1)],
        lambda: keras.losses.BinaryCrossentropy(from_logits=True), lambda: SGD(learning_rate=0.1),
        init_seed=12))
    # saturated: shows that no 1e-7 clip is applied (loss computed from cached logits)
    xs = np.array([[1.0, 0.5], [2.0, -0.5], [-1.0, 0.25], [-2.0, 1.0]])
    ys = np.array([[0.0], [1.0], [1.0], [0.0]])
    out.extend(run_case(
        "keras_bce_sigmoid_saturated", "Dense(1, sigmoid) with logits of +-30..60 and wrong "
        "labels: Keras (TF backend) computes BCE from the cached logits, so the loss is "
        "far above -log(1e-7)=16.12 and the gradient is p-y, not 0", xs, ys,
        [L(1, "sigmoid")], keras.losses.BinaryCrossentropy,
        lambda: SGD(learning_rate=0.01), epochs=2, batch_size=4,
        init=[(np.array([[30.0], [0.0]]), np.array([0.0]))]))
    y3 = (np.argmax(xc @ np.array([[1.0, -1.0, 0.2], [0.3, 0.8, -1.0], [-0.5, 0.1, 0.9]]),
                    axis=1))
    out.extend(run_case(
        "keras_cce_softmax", "categorical_crossentropy, softmax output, one-hot y (k=3)",
        xc, np.eye(3)[y3], [L(4, "tanh"), L(3, "softmax")],
        keras.losses.CategoricalCrossentropy, lambda: SGD(learning_rate=0.1), init_seed=13, both=True))
    out.extend(run_case(
        "keras_sparse_cce", "sparse_categorical_crossentropy, softmax output, integer y",
        xc, y3, [L(4, "tanh"), L(3, "softmax")],
        keras.losses.SparseCategoricalCrossentropy, lambda: SGD(learning_rate=0.1),
        init_seed=13, y_kind="int"))

    # optimizers
    out.extend(run_case("keras_adam", "MSE, Adam lr 0.01 (defaults otherwise)", x, y, net,
                        mse, lambda: keras.optimizers.Adam(learning_rate=0.01),
                        init_seed=11, both=True))
    out.extend(run_case("keras_rmsprop", "MSE, RMSprop lr 0.01 (defaults otherwise)", x, y,
                        net, mse, lambda: keras.optimizers.RMSprop(learning_rate=0.01),
                        init_seed=11, both=True))
    out.extend(run_case("keras_adagrad", "MSE, Adagrad lr 0.1 (defaults otherwise)", x, y,
                        net, mse, lambda: keras.optimizers.Adagrad(learning_rate=0.1),
                        init_seed=11, both=True))
    out.extend(run_case("keras_adamw", "MSE, AdamW lr 0.01 weight_decay 0.1", x, y, net,
                        mse, lambda: keras.optimizers.AdamW(learning_rate=0.01,
                                                              weight_decay=0.1),
                        init_seed=11,
                        notes="Decoupled decay W <- W - W*weight_decay*lr applied to EVERY "
                              "trainable variable (biases too) before the Adam step "
                              "(base_optimizer._apply_weight_decay; nothing excluded).", both=True))
    out.extend(run_case(
        "keras_inverse_time_decay", "MSE, SGD with InverseTimeDecay(0.1, decay_steps=1, "
        "decay_rate=0.5): the Keras 2 legacy SGD(lr=0.1, decay=0.5)", x, y, net, mse,
        lambda: SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.1, 1, 0.5)),
        init_seed=11,
        notes="Keras 3 optimizers have no `decay` argument; lr_t = lr/(1+decay*t) with t = "
              "optimizer.iterations before the update, computed in float32.", both=True))
    xp, yp = make_regression(3, 10, 3)
    out.extend(run_case(
        "keras_partial_batch", "n=10, batch 4: batches of 4,4,2; epoch loss is the "
        "batch-size-weighted mean", xp, yp, net, mse, lambda: SGD(learning_rate=0.05),
        init_seed=14, both=True))
    out.extend(run_case(
        "keras_train_on_batch", "train_on_batch on consecutive batches of 4 (wrapping), "
        "7 steps; each returned loss is that batch's loss before the update", xp, yp, net,
        mse, lambda: SGD(learning_rate=0.05, momentum=0.9), loop="train_on_batch",
        steps=7, init_seed=14, both=True))
    # experiment 2 counterpart (two points)
    out.extend(run_case(
        "keras_logreg_two_points", "CONVENTIONS experiment 2: Dense(1, sigmoid), BCE, SGD lr "
        "0.01, 100 epochs, X=[[1,1],[2,2]], y=[0,1], fixed init", [[1.0, 1.0], [2.0, 2.0]],
        [[0.0], [1.0]], [L(1, "sigmoid")], keras.losses.BinaryCrossentropy,
        lambda: SGD(learning_rate=0.01), epochs=100, batch_size=2, init_seed=15))
    return out


def experiment4a():
    """CONVENTIONS experiment 4 (a): Keras, learning y = x0 with train_on_batch."""
    keras.backend.clear_session()
    keras.utils.set_random_seed(1234)
    X = np.random.RandomState(1).rand(10000, 10)
    y = X[:, 0]
    Xf, yf = X.astype(np.float32), y.astype(np.float32)
    layer = keras.layers.Dense(1, kernel_initializer="zeros", bias_initializer="zeros")
    model = keras.Sequential([keras.Input((10,)), layer])
    init_w = layer_weights([layer])
    opt = keras.optimizers.SGD(learning_rate=0.01)
    loss_obj = keras.losses.MeanSquaredError()
    model.compile(optimizer=opt, loss=loss_obj)
    steps, log_steps, batch_losses, full = 10001, [], [], []
    for st in range(steps):
        lo = (100 * st) % 10000
        xb, yb = Xf[lo:lo + 100], yf[lo:lo + 100]
        if st % 1000 == 0:
            full.append(float(model.evaluate(Xf, yf, batch_size=10000, verbose=0)))
            batch_losses.append(float(model.train_on_batch(xb, yb)))
            log_steps.append(st)
        else:
            model.train_on_batch(xb, yb)
    final_full = float(model.evaluate(Xf, yf, batch_size=10000, verbose=0))
    return {
        "id": "exp4a_keras_train_on_batch", "framework": "keras", "version": VERSION_STR,
        "dtype": "float32",
        "description": "CONVENTIONS experiment 4 (a): Dense(1, kernel_initializer='zeros', "
                       "bias_initializer='zeros'), SGD(0.01), mse, float32; step s calls "
                       "train_on_batch on rows [100*s mod 10000, +100); 10001 steps; y has "
                       "shape (n,) (Keras aligns ranks, no broadcast)",
        "data": {"x": "np.random.RandomState(1).rand(10000, 10), then cast to float32",
                 "y": "x[:, 0] (float64 column cast to float32), shape (n,)",
                 "n": 10000, "d": 10},
        "model": {"input_dim": 10, "layers": describe_layers(
            [layer], [{"kernel_regularizer": None, "bias_regularizer": None}])},
        "initial_weights": init_w,
        "loss": describe_loss(loss_obj, [layer]),
        "optimizer": describe_optimizer(opt),
        "loop": {"kind": "train_on_batch", "steps": steps, "batch_size": 100,
                 "batch_rule": "step s trains on rows [100*s mod 10000, +100)",
                 "shuffle": False, "log_every": 1000,
                 "logging": "at steps 0,1000,...,10000: the value train_on_batch returns "
                            "(that batch's loss before the update; Keras 3.15 resets the loss "
                            "tracker in train_on_batch) and model.evaluate on all rows (one "
                            "batch of 10000) just before that step"},
        "expected": {"log_steps": log_steps, "batch_loss_before_update": batch_losses,
                     "full_data_loss": full, "final_weights": layer_weights([layer]),
                     "final_full_data_loss": final_full},
    }


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "experiments":
        emit({"versions": VERSIONS, "cases": [experiment4a()]})
        return
    emit({"format": FORMAT, "framework": "keras", "versions": VERSIONS,
          "cases": cases()})


if __name__ == "__main__":
    main()
