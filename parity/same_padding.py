"""The same-padding experiment (specs/same-padding-*.yaml) in the real frameworks.

Keras' Conv2D(strides=2, padding="same") on 6×6 images, its usual PyTorch port Conv2d(stride=2,
padding=1), and the port with Keras' padding written out (ZeroPad2d((0, 1, 0, 1))): the same
data (NumPy's RandomState(0).rand(64, 36), target pixel (2, 2)), weights filled with 0.1, biases
0, 100 full-batch SGD steps at 0.05 on the mean squared error, in float32. Prints each run's
loss history and final parameters against the checked-in results/ and exits 1 when any differs
by more than the parity tolerance (float32: 1e-5 relative).

    /work/venv-bench/bin/python parity/same_padding.py     # needs keras (TensorFlow) and torch
"""
import json
import os
import subprocess
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS, LR, TOL = 100, 0.05, 1e-5


def data():
    x = np.random.RandomState(0).rand(64, 36)
    return x.astype(np.float32), x[:, 14:15].astype(np.float32)


def keras_run():
    import keras
    x, y = data()
    model = keras.Sequential([
        keras.Input((6, 6, 1)),
        keras.layers.Conv2D(1, 3, strides=2, padding="same", kernel_initializer=keras.initializers.Constant(0.1)),
        keras.layers.Flatten(),
        keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.1)),
    ])
    model.compile(keras.optimizers.SGD(LR), "mse")
    hist = model.fit(x.reshape(-1, 6, 6, 1), y, batch_size=64, epochs=STEPS, shuffle=False, verbose=0)
    conv, dense = model.layers[0], model.layers[2]
    params = {"conv": {"kernel": conv.kernel.numpy().reshape(9, 1), "bias": conv.bias.numpy()},
              "output": {"kernel": dense.kernel.numpy(), "bias": dense.bias.numpy()}}
    return hist.history["loss"], params


def torch_run(fixed):
    import torch
    from torch import nn
    torch.set_num_threads(1)
    x, y = data()
    conv = nn.Conv2d(1, 1, 3, stride=2, padding=0 if fixed else 1)
    linear = nn.Linear(9, 1)
    for m in (conv, linear):
        nn.init.constant_(m.weight, 0.1)
        nn.init.zeros_(m.bias)
    layers = ([nn.ZeroPad2d((0, 1, 0, 1))] if fixed else []) + [conv, nn.Flatten(), linear]
    model = nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    xt, yt = torch.from_numpy(x.reshape(-1, 1, 6, 6)), torch.from_numpy(y)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(xt), yt)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    params = {"conv": {"kernel": conv.weight.detach().numpy().reshape(9, 1), "bias": conv.bias.detach().numpy()},
              "output": {"kernel": linear.weight.detach().numpy().T, "bias": linear.bias.detach().numpy()}}
    return losses, params


def compare(name, losses, params):
    with open(os.path.join(ROOT, "results", name + ".json")) as f:
        r = json.load(f)
    ours = np.array([h["loss"] for h in r["history"]])
    theirs = np.array(losses)
    worst = float(np.max(np.abs(ours - theirs) / np.abs(theirs)))
    for layer, tensors in params.items():
        for role, value in tensors.items():
            # results hold each tensor as {"shape", "values"} in the convention's layout; with one
            # channel and one output every layout orders these values alike.
            mine = np.array(r["parameters"][layer][role]["values"], dtype=np.float64).reshape(-1)
            worst = max(worst, float(np.max(np.abs(mine - value.reshape(-1)) / np.maximum(np.abs(value.reshape(-1)), 1e-3))))
    print(f"{name}: loss {theirs[0]:.7g} → {theirs[-1]:.7g} (framework), {ours[-1]:.7g} (nnspec); "
          f"largest relative difference over the history and parameters {worst:.2e}")
    return worst <= TOL, theirs


def in_child(which):
    """One framework per process: TensorFlow and PyTorch in one process abort on LLVM's options."""
    out = subprocess.run([sys.executable, __file__, which], check=True, capture_output=True, text=True).stdout
    r = json.loads(out.splitlines()[-1])
    return r["losses"], {l: {k: np.array(v, dtype=np.float32) for k, v in t.items()} for l, t in r["params"].items()}


def child(which):
    losses, params = keras_run() if which == "keras" else torch_run(fixed=which == "torch-fixed")
    print(json.dumps({"losses": [float(v) for v in losses],
                      "params": {l: {k: v.reshape(-1).tolist() for k, v in t.items()} for l, t in params.items()}}))


def main():
    k_ok, k = compare("same-padding-keras", *in_child("keras"))
    t_ok, t = compare("same-padding-torch", *in_child("torch"))
    f_ok, f = compare("same-padding-torch-fixed", *in_child("torch-fixed"))
    ok = k_ok and t_ok and f_ok
    print(f"Keras vs PyTorch padding=1: first loss {k[0]:.7g} vs {t[0]:.7g}, last {k[-1]:.7g} vs {t[-1]:.7g}")
    print(f"Keras vs PyTorch ZeroPad2d((0, 1, 0, 1)): largest relative difference of the histories "
          f"{float(np.max(np.abs(k - f) / np.abs(k))):.2e}")
    print("agree with nnspec within 1e-5" if ok else "DIFFER from nnspec")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 2:
        child(sys.argv[1])
    else:
        sys.exit(main())
