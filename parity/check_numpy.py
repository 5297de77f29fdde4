#!/usr/bin/env python3
"""Independent NumPy (float64) re-implementation of every training fixture.

Reads parity/fixtures/*.json and replays each case from its initial weights with the
formulas documented in parity/README.md, then compares with what the real framework
recorded. This proves the fixtures are self-describing (everything needed is in the
JSON) and pins down the semantics the Swift side must reproduce. float32 frameworks are
compared with a relative tolerance; float64 ones must agree to ~1e-12.

Usage: python3 parity/check_numpy.py   (NumPy only; exit status 1 on a mismatch)
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


ACT = {
    "linear": (lambda z: z, lambda z, a: np.ones_like(z)),
    "identity": (lambda z: z, lambda z, a: np.ones_like(z)),
    "tanh": (np.tanh, lambda z, a: 1 - a * a),
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(float)),
    "softplus": (lambda z: np.logaddexp(0, z), lambda z, a: sigmoid(z)),
    "sigmoid": (sigmoid, lambda z, a: a * (1 - a)),
    "logistic": (sigmoid, lambda z, a: a * (1 - a)),
}


# ---------------------------------------------------------------------------------- keras

def reg_pen_grad(spec, w):
    if spec is None:
        return 0.0, 0.0
    if "l2" in spec:
        l2 = spec.get("l2_effective", spec["l2"])
        return l2 * np.sum(w * w), 2 * l2 * w
    return 0.5 * spec["alpha"] * np.sum(w * w), spec["alpha"] * w


def keras_loss_grad(case, W, B, xb, yb):
    layers = case["model"]["layers"]
    a, zs, acts = xb, [], [xb]
    for (w, b), L in zip(zip(W, B), layers):
        z = a @ w + b
        zs.append(z)
        name = L["activation"]
        a = z if name in ("softmax",) else ACT[name][0](z)
        if name == "softmax":
            a = softmax(z)
        acts.append(a)
    z, p = zs[-1], acts[-1]
    n, k = p.shape
    lname = case["loss"]["name"]
    if lname == "mean_squared_error":
        y = yb.reshape(n, -1)
        loss = np.mean(np.mean((p - y) ** 2, axis=1))
        dz = 2 * (p - y) / (n * k)  # output activation is linear in these cases
    elif lname == "binary_crossentropy":
        y = yb.reshape(n, -1)
        # from_logits=True, or a sigmoid output whose cached logits Keras uses
        per = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        loss = np.mean(np.mean(per, axis=1))
        dz = (sigmoid(z) - y) / (n * k)
    elif lname in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        y = yb if lname == "categorical_crossentropy" else np.eye(k)[yb.astype(int)]
        logp = z - z.max(axis=1, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
        loss = np.mean(-np.sum(y * logp, axis=1))
        dz = (softmax(z) - y) / n
    else:
        raise ValueError(lname)
    gW, gB = [None] * len(W), [None] * len(W)
    for i in range(len(W) - 1, -1, -1):
        L = layers[i]
        pk, gk = reg_pen_grad(L["kernel_regularizer"], W[i])
        pb, gb = reg_pen_grad(L["bias_regularizer"], B[i])
        loss += pk + pb
        gW[i] = acts[i].T @ dz + gk
        gB[i] = dz.sum(axis=0) + gb
        if i > 0:
            da = dz @ W[i].T
            dz = da * ACT[layers[i - 1]["activation"]][1](zs[i - 1], acts[i])
    return loss, gW, gB


class KerasOpt:
    def __init__(self, desc):
        self.d = desc
        self.cfg = desc["config"]
        self.name = desc["name"]
        self.state = {}
        self.t = 0
        # Keras/TF: hyperparameters that pass through a float32 tensor
        self.r = desc.get("float32_rounded_hyperparameters", {})

    def lr(self):
        if "learning_rate_schedule" in self.d:
            c = self.d["learning_rate_schedule"]["config"]
            f = np.float32  # the schedule is evaluated in float32
            return float(f(c["initial_learning_rate"]) / (f(1) + f(c["decay_rate"]) * (
                f(self.t) / f(c["decay_steps"]))))
        return self.d["learning_rate_variable_value"]

    def step(self, params, grads):
        lr, c = self.lr(), self.cfg
        if c.get("weight_decay"):
            wd = self.r.get("weight_decay", c["weight_decay"])
            for p in params:
                p -= p * wd * lr
        for i, (p, g) in enumerate(zip(params, grads)):
            st = self.state.setdefault(i, {})
            if self.name == "SGD":
                if c["momentum"]:
                    mu = self.r.get("momentum", c["momentum"])
                    m = st.get("m", np.zeros_like(p))
                    m = m * mu - g * lr
                    st["m"] = m
                    p += (m * mu - g * lr) if c["nesterov"] else m
                else:
                    p -= lr * g
            elif self.name in ("Adam", "AdamW"):
                m = st.get("m", np.zeros_like(p)); v = st.get("v", np.zeros_like(p))
                t = self.t + 1
                b1p = self.r.get("beta_1_power_base", c["beta_1"]) ** t
                b2p = self.r.get("beta_2_power_base", c["beta_2"]) ** t
                alpha = lr * np.sqrt(1 - b2p) / (1 - b1p)
                m = m + (g - m) * (1 - c["beta_1"]); v = v + (g * g - v) * (1 - c["beta_2"])
                st["m"], st["v"] = m, v
                p -= alpha * m / (np.sqrt(v) + c["epsilon"])
            elif self.name == "RMSprop":
                v = st.get("v", np.zeros_like(p))
                v = c["rho"] * v + (1 - c["rho"]) * g * g
                st["v"] = v
                p -= lr * g / np.sqrt(v + c["epsilon"])
            elif self.name == "Adagrad":
                acc = st.get("acc", np.full_like(
                    p, self.r.get("initial_accumulator_value", c["initial_accumulator_value"])))
                acc = acc + g * g
                st["acc"] = acc
                p -= lr * g / np.sqrt(acc + c["epsilon"])
            else:
                raise ValueError(self.name)
        self.t += 1


def replay_keras(case):
    x = np.array(case["x"], float)
    y = np.array(case["y"], float)
    W = [np.array(l["kernel"], float) for l in case["initial_weights"]]
    B = [np.array(l["bias"], float) for l in case["initial_weights"]]
    opt = KerasOpt(case["optimizer"])
    loop = case["loop"]
    n = len(x)
    hist = []
    if loop["kind"] == "fit_epoch_mean":
        bs = loop["batch_size"]
        for _ in range(loop["epochs"]):
            tot = 0.0
            for lo in range(0, n, bs):
                xb, yb = x[lo:lo + bs], y[lo:lo + bs]
                loss, gW, gB = keras_loss_grad(case, W, B, xb, yb)
                tot += loss * len(xb)
                opt.step(W + B, gW + gB)
            hist.append(tot / n)
    else:
        for lo, hi in loop["batches"]:
            loss, gW, gB = keras_loss_grad(case, W, B, x[lo:hi], y[lo:hi])
            hist.append(loss)
            opt.step(W + B, gW + gB)
    return hist, W, B


# -------------------------------------------------------------------------------- sklearn

def replay_sklearn(case):
    x = np.array(case["x"], float)
    if "y_encoded" in case:
        y = np.array(case["y_encoded"], float)
    else:
        y = np.array(case["y"], float)
    if y.ndim == 1:
        y = y.reshape(-1, 1)
    W = [np.array(l["kernel"], float) for l in case["initial_weights"]]
    B = [np.array(l["bias"], float) for l in case["initial_weights"]]
    params = case["estimator"]["params"]
    layers = case["model"]["layers"]
    alpha = params["alpha"]
    hid = ACT[params["activation"]]
    # scikit-learn's DERIVATIVES use the activation value only (relu: a > 0)
    dact = {"identity": lambda a: 1.0, "relu": lambda a: (a > 0).astype(float),
            "tanh": lambda a: 1 - a * a, "logistic": lambda a: a * (1 - a)}[params["activation"]]
    out_act = layers[-1]["activation"]
    solver = params["solver"]
    n = len(x)
    bs = case["loop"]["effective_batch_size"]
    orders = case["loop"].get("epoch_row_orders")
    vel = [np.zeros_like(p) for p in W + B]
    ms = [np.zeros_like(p) for p in W + B]
    vs = [np.zeros_like(p) for p in W + B]
    t_adam = 0
    lr = params["learning_rate_init"]
    hist = []
    t_samples = 0
    best, no_improve = np.inf, 0
    for ep in range(params["max_iter"]):
        idx = np.array(orders[ep]) if orders else np.arange(n)
        acc = 0.0
        for lo in range(0, n, bs):
            bi = idx[lo:lo + bs]
            xb, yb = x[bi], y[bi]
            nb = len(xb)
            acts = [xb]
            for i, (w, b) in enumerate(zip(W, B)):
                z = acts[-1] @ w + b
                if i < len(W) - 1:
                    acts.append(hid[0](z))
                elif out_act == "identity":
                    acts.append(z)
                elif out_act == "logistic":
                    acts.append(sigmoid(z))
                else:
                    acts.append(softmax(z))
            p = acts[-1]
            if case["loss"]["name"] == "squared_error":
                loss = 0.5 * np.mean(np.mean((y[bi] - p) ** 2, axis=0))
            else:
                eps = np.finfo(float).eps
                pc = np.clip(p, eps, 1 - eps)
                if case["loss"]["name"] == "binary_log_loss":
                    loss = -np.sum(np.mean(yb * np.log(pc) + (1 - yb) * np.log(1 - pc), axis=0))
                else:
                    loss = -np.sum(np.mean(yb * np.log(pc), axis=0))
            loss += 0.5 * alpha * sum(np.sum(w * w) for w in W) / nb
            acc += loss * nb
            delta = p - yb
            gW, gB = [None] * len(W), [None] * len(W)
            for i in range(len(W) - 1, -1, -1):
                gW[i] = (acts[i].T @ delta + alpha * W[i]) / nb
                gB[i] = delta.sum(axis=0) / nb
                if i > 0:
                    delta = (delta @ W[i].T) * dact(acts[i])
            grads = gW + gB
            if solver == "sgd":
                mu = params["momentum"]
                upd = [mu * v - lr * g for v, g in zip(vel, grads)]
                vel = upd
                if params["nesterovs_momentum"]:
                    upd = [mu * v - lr * g for v, g in zip(vel, grads)]
            else:
                t_adam += 1
                b1, b2 = params["beta_1"], params["beta_2"]
                ms = [b1 * m + (1 - b1) * g for m, g in zip(ms, grads)]
                vs = [b2 * v + (1 - b2) * g * g for v, g in zip(vs, grads)]
                lr_t = lr * np.sqrt(1 - b2 ** t_adam) / (1 - b1 ** t_adam)
                upd = [-lr_t * m / (np.sqrt(v) + params["epsilon"]) for m, v in zip(ms, vs)]
            for prm, u in zip(W + B, upd):
                prm += u
        hist.append(acc / n)
        t_samples += n
        # scikit-learn's stopping rule (_update_no_improvement_count, early_stopping=False)
        if hist[-1] > best - params["tol"]:
            no_improve += 1
        else:
            no_improve = 0
        best = min(best, hist[-1])
        if solver == "sgd" and params["learning_rate"] == "invscaling":
            lr = params["learning_rate_init"] / (t_samples + 1) ** params["power_t"]
        if no_improve > params["n_iter_no_change"]:
            break
    assert len(hist) == case["expected"]["n_iter_"], (case["id"], len(hist))
    return hist, W, B


def sklearn_full_loss(case):
    """Full-batch loss at the recorded final weights (for lbfgs: compare with loss_)."""
    c = dict(case)
    c["initial_weights"] = case["expected"]["final_weights"]
    x = np.array(case["x"], float)
    y = np.array(case["y"], float).reshape(len(x), -1)
    params = case["estimator"]["params"]
    W = [np.array(l["kernel"], float) for l in c["initial_weights"]]
    B = [np.array(l["bias"], float) for l in c["initial_weights"]]
    a = x
    for i, (w, b) in enumerate(zip(W, B)):
        a = a @ w + b
        if i < len(W) - 1:
            a = ACT[params["activation"]][0](a)
    return 0.5 * np.mean(np.mean((y - a) ** 2, axis=0)) + \
        0.5 * params["alpha"] * sum(np.sum(w * w) for w in W) / len(x)


# ------------------------------------------------------------------------------------ tf1

def replay_tf1(case, X=None, y=None):
    """float64 replay; the real program rounds loss and gradients to float32."""
    if X is None:
        X = np.array(case["x"], float)
        y = np.array(case["y"], float)
    y = y.reshape(-1)
    W = np.array(case["initial_weights"][0]["kernel"], float)
    b = np.array(case["initial_weights"][0]["bias"], float)
    lr = case["optimizer"]["config"]["learning_rate"]
    broadcast = case["loss"]["labels_shape"] == "(n,)"
    loop = case["loop"]
    batches = loop.get("batches") or [[(100 * s) % 10000, (100 * s) % 10000 + 100]
                                      for s in range(loop["steps"])]
    hist = []
    for lo, hi in batches:
        xb, yb = X[lo:hi], y[lo:hi]
        p = (xb @ W + b).reshape(-1)
        nb = len(xb)
        if broadcast:
            d = p[:, None] - yb[None, :]
            hist.append(np.mean(d * d))
            dp = 2 * d.sum(axis=1) / (nb * nb)
        else:
            hist.append(np.mean((p - yb) ** 2))
            dp = 2 * (p - yb) / nb
        W = W - lr * (xb.T @ dp).reshape(-1, 1)
        b = b - lr * dp.sum(keepdims=True)
    return hist, [W], [b]


# -------------------------------------------------------------------------------- compare

def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-3, np.abs(b)))) if a.size else 0.0


def compare(cid, hist, W, B, expected_hist, final, tol):
    e_h = rel(hist, expected_hist)
    e_w = max(rel(np.concatenate([w.ravel(), b.ravel()]),
                  np.concatenate([np.ravel(f["kernel"]), np.ravel(f["bias"])]))
              for w, b, f in zip(W, B, final))
    ok = e_h <= tol and e_w <= tol
    print(f"{'ok  ' if ok else 'FAIL'} {cid:44s} loss rel.err {e_h:.2e}  weights rel.err "
          f"{e_w:.2e}  (tol {tol:.0e})")
    return ok


def main():
    ok = True
    keras = json.load(open(os.path.join(FIX, "keras.json")))
    for c in keras["cases"]:
        hist, W, B = replay_keras(c)
        tol = 1e-13 if c["dtype"] == "float64" else 2e-4
        ok &= compare(c["id"], hist, W, B, c["expected"]["loss_history"],
                      c["expected"]["final_weights"], tol)
    sk = json.load(open(os.path.join(FIX, "sklearn.json")))
    for c in sk["cases"]:
        if c.get("kind") != "training":
            continue
        if c["estimator"]["params"]["solver"] == "lbfgs":
            e = abs(sklearn_full_loss(c) - c["expected"]["loss_"]) / c["expected"]["loss_"]
            print(f"{'ok  ' if e < 1e-12 else 'FAIL'} {c['id']:44s} loss_ at final weights "
                  f"rel.err {e:.2e}")
            ok &= e < 1e-12
            continue
        hist, W, B = replay_sklearn(c)
        ok &= compare(c["id"], hist, W, B, c["expected"]["loss_history"],
                      c["expected"]["final_weights"], 1e-13)
    tf1 = json.load(open(os.path.join(FIX, "tf1.json")))
    for c in tf1["cases"]:
        hist, W, B = replay_tf1(c)
        ok &= compare(c["id"], hist, W, B, c["expected"]["loss_history"],
                      c["expected"]["final_weights"], 1e-5)
    exp = json.load(open(os.path.join(FIX, "experiments.json")))
    X = np.random.RandomState(1).rand(10000, 10)
    y = X[:, 0]
    for c in exp["cases"]:
        if c["framework"] == "tf1":
            hist, W, B = replay_tf1(c, X, y)
        else:
            c2 = dict(c)
            c2["x"], c2["y"] = X.astype(np.float32), y.astype(np.float32)
            c2["loop"] = dict(c["loop"], kind="train_on_batch",
                              batches=[[(100 * s) % 10000, (100 * s) % 10000 + 100]
                                       for s in range(c["loop"]["steps"])])
            hist, W, B = replay_keras(c2)
        steps = c["expected"]["log_steps"]
        ok &= compare(c["id"], [hist[s] for s in steps], W, B,
                      c["expected"]["batch_loss_before_update"],
                      c["expected"]["final_weights"], 2e-3)
    print("all fixtures reproduced" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
