"""scikit-learn parity cases (MLPRegressor / MLPClassifier, preprocessing, LogisticRegression).

Run as a separate process by generate.py; prints one JSON document to stdout.

How the initial weights are obtained: `BaseMultilayerPerceptron._initialize` is wrapped
(monkeypatched for the duration of one fit) so that right after scikit-learn draws the
weights from `self._random_state` we copy `coefs_`/`intercepts_`. Nothing else is changed;
the fit itself runs unmodified. The module-level `shuffle` imported by
`sklearn.neural_network._multilayer_perceptron` and `_backprop` are wrapped the same way
to record the per-epoch row order and every batch loss.
"""
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.neural_network import _multilayer_perceptron as mlp_mod
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FORMAT, emit, env_versions, make_regression  # noqa: E402

VERSIONS = env_versions(sklearn=sklearn.__version__, scipy=scipy.__version__)
VERSION_STR = f"scikit-learn {sklearn.__version__}"

BASE = dict(hidden_layer_sizes=(3,), activation="logistic", solver="sgd",
            learning_rate_init=0.01, momentum=0.9, nesterovs_momentum=True, alpha=0.5,
            batch_size=4, shuffle=False, max_iter=3, tol=0.0, n_iter_no_change=10**6,
            random_state=0)


class Recorder:
    """Context manager that wraps the private hooks described in the module docstring."""

    def __enter__(self):
        self.init = None
        self.epoch_orders = []
        self.batch_losses = []
        rec = self
        self._orig_init = mlp_mod.BaseMultilayerPerceptron._initialize
        self._orig_shuffle = mlp_mod.shuffle
        self._orig_backprop = mlp_mod.BaseMultilayerPerceptron._backprop

        def _initialize(est, *a, **k):
            out = rec._orig_init(est, *a, **k)
            rec.init = ([c.copy() for c in est.coefs_], [b.copy() for b in est.intercepts_])
            return out

        def _shuffle(*a, **k):
            out = rec._orig_shuffle(*a, **k)
            rec.epoch_orders.append(np.array(out).copy())
            rec.batch_losses.append([])
            return out

        def _backprop(est, *a, **k):
            out = rec._orig_backprop(est, *a, **k)
            if getattr(est, "solver", None) in ("sgd", "adam"):
                if not est.shuffle and rec._new_epoch(est):
                    rec.batch_losses.append([])
                rec.batch_losses[-1].append(float(out[0]))
            return out

        self._epochs_seen = -1
        mlp_mod.BaseMultilayerPerceptron._initialize = _initialize
        mlp_mod.shuffle = _shuffle
        mlp_mod.BaseMultilayerPerceptron._backprop = _backprop
        return self

    def _new_epoch(self, est):
        # without shuffle there is no per-epoch hook: n_iter_ is incremented after the
        # epoch's batches, so a change of n_iter_ marks a new epoch.
        if est.n_iter_ != self._epochs_seen:
            self._epochs_seen = est.n_iter_
            return True
        return False

    def __exit__(self, *exc):
        mlp_mod.BaseMultilayerPerceptron._initialize = self._orig_init
        mlp_mod.shuffle = self._orig_shuffle
        mlp_mod.BaseMultilayerPerceptron._backprop = self._orig_backprop
        return False


def replicate_draws(random_state, layer_units, activation, n, epochs, shuffle):
    """Re-derive the initial weights and the per-epoch row orders from a fresh
    RandomState, in scikit-learn's draw order, to prove the documented order."""
    rs = np.random.RandomState(random_state)
    factor = 2.0 if activation == "logistic" else 6.0
    coefs, inters = [], []
    for fi, fo in zip(layer_units[:-1], layer_units[1:]):
        bound = np.sqrt(factor / (fi + fo))
        coefs.append(rs.uniform(-bound, bound, (fi, fo)))
        inters.append(rs.uniform(-bound, bound, fo))
    orders = []
    idx = np.arange(n)
    if shuffle:
        for _ in range(epochs):
            perm = np.arange(n)
            rs.shuffle(perm)
            idx = idx[perm]
            orders.append(idx.copy())
    return coefs, inters, orders


