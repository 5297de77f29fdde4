"""PyTorch parity cases (CPU, eager).

Run as a separate process by generate.py; prints one JSON document to stdout.

Every case is the textbook loop, on fixed batches in row order (no DataLoader shuffle):

    for epoch in range(epochs):
        running_loss = 0.0
        for xb, yb in batches:            # rows [b*bs, min((b+1)*bs, n)), the last may be short
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)  # the batch's loss before the update
            loss.backward()
            optimizer.step()
            running_loss += loss.item()    # a Python float (float64) sum of the batch losses
        history.append(running_loss / len(batches))

`expected.loss_history` is that `running_loss / batches` (the unweighted mean of the epoch's
batch losses); `expected.step_losses` is every `loss.item()`; `expected.sample_weighted_epoch_loss`
is `Σ loss·batch_rows / n` (the other common loop, `running_loss += loss.item() * xb.size(0)`,
divided by the dataset size). With equal batches the two epoch means coincide.
"""
import math
import os
import sys

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FORMAT, emit, env_versions, make_regression, uniform_init  # noqa: E402

VERSIONS = env_versions(torch=torch.__version__)
VERSION_STR = f"torch {torch.__version__} (CPU)"

ACTIVATIONS = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "relu": nn.ReLU}


def build(d, layers, dtype):
    """nn.Sequential of nn.Linear layers, each followed by its activation module (if any)."""
    mods, linears, fan_in = [], [], d
    for spec in layers:
        lin = nn.Linear(fan_in, spec["units"], bias=True, dtype=dtype)
        mods.append(lin)
        linears.append(lin)
        if spec["activation"] != "linear":
            mods.append(ACTIVATIONS[spec["activation"]]())
        fan_in = spec["units"]
    return nn.Sequential(*mods), linears


def read_weights(linears):
    """kernel fan_in x fan_out (the transpose of torch's weight) and bias."""
    return [{"kernel": lin.weight.detach().numpy().T.copy(),
             "bias": lin.bias.detach().numpy().copy()} for lin in linears]


def describe_optimizer(opt):
    group = {k: v for k, v in opt.param_groups[0].items() if k != "params"}
    steps = []
    for p in opt.param_groups[0]["params"]:
        st = opt.state.get(p, {})
        if "step" in st:
            steps.append(float(st["step"]))
    return {"name": type(opt).__name__,
            "defaults": {k: v for k, v in opt.defaults.items()},
            "param_group": group,
            "state_step_after_training": steps[0] if steps else None,
            "implementation": "single-tensor (CPU tensors: foreach and fused are not used)"}


LOSS_NOTES = {
    "MSELoss": "mean over all n*k elements; gradient 2(p-y)/(n*k)",
    "BCEWithLogitsLoss": "mean over elements of max(x,0) - x*y + log(1+exp(-|x|)) on the "
                         "linear output; gradient (sigmoid(x)-y)/(n*k)",
    "BCELoss": "mean over elements of -(y*max(log p,-100) + (1-y)*max(log(1-p),-100)) on the "
               "sigmoid output (log clamped at -100, no probability clip); gradient w.r.t. p "
               "is (p-y)/max(p(1-p), 1e-12)/(n*k)",
    "CrossEntropyLoss": "takes logits (linear output) and integer class labels; mean over rows "
                        "of logsumexp(x) - x[label]",
}


