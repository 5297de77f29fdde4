"""TensorFlow 1.x-style (tf.compat.v1, graph mode) parity cases.

Run as a separate process by generate.py (eager execution is disabled process-wide);
`python tf1_cases.py cases` prints the small cases, `python tf1_cases.py experiments`
prints CONVENTIONS experiment 4 (b) and (c). Output: one JSON document on stdout.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.compat.v1.disable_eager_execution()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FORMAT, emit, env_versions  # noqa: E402

VERSIONS = env_versions(tensorflow=tf.__version__)
VERSION_STR = f"tensorflow {tf.__version__} (tf.compat.v1 graph mode)"
v1 = tf.compat.v1


def session():
    cfg = v1.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
    return v1.Session(config=cfg)


def build(d, labels_mode, lr):
    """One linear unit, zero init, tf.losses.mean_squared_error, GradientDescentOptimizer.

    labels_mode 'broadcast': the labels placeholder has no static shape and is fed y of
    shape (n,); predictions are (n,1), so (p - y) broadcasts to (n,n).
    (A placeholder declared with shape [None] is rejected at graph-construction time by
    `predictions.get_shape().assert_is_compatible_with(labels.get_shape())`.)
    labels_mode 'fixed': labels placeholder [None, 1], fed y[:, None].
    """
    g = tf.Graph()
    with g.as_default():
        v1.set_random_seed(0)
        x = v1.placeholder(tf.float64, [None, d], name="x")
        if labels_mode == "broadcast":
            y = v1.placeholder(tf.float64, name="y")
        else:
            y = v1.placeholder(tf.float64, [None, 1], name="y")
        W = v1.get_variable("W", [d, 1], dtype=tf.float64, initializer=v1.zeros_initializer())
        b = v1.get_variable("b", [1], dtype=tf.float64, initializer=v1.zeros_initializer())
        pred = tf.matmul(x, W) + b
        loss = v1.losses.mean_squared_error(labels=y, predictions=pred)
        opt = v1.train.GradientDescentOptimizer(learning_rate=lr)
        train = opt.minimize(loss)
        init = v1.global_variables_initializer()
    return g, dict(x=x, y=y, W=W, b=b, loss=loss, train=train, init=init, opt=opt)


def feed_y(y, labels_mode):
    return y if labels_mode == "broadcast" else y.reshape(-1, 1)


def describe_loss(labels_mode):
    out = {"name": "tf.compat.v1.losses.mean_squared_error",
           "reduction": "SUM_BY_NONZERO_WEIGHTS (weights=1.0 -> divide by element count)",
           "internal_dtype": "float32",
           "internal_dtype_note": "losses_impl.mean_squared_error casts predictions and "
                                  "labels to float32 before squared_difference; "
                                  "compute_weighted_loss reduces in float32 and returns a "
                                  "float32 scalar even though the model is float64. The "
                                  "gradient flows back through the Cast ops, so dL/dp is "
                                  "float32-rounded before the float64 matmul gradient and "
                                  "update.",
           "labels_shape": "(n,)" if labels_mode == "broadcast" else "(n,1)",
           "predictions_shape": "(n,1)"}
    if labels_mode == "broadcast":
        out["broadcast"] = ("(p - y) has shape (n,n): element [i,j] = p_i - y_j; loss = "
                            "mean over all n*n elements")
    return out


def loss_dtype(h):
    return h["loss"].dtype.name


def describe_opt(h, lr):
    return {"name": "GradientDescentOptimizer", "config": {"learning_rate": lr,
            "use_locking": False}, "learning_rate_tensor_dtype": "float64",
            "update_rule": "W <- W - learning_rate*g"}


def run_small(cid, description, x, y, labels_mode, lr, steps, batch_size):
    n, d = x.shape
    g, h = build(d, labels_mode, lr)
    with g.as_default(), session() as s:
        s.run(h["init"])
        W0, b0 = s.run([h["W"], h["b"]])
        step_losses, batches = [], []
        for st in range(steps):
            lo = (st * batch_size) % n
            hi = min(lo + batch_size, n)
            batches.append([lo, hi])
            l, _ = s.run([h["loss"], h["train"]],
                         {h["x"]: x[lo:hi], h["y"]: feed_y(y[lo:hi], labels_mode)})
            step_losses.append(float(l))
        W, b = s.run([h["W"], h["b"]])
        full = float(s.run(h["loss"], {h["x"]: x, h["y"]: feed_y(y, labels_mode)}))
    return {
        "id": cid, "framework": "tf1", "version": VERSION_STR, "dtype": "float64",
        "description": description, "x": x, "y": y if labels_mode == "broadcast" else y.reshape(-1, 1),
        "model": {"input_dim": d, "layers": [{"type": "dense", "units": 1,
                  "activation": "linear", "use_bias": True, "kernel_regularizer": None,
                  "bias_regularizer": None, "kernel_shape": [d, 1]}]},
        "initial_weights": [{"kernel": W0, "bias": b0}],
        "loss": dict(describe_loss(labels_mode), loss_tensor_dtype=loss_dtype(h)),
        "optimizer": describe_opt(h, lr),
        "loop": {"kind": "train_on_batch", "steps": steps, "batch_size": batch_size,
                 "batches": batches, "logging": "sess.run([loss, train_op]) per step: the "
                 "loss of the batch before the update", "shuffle": False},
        "expected": {"loss_history": step_losses, "final_weights": [{"kernel": W, "bias": b}],
                     "full_data_loss_after_training": full},
    }


def small_cases():
    rs = np.random.RandomState(7)
    x = rs.uniform(0, 1, (8, 3))
    y = x[:, 0] + 0.5 * x[:, 1] - 0.25 * x[:, 2] + 0.1
    out = []
    shapes = {"broadcast": "labels fed with shape (n,) against predictions (n,1) (broadcast "
                           "to (n,n))",
              "fixed": "labels fed with shape (n,1), matching predictions"}
    for mode in ("broadcast", "fixed"):
        out.append(run_small(f"tf1_{mode}_mse_fullbatch",
                             f"one linear unit, zero init, {shapes[mode]}; full batch of 8, "
                             "GradientDescent lr 0.1, 6 steps, float64", x, y, mode, 0.1, 6, 8))
        out.append(run_small(f"tf1_{mode}_mse_minibatch",
                             f"one linear unit, zero init, {shapes[mode]}; batches of 4 in "
                             "order (rows 0-3, 4-7, 0-3, ...), GradientDescent lr 0.1, 8 steps,"
                             " float64", x, y, mode, 0.1, 8, 4))
    return out


def experiment(labels_mode):
    X = np.random.RandomState(1).rand(10000, 10)
    y = X[:, 0]
    lr, steps, bs = 0.01, 10001, 100
    g, h = build(10, labels_mode, lr)
    log_steps, batch_losses, full_losses, full_elem, weights_at = [], [], [], [], []
    with g.as_default():
        # an element-wise (correct) full-data MSE, for reference, computed in float64
        fixed_loss = tf.reduce_mean(tf.square(tf.reshape(h["y"], [-1, 1]) -
                                              (tf.matmul(h["x"], h["W"]) + h["b"])))
        with session() as s:
            s.run(h["init"])
            for st in range(steps):
                lo = (100 * st) % 10000
                fd = {h["x"]: X[lo:lo + bs], h["y"]: feed_y(y[lo:lo + bs], labels_mode)}
                if st % 1000 == 0:
                    # loss reported at this step: batch loss before the update, and the
                    # full-data loss (same loss tensor fed all 10000 rows) before it
                    full = s.run(h["loss"], {h["x"]: X, h["y"]: feed_y(y, labels_mode)})
                    fe = s.run(fixed_loss, {h["x"]: X, h["y"]: feed_y(y, labels_mode)})
                    l, _ = s.run([h["loss"], h["train"]], fd)
                    log_steps.append(st)
                    batch_losses.append(float(l))
                    full_losses.append(float(full))
                    full_elem.append(float(fe))
                else:
                    s.run(h["train"], fd)
            W, b = s.run([h["W"], h["b"]])
            final_full = float(s.run(h["loss"], {h["x"]: X, h["y"]: feed_y(y, labels_mode)}))
            final_elem = float(s.run(fixed_loss, {h["x"]: X, h["y"]: feed_y(y, labels_mode)}))
    letter = "b" if labels_mode == "broadcast" else "c"
    return {
        "id": f"exp4{letter}_tf1_{labels_mode}",
        "framework": "tf1", "version": VERSION_STR, "dtype": "float64",
        "description": ("CONVENTIONS experiment 4 (" + letter + "): the TF1 program, one "
                        "linear unit, zero init, tf.losses.mean_squared_error, "
                        "GradientDescentOptimizer(0.01), batches of 100 in order, 10001 steps; "
                        + ("labels (n,) against predictions (n,1): broadcast to (n,n)"
                           if labels_mode == "broadcast" else
                           "labels reshaped to (n,1): no broadcast")),
        "data": {"x": "np.random.RandomState(1).rand(10000, 10)  (float64)",
                 "y": "x[:, 0]" + ("  fed with shape (n,)" if labels_mode == "broadcast"
                                   else "  fed with shape (n,1)"),
                 "n": 10000, "d": 10},
        "model": {"input_dim": 10, "layers": [{"type": "dense", "units": 1,
                  "activation": "linear", "use_bias": True, "kernel_regularizer": None,
                  "bias_regularizer": None, "kernel_shape": [10, 1]}]},
        "initial_weights": [{"kernel": np.zeros((10, 1)), "bias": np.zeros(1)}],
        "loss": dict(describe_loss(labels_mode), loss_tensor_dtype=loss_dtype(h)),
        "optimizer": describe_opt(h, lr),
        "loop": {"kind": "full_data_eval", "steps": steps, "batch_size": bs,
                 "batch_rule": "step s trains on rows [100*s mod 10000, +100)",
                 "shuffle": False, "log_every": 1000,
                 "logging": "at steps 0,1000,...,10000: full-data value of the SAME loss "
                            "tensor before that step's update (full_data_loss; for the "
                            "broadcast program this is the (10000,10000) broadcast mean), the "
                            "element-wise float64 MSE on all rows (full_data_mse_elementwise),"
                            " and the batch loss returned with that step's update"},
        "expected": {"log_steps": log_steps, "batch_loss_before_update": batch_losses,
                     "full_data_loss": full_losses, "full_data_mse_elementwise": full_elem,
                     "final_weights": [{"kernel": W, "bias": b}],
                     "final_full_data_loss": final_full,
                     "final_full_data_mse_elementwise": final_elem},
    }


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "cases"
    if what == "cases":
        emit({"format": FORMAT, "framework": "tf1", "versions": VERSIONS,
              "cases": small_cases()})
    else:
        emit({"versions": VERSIONS,
              "cases": [experiment("broadcast"), experiment("fixed")]})


if __name__ == "__main__":
    main()