def weights_list(coefs, inters):
    return [{"kernel": c, "bias": b} for c, b in zip(coefs, inters)]


def describe_optimizer(est):
    if est.solver == "sgd":
        cfg = {"learning_rate_init": est.learning_rate_init,
               "learning_rate": est.learning_rate, "momentum": est.momentum,
               "nesterovs_momentum": est.nesterovs_momentum, "power_t": est.power_t}
        o = est._optimizer
        eff = {"class": type(o).__name__, "momentum": o.momentum, "nesterov": o.nesterov,
               "lr_schedule": o.lr_schedule, "power_t": o.power_t,
               "learning_rate_at_end": o.learning_rate}
        rule = ("v <- momentum*v - lr*g; W <- W + v (nesterov: W <- W + momentum*v_new - "
                "lr*g); invscaling: lr = learning_rate_init/(t_+1)**power_t, updated at the "
                "END of each epoch with t_ = samples seen so far")
    elif est.solver == "adam":
        cfg = {"learning_rate_init": est.learning_rate_init, "beta_1": est.beta_1,
               "beta_2": est.beta_2, "epsilon": est.epsilon}
        o = est._optimizer
        eff = {"class": type(o).__name__, "beta_1": o.beta_1, "beta_2": o.beta_2,
               "epsilon": o.epsilon, "t": o.t, "learning_rate_at_end": o.learning_rate}
        rule = ("m <- b1*m + (1-b1)*g; v <- b2*v + (1-b2)*g^2; lr_t = lr*sqrt(1-b2^t)/"
                "(1-b1^t); W <- W - lr_t*m/(sqrt(v)+eps)")
    else:
        cfg = {"max_iter": est.max_iter, "max_fun": est.max_fun, "tol (gtol)": est.tol}
        eff = {"scipy_method": "L-BFGS-B", "options": {"maxfun": est.max_fun,
                                                       "maxiter": est.max_iter,
                                                       "gtol": est.tol}}
        rule = "scipy.optimize.minimize(method='L-BFGS-B', jac=True) on the full-batch loss"
    return {"name": est.solver, "config": cfg, "in_effect": eff, "update_rule": rule}


def describe_model(est, n_features):
    units = [n_features] + list(est.hidden_layer_sizes) + [est.n_outputs_]
    reg = None
    if est.alpha != 0:
        reg = {"sklearn_alpha": est.alpha,
               "formula": "0.5*alpha*sum over ALL kernels of W^2 / batch_n added to the "
                          "loss; gradient alpha*W/batch_n"}
    layers = []
    for i, u in enumerate(units[1:]):
        last = i == len(units) - 2
        layers.append({"type": "dense", "units": u,
                       "activation": est.out_activation_ if last else est.activation,
                       "use_bias": True, "kernel_regularizer": reg, "bias_regularizer": None,
                       "kernel_shape": [units[i], u]})
    return {"input_dim": n_features, "layers": layers,
            "init_rule": "U(-sqrt(f/(fan_in+fan_out)), +..) for kernel THEN bias, layer by "
                         "layer, from RandomState(random_state); f=2 if activation=='logistic' "
                         "else 6 (output layer included)"}


def describe_loss(est):
    if not isinstance(est, MLPClassifier):
        return {"name": "squared_error",
                "formula": "0.5 * mean over outputs of (mean over samples of (p-y)^2)",
                "output_delta": "(p - y) / batch_n  (NOT divided by n_outputs)"}
    if est.out_activation_ == "logistic":
        return {"name": "binary_log_loss", "from_logits": False,
                "formula": "-sum over outputs of mean over samples of xlogy(y,p)+xlogy(1-y,1-p)",
                "clip": "p clipped to [eps, 1-eps], eps = np.finfo(float64).eps",
                "output_delta": "(p - y) / batch_n"}
    return {"name": "log_loss", "from_logits": False,
            "formula": "-sum over classes of mean over samples of xlogy(y,p)",
            "clip": "p clipped to [eps, 1-eps], eps = np.finfo(float64).eps",
            "output_delta": "(p - y) / batch_n"}