def run_case(cid, description, x, y, layers, make_loss, make_opt, *, dtype="float32",
             batch_size=5, epochs=3, init_seed=None, y_kind="float", notes=None):
    torch.manual_seed(0)
    tdt = torch.float32 if dtype == "float32" else torch.float64
    npdt = np.float32 if dtype == "float32" else np.float64
    x = np.asarray(x, dtype=npdt)
    y = np.asarray(y, dtype=npdt) if y_kind == "float" else np.asarray(y, dtype=np.int64)
    n, d = x.shape
    model, linears = build(d, layers, tdt)
    shapes, fan_in = [], d
    for spec in layers:
        shapes.append((fan_in, spec["units"]))
        fan_in = spec["units"]
    with torch.no_grad():
        for lin, (k, b) in zip(linears, uniform_init(init_seed, shapes)):
            lin.weight.copy_(torch.from_numpy(np.asarray(k, npdt).T.copy()))
            lin.bias.copy_(torch.from_numpy(np.asarray(b, npdt)))
    init_w = read_weights(linears)
    loss_fn = make_loss()
    opt = make_opt(model.parameters())
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    batches = [[lo, min(lo + batch_size, n)] for lo in range(0, n, batch_size)]
    history, weighted, step_losses = [], [], []
    for _ in range(epochs):
        running_loss, running_weighted = 0.0, 0.0
        epoch_steps = []
        for lo, hi in batches:
            opt.zero_grad()
            loss = loss_fn(model(xt[lo:hi]), yt[lo:hi])
            loss.backward()
            opt.step()
            assert loss.dtype == tdt, (cid, loss.dtype)
            running_loss += loss.item()
            running_weighted += loss.item() * (hi - lo)
            epoch_steps.append(loss.item())
        history.append(running_loss / len(batches))
        weighted.append(running_weighted / n)
        step_losses.append(epoch_steps)

    last_act = layers[-1]["activation"]
    lname = type(loss_fn).__name__
    case = {
        "id": cid,
        "framework": "torch",
        "version": VERSION_STR,
        "dtype": dtype,
        "description": description,
        "x": x,
        "y": y,
        "y_kind": "class_index" if y_kind == "int" else "float",
        "model": {"input_dim": d, "layers": [
            {"type": "dense", "units": s["units"], "activation": s["activation"],
             "use_bias": True, "kernel_regularizer": None, "bias_regularizer": None,
             "kernel_shape": [lin.in_features, lin.out_features],
             "torch_weight_shape": list(lin.weight.shape)}
            for s, lin in zip(layers, linears)],
            "torch_modules": repr(model)},
        "initial_weights": init_w,
        "loss": {"name": lname, "reduction": loss_fn.reduction,
                 "from_logits": lname in ("BCEWithLogitsLoss", "CrossEntropyLoss"),
                 "output_activation": last_act, "note": LOSS_NOTES[lname]},
        "optimizer": describe_optimizer(opt),
        "loop": {"kind": "torch_epoch_loop", "batch_size": batch_size, "epochs": epochs,
                 "shuffle": False, "batches": batches,
                 "steps_per_epoch": len(batches), "last_partial_batch": n % batch_size != 0,
                 "order": "zero_grad, forward, loss, backward, step; loss.item() logged after step"},
        "expected": {"loss_history": history,
                     "loss_history_kind": "running_loss / batches: unweighted mean of the "
                                          "epoch's batch losses (each before its update)",
                     "sample_weighted_epoch_loss": weighted,
                     "step_losses": step_losses,
                     "final_weights": read_weights(linears)},
    }
    if notes:
        case["notes"] = notes
    return case


def init_bounds_case():
    """nn.Linear's default init (kaiming_uniform_(a=sqrt(5)) for the weight, U(+-1/sqrt(fan_in))
    for the bias): only the bounds are checkable, torch's generator is not reproduced."""
    torch.manual_seed(0)
    layers = [nn.Linear(3, 4), nn.Linear(4, 1), nn.Linear(50, 20)]
    out = []
    for lin in layers:
        fan_in = lin.in_features
        bound = 1.0 / math.sqrt(fan_in)
        w = lin.weight.detach().numpy()
        b = lin.bias.detach().numpy()
        assert np.all(np.abs(w) <= bound) and np.all(np.abs(b) <= bound)
        out.append({"fan_in": fan_in, "fan_out": lin.out_features, "bound": bound,
                    "kernel": w.T.copy(), "bias": b.copy(),
                    "max_abs_kernel": float(np.abs(w).max()),
                    "max_abs_bias": float(np.abs(b).max()),
                    "within_bounds": True})
    return {"id": "torch_linear_default_init_bounds", "framework": "torch",
            "version": VERSION_STR, "dtype": "float32", "kind": "init_bounds",
            "description": "nn.Linear default init after torch.manual_seed(0): every weight and "
                           "bias lies in [-1/sqrt(fan_in), 1/sqrt(fan_in)] (kaiming_uniform_ "
                           "with a=sqrt(5) gives gain sqrt(1/3), bound gain*sqrt(3/fan_in)). "
                           "Values are recorded for reference only: torch's generator is not "
                           "reproduced, so only the bounds are checked.",
            "layers": out}


def L(units, activation="linear"):
    return {"units": units, "activation": activation}