def run_mlp(cid, description, x, y, *, classifier=False, notes=None, **params):
    p = dict(BASE)
    p.update(params)
    cls = MLPClassifier if classifier else MLPRegressor
    est = cls(**p)
    with warnings.catch_warnings(record=True) as wlist, Recorder() as rec:
        warnings.simplefilter("always")
        est.fit(x, y)
    x = np.asarray(x, np.float64)
    n = x.shape[0]
    units = [x.shape[1]] + list(est.hidden_layer_sizes) + [est.n_outputs_]
    expected = {"final_weights": weights_list(est.coefs_, est.intercepts_),
                "n_iter_": est.n_iter_,
                "loss_": float(est.loss_),
                "warnings": sorted({f"{w.category.__name__}: {w.message}" for w in wlist})}
    if est.solver in ("sgd", "adam"):
        expected["loss_history"] = [float(v) for v in est.loss_curve_]
        expected["batch_losses_before_update"] = rec.batch_losses
        expected["t_"] = est.t_
        expected["best_loss_"] = float(est.best_loss_)
        # self-check: loss_curve_ is sum(batch_loss*batch_n)/n
        for e, bl in enumerate(rec.batch_losses):
            sizes = [min(p["batch_size"], n - i) for i in range(0, n, p["batch_size"])]
            assert len(sizes) == len(bl), (cid, sizes, bl)
            acc = 0.0
            for lb, nb in zip(bl, sizes):
                acc += lb * nb
            assert acc / n == expected["loss_history"][e], cid
    else:
        expected["loss_history"] = None

    coefs, inters, orders = replicate_draws(p["random_state"], units, est.activation, n,
                                            est.n_iter_ if p["shuffle"] else 0,
                                            p["shuffle"] and est.solver != "lbfgs")
    for a, b in zip(coefs + inters, rec.init[0] + rec.init[1]):
        assert np.array_equal(a, b), cid
    if p["shuffle"] and est.solver != "lbfgs":
        assert len(orders) == len(rec.epoch_orders)
        for a, b in zip(orders, rec.epoch_orders):
            assert np.array_equal(a, b), cid

    loop = {"kind": "sklearn_loss_curve" if est.solver != "lbfgs" else "full_batch_lbfgs",
            "batch_size": p["batch_size"], "effective_batch_size":
                int(min(200, n) if p["batch_size"] == "auto" else np.clip(p["batch_size"], 1, n)),
            "max_iter": p["max_iter"], "shuffle": p["shuffle"], "tol": p["tol"],
            "n_iter_no_change": p["n_iter_no_change"], "early_stopping": False}
    if p["shuffle"] and est.solver != "lbfgs":
        loop["epoch_row_orders"] = rec.epoch_orders
        loop["shuffle_rule"] = ("after the init draws, each epoch: perm = arange(n); "
                                "rs.shuffle(perm); order = previous_order[perm] (the SAME "
                                "RandomState that drew the weights; orders compose)")
    case = {
        "id": cid, "framework": "sklearn", "version": VERSION_STR, "dtype": "float64",
        "kind": "training", "description": description,
        "estimator": {"class": cls.__name__, "params": {k: v for k, v in est.get_params().items()}},
        "x": x, "y": np.asarray(y),
        "model": describe_model(est, x.shape[1]),
        "initial_weights": weights_list(*rec.init),
        "loss": describe_loss(est),
        "optimizer": describe_optimizer(est),
        "loop": loop, "expected": expected,
    }
    if classifier:
        case["classes_"] = est.classes_
        case["y_encoded"] = est._label_binarizer.transform(y)
    if notes:
        case["notes"] = notes
    return case


def jsonable_params(params):
    out = {}
    for k, v in params.items():
        if isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out


def split_scale_case():
    rs = np.random.RandomState(2)
    X = rs.uniform(0, 10, (10, 3))
    y = np.arange(10) * 1.5
    idx = np.arange(10)
    X_tr, X_te, y_tr, y_te, i_tr, i_te = train_test_split(X, y, idx, test_size=0.25,
                                                          random_state=0)
    perm = np.random.RandomState(0).permutation(10)
    assert np.array_equal(perm[:3], i_te) and np.array_equal(perm[3:], i_tr)
    sc = StandardScaler().fit(X_tr)
    assert np.allclose(sc.var_, X_tr.var(axis=0, ddof=0), rtol=1e-14)
    assert np.allclose(sc.scale_, np.sqrt(sc.var_), rtol=1e-15)
    return {
        "id": "skl_train_test_split_standard_scaler", "framework": "sklearn",
        "version": VERSION_STR, "dtype": "float64", "kind": "preprocessing",
        "description": "train_test_split(X, y, test_size=0.25, random_state=0) then "
                       "StandardScaler fitted on the training part; X = RandomState(2)."
                       "uniform(0,10,(10,3)), y = 1.5*arange(10)",
        "x": X, "y": y,
        "expected": {
            "n_test": len(i_te), "n_train": len(i_tr),
            "test_indices": i_te, "train_indices": i_tr,
            "rule": "perm = RandomState(0).permutation(n); test = perm[:ceil(0.25*n)]; "
                    "train = perm[n_test:]",
            "X_train": X_tr, "X_test": X_te, "y_train": y_tr, "y_test": y_te,
            "scaler_mean_": sc.mean_, "scaler_var_": sc.var_, "scaler_scale_": sc.scale_,
            "scaler_n_samples_seen_": int(sc.n_samples_seen_),
            "scaler_rule": "fit on X_train only; var_ is the population variance (ddof=0); "
                           "scale_ = sqrt(var_); transform = (X - mean_) / scale_",
            "X_train_scaled": sc.transform(X_tr), "X_test_scaled": sc.transform(X_te),
        },
    }


def logreg_case(cid, **params):
    X = np.array([[1.0, 1.0], [2.0, 2.0]])
    y = np.array([0, 1])
    est = LogisticRegression(**params)
    with warnings.catch_warnings(record=True) as wlist:
        warnings.simplefilter("always")
        est.fit(X, y)
    gp = est.get_params()
    return {
        "id": cid, "framework": "sklearn", "version": VERSION_STR, "dtype": "float64",
        "kind": "linear_model",
        "description": "CONVENTIONS experiment 2: LogisticRegression(penalty=None) on "
                       f"X=[[1,1],[2,2]], y=[0,1], params {params}",
        "estimator": {"class": "LogisticRegression", "params": gp},
        "x": X, "y": y,
        "expected": {"coef_": est.coef_, "intercept_": est.intercept_,
                     "n_iter_": est.n_iter_,
                     "predict_proba": est.predict_proba(X),
                     "decision_boundary_x1_plus_x2": (float(-est.intercept_[0] / est.coef_[0, 0])
                                                      if est.coef_[0, 0] == est.coef_[0, 1]
                                                      else None),
                     "warnings": sorted({f"{w.category.__name__}: {w.message}"
                                         for w in wlist})},
    }