def cases():
    out = []
    optim = torch.optim
    x, y = make_regression(0, 10, 3)
    y = y.reshape(-1, 1)
    net = [L(4, "tanh"), L(1)]
    mse = nn.MSELoss

    def reg(cid, desc, make_opt, dtype="float32", **k):
        out.append(run_case(cid, desc, x, y, net, mse, make_opt, dtype=dtype, init_seed=11, **k))

    reg("torch_sgd_mse", "MSELoss, SGD lr 0.05, 3-4(tanh)-1, n 10, batch 5, 3 epochs",
        lambda p: optim.SGD(p, lr=0.05))
    reg("torch_sgd_mse_float64", "MSELoss, SGD lr 0.05 (float64 variant)",
        lambda p: optim.SGD(p, lr=0.05), dtype="float64")
    reg("torch_sgd_momentum", "MSELoss, SGD lr 0.05 momentum 0.9 (buf = g on the first step, "
        "then 0.9 buf + g)", lambda p: optim.SGD(p, lr=0.05, momentum=0.9))
    reg("torch_sgd_nesterov", "MSELoss, SGD lr 0.05 momentum 0.9 nesterov: step g + 0.9 buf",
        lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True))
    reg("torch_sgd_dampening", "MSELoss, SGD lr 0.05 momentum 0.9 dampening 0.5: buf <- 0.9 "
        "buf + 0.5 g after the first step (buf = g, undamped)",
        lambda p: optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.5))
    reg("torch_sgd_weight_decay", "MSELoss, SGD lr 0.05 weight_decay 0.1: g <- g + 0.1 W on "
        "every parameter, biases included (coupled)",
        lambda p: optim.SGD(p, lr=0.05, weight_decay=0.1))
    reg("torch_adam", "MSELoss, Adam lr 0.01 (betas 0.9/0.999, eps 1e-8 added to sqrt(v_hat))",
        lambda p: optim.Adam(p, lr=0.01))
    reg("torch_adamw", "MSELoss, AdamW lr 0.01, default weight_decay 0.01: W <- W(1 - lr wd) "
        "on every parameter before the Adam step (decoupled)",
        lambda p: optim.AdamW(p, lr=0.01))
    reg("torch_rmsprop", "MSELoss, RMSprop lr 0.01 (alpha 0.99, eps 1e-8 outside the sqrt)",
        lambda p: optim.RMSprop(p, lr=0.01))
    reg("torch_adagrad", "MSELoss, Adagrad lr 0.1 (initial accumulator 0, eps 1e-10 outside "
        "the sqrt, lr_decay 0)", lambda p: optim.Adagrad(p, lr=0.1))
    out.append(run_case(
        "torch_partial_batch", "MSELoss, SGD lr 0.05, n 10, batch 4: batches of 4, 4, 2; "
        "running_loss / 3 is the unweighted mean, not the sample-weighted one",
        x, y, net, mse, lambda p: optim.SGD(p, lr=0.05), batch_size=4, init_seed=14))

    # classification
    rs = np.random.RandomState(5)
    xc = rs.uniform(-1, 1, (10, 3))
    yb = (xc[:, 0] + 0.5 * xc[:, 1] > 0).astype(np.float64).reshape(-1, 1)
    out.append(run_case(
        "torch_bce_with_logits", "BCEWithLogitsLoss on a linear output, SGD lr 0.1",
        xc, yb, [L(4, "tanh"), L(1)], nn.BCEWithLogitsLoss, lambda p: optim.SGD(p, lr=0.1),
        init_seed=12))
    out.append(run_case(
        "torch_bce_sigmoid", "BCELoss after nn.Sigmoid, SGD lr 0.1 (probabilities away from "
        "0 and 1: the -100 log clamp does not act)",
        xc, yb, [L(4, "tanh"), L(1, "sigmoid")], nn.BCELoss, lambda p: optim.SGD(p, lr=0.1),
        init_seed=12))
    y3 = np.argmax(xc @ np.array([[1.0, -1.0, 0.2], [0.3, 0.8, -1.0], [-0.5, 0.1, 0.9]]), axis=1)
    out.append(run_case(
        "torch_cross_entropy", "CrossEntropyLoss on logits (linear output, k 3), integer "
        "labels, SGD lr 0.1", xc, y3, [L(4, "tanh"), L(3)], nn.CrossEntropyLoss,
        lambda p: optim.SGD(p, lr=0.1), init_seed=13, y_kind="int"))
    out.append(init_bounds_case())
    return out


def main():
    emit({"format": FORMAT, "framework": "torch", "versions": VERSIONS, "cases": cases()})


if __name__ == "__main__":
    main()