def cases():
    out = []
    x, y = make_regression(20, 12, 3)
    out.append(run_mlp("skl_mlpreg_sgd_nesterov", "MLPRegressor(hidden (3,), logistic, sgd "
                       "lr 0.01 momentum 0.9 nesterov, alpha 0.5, batch 4, shuffle False, "
                       "max_iter 3, tol 0, random_state 0)", x, y))
    out.append(run_mlp("skl_mlpreg_sgd_nesterov_shuffle", "as skl_mlpreg_sgd_nesterov but "
                       "shuffle=True: init and shuffle share self._random_state", x, y,
                       shuffle=True))
    out.append(run_mlp("skl_mlpreg_sgd_alpha0", "as skl_mlpreg_sgd_nesterov with alpha=0",
                       x, y, alpha=0.0))
    for act in ("relu", "tanh", "identity"):
        out.append(run_mlp(f"skl_mlpreg_{act}", f"as skl_mlpreg_sgd_nesterov with hidden "
                           f"activation {act} (init factor 6)", x, y, activation=act))
    out.append(run_mlp("skl_mlpreg_adam", "solver adam lr 0.01 (beta 0.9/0.999, eps 1e-8)",
                       x, y, solver="adam"))
    out.append(run_mlp("skl_mlpreg_invscaling", "sgd with learning_rate='invscaling' "
                       "(power_t 0.5), lr 0.05, momentum 0.9 nesterov", x, y,
                       learning_rate="invscaling", learning_rate_init=0.05))
    out.append(run_mlp("skl_mlpreg_momentum_plain", "sgd momentum 0.9 without nesterov", x, y,
                       nesterovs_momentum=False))
    out.append(run_mlp("skl_mlpreg_early_stop_tol", "training-loss stop: tol=0.01, "
                       "n_iter_no_change=2, max_iter 200, lr 0.001 momentum 0 -> stops after "
                       "n_iter_no_change+1 epochs without an improvement > tol", x, y,
                       tol=0.01, n_iter_no_change=2, max_iter=200, learning_rate_init=0.001,
                       momentum=0.0))
    out.append(run_mlp("skl_mlpreg_lbfgs", "solver lbfgs, max_iter 50, tol 1e-4 (compare "
                       "approximately)", x, y, solver="lbfgs", max_iter=50, tol=1e-4))
    xm, ym = make_regression(21, 12, 3, k=2)
    out.append(run_mlp("skl_mlpreg_multioutput", "k=2 outputs: loss = 0.5*mean over samples "
                       "and outputs, output delta (p-y)/n not divided by k", xm, ym))
    rs = np.random.RandomState(5)
    xc = rs.uniform(-1, 1, (12, 3))
    yb = (xc[:, 0] + 0.5 * xc[:, 1] > 0).astype(int)
    out.append(run_mlp("skl_mlpclf_binary", "MLPClassifier binary (logistic output, "
                       "binary_log_loss), sgd lr 0.1", xc, yb, classifier=True,
                       learning_rate_init=0.1))
    y3 = np.argmax(xc @ np.array([[1.0, -1.0, 0.2], [0.3, 0.8, -1.0], [-0.5, 0.1, 0.9]]),
                   axis=1)
    out.append(run_mlp("skl_mlpclf_multiclass", "MLPClassifier 3 classes (softmax output, "
                       "log_loss), sgd lr 0.1", xc, y3, classifier=True,
                       learning_rate_init=0.1))
    out.append(split_scale_case())
    out.append(logreg_case("skl_logreg_two_points_lbfgs", penalty=None, solver="lbfgs",
                           max_iter=300, tol=1e-100))
    out.append(logreg_case("skl_logreg_two_points_lbfgs_default", penalty=None,
                           solver="lbfgs"))
    out.append(logreg_case("skl_logreg_two_points_sag", penalty=None, solver="sag",
                           max_iter=300, tol=1e-100, random_state=0))
    out.append(logreg_case("skl_logreg_two_points_lbfgs_C_inf", C=np.inf, solver="lbfgs",
                           max_iter=300, tol=1e-100))
    for c in out:
        if "estimator" in c:
            c["estimator"]["params"] = jsonable_params(c["estimator"]["params"])
    return out


def main():
    emit({"format": FORMAT, "framework": "sklearn", "versions": VERSIONS, "cases": cases()})


if __name__ == "__main__":
    main()
