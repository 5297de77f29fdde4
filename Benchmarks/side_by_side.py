#!/usr/bin/env python3
"""Side-by-side benchmark: the same workloads in nnspec and in PyTorch (1 and 2 threads), Keras,
scikit-learn and NumPy, interleaved, several repetitions; medians, and each engine's ratio to nnspec.

    swift build -c release --product nnspec-bench
    python3 Benchmarks/side_by_side.py [--reps 3] [--only tiny,mnist-f32,...] [--markdown OUT.md] [--json OUT.json]

Every framework is optional: one that does not import is skipped and named as skipped. Each
(engine, workload) pair runs in its own process per repetition, in the order engine by engine
inside workload inside repetition, so a slow spell of a shared machine hits every engine alike.
Each process reports its own phases, so training is timed apart from start-up (interpreter,
imports) and data loading:
  - start-up: the process's wall time less load and training;
  - load: reading MNIST from its gzip files (or generating the data) into arrays of the dtype;
  - train: what `nnspec run` does after loading — build the model, draw weights, every step or
    epoch, the final evaluation — or the framework's equivalent, after one untimed warm-up step
    (Keras traces its graph then; PyTorch warms its allocator).
Peak RSS is each process's own (`ru_maxrss`). Equal work: same data, same batches in the same
order (no shuffling), same dtype, same layer sizes, losses and optimizers.

The matrix products are timed apart (nnspec-bench's GEMM cases, and the same shapes with
`torch.matmul` and `numpy.matmul`), as GFLOP/s against the machine's peak: `nnspec-bench --peak`
measures one core's multiply-then-add throughput on registers; the peak is that times the cores.
"""

import argparse
import gzip
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MNIST = os.path.join(ROOT, "data", "mnist")
SPECS = os.path.join(HERE, "specs")

# name: (nnspec spec, units trained, unit, engines besides nnspec)
WORKLOADS = {
    "tiny": ("tiny-10-1.yaml", 5000, "step", ["torch1", "torch2", "keras", "numpy"]),
    "mnist-f32": ("mnist-784-30-10-f32.yaml", 30, "epoch", ["torch1", "torch2", "keras", "numpy"]),
    "mnist-f64": ("mnist-784-30-10-f64.yaml", 30, "epoch", ["torch1", "torch2", "keras", "numpy"]),
    "adam": ("mnist-adam-784-256-128-10.yaml", 30, "run of 30 epochs", ["torch1", "torch2", "keras"]),
    "sklearn-mlp": ("../../specs/mlp-l2-sklearn.yaml", 200, "run of 200 epochs", ["sklearn"]),
    "cnn": ("cnn-mnist-f32.yaml", 1, "epoch", ["torch1", "torch2"]),
}
TITLES = {
    "tiny": "10→1 linear, SGD, mse, batch 100: one step (float32, 5000 steps)",
    "mnist-f32": "784-30-10 sigmoid, SGD, mse: one full-batch epoch over 8000 MNIST rows, float32 (30 epochs)",
    "mnist-f64": "784-30-10 sigmoid, SGD, mse: one full-batch epoch over 8000 MNIST rows, float64 (30 epochs)",
    "adam": "784-256-128-10 ReLU/softmax, Adam, batch 128, 30 epochs over 8000 MNIST rows, float32",
    "sklearn-mlp": "experiment 1: MLPRegressor 4-10-1 logistic, SGD+Nesterov, α=1, batch 200, 200 epochs, float64",
    "cnn": "CNN conv16@3×3-pool2-conv32@3×3-pool2-dropout-dense10, Adam, batch 128: one epoch over 8000 MNIST "
           "images, float32",
}
# Keras' train_on_batch costs milliseconds: it trains the tiny net for fewer steps (per-step time).
KERAS_TINY_STEPS = 300
ENGINE_NAMES = {"nnspec1": "nnspec 1 thread", "nnspec2": "nnspec 2 threads", "torch1": "PyTorch 1 thread",
                "torch2": "PyTorch 2 threads", "keras": "Keras (TF, its threads)", "sklearn": "scikit-learn",
                "numpy": "NumPy (its BLAS)"}

# ---------------------------------------------------------------------------------------------
# Data, built the same way in every Python worker (nnspec builds its own from the spec, equal).


def mnist(dtype, rows=8000):
    import numpy as np
    with gzip.open(os.path.join(MNIST, "t10k-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)[:rows]
    with gzip.open(os.path.join(MNIST, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:rows].astype(np.int64)
    x = (x.astype(np.float64) * 0.00392156862745098).astype(dtype)
    y = np.eye(10, dtype=dtype)[labels]
    return x, y, labels


def tiny_data():
    import numpy as np
    x = np.random.RandomState(1).rand(10000, 10).astype(np.float32)
    return x, x[:, :1].copy()


def experiment1_data():
    import numpy as np
    rs = np.random.RandomState(0)
    x = rs.normal(size=(4000, 4))
    y = np.sin(x[:, 0]) + 0.5 * x[:, 1] + 0.1 * rs.normal(size=4000)
    x, y = x[:3000], y[:3000]
    x = (x - x.mean(0)) / x.std(0)
    return x, y


# ---------------------------------------------------------------------------------------------
# Workers: one (engine, workload) per process; print one JSON line.


def timed(fn):
    """Wall seconds and result of fn(); its process CPU seconds (all threads) in timed.cpu."""
    c, t = time.process_time(), time.perf_counter()
    out = fn()
    timed.cpu = time.process_time() - c
    return time.perf_counter() - t, out


def warm_then_time(train, units):
    """One untimed unit (Keras traces its graph, PyTorch warms its allocator), then `units` timed."""
    train(1)
    return timed(lambda: train(units))[0]


def worker_torch(workload, threads):
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    nn = torch.nn
    if workload == "tiny":
        load, (x, y) = timed(tiny_data)
        x, y = torch.from_numpy(x), torch.from_numpy(y)

        def train(steps):
            model = nn.Linear(10, 1)
            nn.init.zeros_(model.weight), nn.init.zeros_(model.bias)
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            loss_fn = nn.MSELoss()
            for i in range(steps):
                s = (100 * i) % 10000
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x[s:s + 100]), y[s:s + 100]).backward()
                opt.step()
        units = 5000
    elif workload in ("mnist-f32", "mnist-f64"):
        dt = np.float32 if workload == "mnist-f32" else np.float64
        load, (x, y, _) = timed(lambda: mnist(dt))
        x, y = torch.from_numpy(x), torch.from_numpy(y)

        def train(epochs):
            model = nn.Sequential(nn.Linear(784, 30), nn.Sigmoid(), nn.Linear(30, 10), nn.Sigmoid()).to(x.dtype)
            opt = torch.optim.SGD(model.parameters(), lr=3.0)
            loss_fn = nn.MSELoss()
            for _ in range(epochs):
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x), y).backward()
                opt.step()
            with torch.no_grad():
                model(x)
        units = 30
    elif workload == "adam":
        load, (x, _, labels) = timed(lambda: mnist(np.float32))
        x, t = torch.from_numpy(x), torch.from_numpy(labels)

        def train(epochs):
            model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            loss_fn = nn.CrossEntropyLoss()   # class indices: the idiomatic form
            for _ in range(epochs):
                for s in range(0, 8000, 128):
                    opt.zero_grad(set_to_none=True)
                    loss_fn(model(x[s:s + 128]), t[s:s + 128]).backward()
                    opt.step()
            with torch.no_grad():
                model(x)
        units = 30
    elif workload == "cnn":
        load, (x, _, labels) = timed(lambda: mnist(np.float32))
        x, t = torch.from_numpy(x).reshape(-1, 1, 28, 28), torch.from_numpy(labels)

        def train(epochs):
            model = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(),
                                  nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.25), nn.Linear(800, 10))
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            loss_fn = nn.CrossEntropyLoss()   # class indices: the idiomatic form
            for _ in range(epochs):
                model.train()
                for s in range(0, 8000, 128):
                    opt.zero_grad(set_to_none=True)
                    loss_fn(model(x[s:s + 128]), t[s:s + 128]).backward()
                    opt.step()
            model.eval()
            with torch.no_grad():
                model(x)
        units = 1
    else:
        raise SystemExit(f"no torch worker for {workload}")
    return load, warm_then_time(train, units)


def worker_keras(workload):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np
    import keras
    keras.utils.set_random_seed(0)
    L = keras.layers
    if workload == "tiny":
        load, (x, y) = timed(tiny_data)

        def train(steps):
            model = keras.Sequential([keras.Input((10,)), L.Dense(1, kernel_initializer="zeros")])
            model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
            for i in range(steps):
                s = (100 * i) % 10000
                model.train_on_batch(x[s:s + 100], y[s:s + 100])
        units = KERAS_TINY_STEPS
        warm = 3
    elif workload in ("mnist-f32", "mnist-f64"):
        dt = "float32" if workload == "mnist-f32" else "float64"
        keras.backend.set_floatx(dt)
        load, (x, y, _) = timed(lambda: mnist(np.dtype(dt)))

        def train(epochs):
            model = keras.Sequential([keras.Input((784,)), L.Dense(30, activation="sigmoid"), L.Dense(10, activation="sigmoid")])
            model.compile(optimizer=keras.optimizers.SGD(3.0), loss="mse")
            model.fit(x, y, batch_size=8000, epochs=epochs, shuffle=False, verbose=0)
            model.predict(x, batch_size=8000, verbose=0)
        units = 30
        warm = 1
    elif workload == "adam":
        load, (x, y, _) = timed(lambda: mnist(np.float32))

        def train(epochs):
            model = keras.Sequential([keras.Input((784,)), L.Dense(256, activation="relu"), L.Dense(128, activation="relu"),
                                      L.Dense(10, activation="softmax")])
            model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")
            model.fit(x, y, batch_size=128, epochs=epochs, shuffle=False, verbose=0)
            model.predict(x, batch_size=8000, verbose=0)
        units = 30
        warm = 1
    else:
        raise SystemExit(f"no keras worker for {workload}")
    train(warm)
    seconds, _ = timed(lambda: train(units))
    if workload == "tiny":
        # Scaled to the workload's 5000 steps (the table reports per step); the process's own
        # wall time, from which start-up is derived, saw only the steps actually run.
        timed.cpu *= 5000 / KERAS_TINY_STEPS
        return load, seconds * 5000 / KERAS_TINY_STEPS, seconds
    return load, seconds


def worker_numpy(workload):
    import numpy as np
    if workload == "tiny":
        load, (x, y) = timed(tiny_data)

        def train(steps):
            w = np.zeros((10, 1), np.float32)
            b = np.zeros(1, np.float32)
            lr = np.float32(0.01)
            for i in range(steps):
                s = (100 * i) % 10000
                xb, yb = x[s:s + 100], y[s:s + 100]
                g = (xb @ w + b - yb) * np.float32(2 / 100)   # d(mean squared error)/d(prediction)
                w -= lr * (xb.T @ g)
                b -= lr * g.sum(0)
        units = 5000
    elif workload in ("mnist-f32", "mnist-f64"):
        dt = np.float32 if workload == "mnist-f32" else np.float64
        load, (x, y, _) = timed(lambda: mnist(dt))

        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def train(epochs):
            rs = np.random.RandomState(0)
            w1 = (rs.uniform(-1, 1, (784, 30)) * np.sqrt(6 / 814)).astype(dt)
            w2 = (rs.uniform(-1, 1, (30, 10)) * np.sqrt(6 / 40)).astype(dt)
            b1, b2 = np.zeros(30, dt), np.zeros(10, dt)
            lr, n = dt(3.0), len(x)
            for _ in range(epochs):
                a1 = sigmoid(x @ w1 + b1)
                a2 = sigmoid(a1 @ w2 + b2)
                d2 = (a2 - y) * dt(2 / (n * 10)) * a2 * (1 - a2)
                d1 = (d2 @ w2.T) * a1 * (1 - a1)
                w2 -= lr * (a1.T @ d2); b2 -= lr * d2.sum(0)
                w1 -= lr * (x.T @ d1); b1 -= lr * d1.sum(0)
            sigmoid(sigmoid(x @ w1 + b1) @ w2 + b2)
        units = 30
    else:
        raise SystemExit(f"no numpy worker for {workload}")
    return load, warm_then_time(train, units)


def worker_sklearn(workload):
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor
    warnings.simplefilter("ignore", ConvergenceWarning)
    load, (x, y) = timed(experiment1_data)

    def train(epochs):
        MLPRegressor(hidden_layer_sizes=(10,), activation="logistic", solver="sgd", alpha=1.0, batch_size=200,
                     learning_rate_init=0.001, momentum=0.9, nesterovs_momentum=True, max_iter=epochs,
                     tol=0.0, n_iter_no_change=epochs + 1, random_state=0).fit(x, y)
    return load, warm_then_time(train, 200)


GEMM_SHAPES = [  # (name as nnspec-bench prints it, m, n, k, transpose A, transpose B)
    ("mnist fwd   X·W", 8000, 30, 784, False, False),
    ("mnist grad  Xᵀ·δ", 784, 30, 8000, True, False),
    ("mnist back  δ·Wᵀ", 8000, 784, 30, False, True),
    ("mnist out   H·W2", 8000, 10, 30, False, False),
    ("batch32 X·W", 32, 128, 784, False, False),
    ("adam fwd1   X·W", 128, 256, 784, False, False),
    ("adam grad1  Xᵀ·δ", 784, 256, 128, True, False),
    ("adam fwd2   H·W", 128, 128, 256, False, False),
    ("adam back2  δ·Wᵀ", 128, 256, 128, False, True),
    ("square 512", 512, 512, 512, False, False),
    ("square 1024", 1024, 1024, 1024, False, False),
    ("cnn c1 fwd  cols·K", 6760, 16, 9, False, False),
    ("cnn c1 grad colsᵀ·δ", 9, 16, 86528, True, False),
    ("cnn c2 fwd  cols·K", 363, 32, 144, False, False),
    ("cnn c2 grad colsᵀ·δ", 144, 32, 7260, True, False),
    ("cnn c2 grad tail", 144, 32, 968, True, False),
    ("cnn c2 back δ·Kᵀ", 7260, 144, 32, False, True),
]


def worker_products(engine, threads):
    """Median seconds per product for GEMM_SHAPES (float32, then float64 for the first two)."""
    import numpy as np
    if engine == "torch":
        import torch
        torch.set_num_threads(threads)
        mm = torch.matmul
        conv = torch.from_numpy
    else:
        mm = np.matmul
        conv = lambda a: a   # noqa: E731
    out = {}
    rs = np.random.RandomState(0)
    for dtype in (np.float32, np.float64):
        for name, m, n, k, ta, tb in GEMM_SHAPES if dtype == np.float32 else GEMM_SHAPES[:2]:
            a = conv(rs.uniform(-1, 1, (k, m) if ta else (m, k)).astype(dtype))
            b = conv(rs.uniform(-1, 1, (n, k) if tb else (k, n)).astype(dtype))
            a_, b_ = (a.T if ta else a), (b.T if tb else b)
            mm(a_, b_)
            inner = 1
            while True:
                t, _ = timed(lambda: [mm(a_, b_) for _ in range(inner)])
                if t > 0.02:
                    break
                inner *= 2
            samples = sorted(timed(lambda: [mm(a_, b_) for _ in range(inner)])[0] / inner for _ in range(7))
            out[("f32 " if dtype == np.float32 else "f64 ") + name] = samples[3]
    return out


def worker_main(engine, workload):
    t0 = time.perf_counter()
    if workload == "products":
        result = {"products": worker_products(engine.rstrip("12"), int(engine[-1]) if engine[-1].isdigit() else 0)}
    else:
        if engine.startswith("torch"):
            load, train = worker_torch(workload, int(engine[-1]))
        elif engine == "keras":
            load, train, *ran = worker_keras(workload)
            if ran:
                result_ran = ran[0]
        elif engine == "numpy":
            load, train = worker_numpy(workload)
        elif engine == "sklearn":
            load, train = worker_sklearn(workload)
        else:
            raise SystemExit(f"unknown engine {engine}")
        result = {"load_s": load, "train_s": train, "train_cpu_s": timed.cpu}
        if engine == "keras" and workload == "tiny":
            result["train_ran_s"] = result_ran
    result["in_process_s"] = time.perf_counter() - t0
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------
# The driver.

PYTHON_MODULE = {"torch1": "torch", "torch2": "torch", "keras": "keras", "numpy": "numpy", "sklearn": "sklearn"}


def available(module):
    try:
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, capture_output=True, timeout=300,
                       env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
        return True
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return False


def run_process(cmd, env_extra=None):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **(env_extra or {}))
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("{")][-1]
    result = json.loads(line)
    result["wall_s"] = wall
    return result, p.stdout


def run_engine(engine, workload, bench):
    if engine.startswith("nnspec"):
        spec = os.path.join(SPECS, WORKLOADS[workload][0])
        r, _ = run_process([bench, "--spec", spec, "--reps", "1"], {"NNSPEC_THREADS": engine[-1]})
        r["startup_s"] = r["wall_s"] - r["load_s"] - r["train_s"]
    else:
        r, _ = run_process([sys.executable, os.path.abspath(__file__), "--worker", engine, workload],
                           {"OMP_NUM_THREADS": engine[-1]} if engine.startswith("torch") else None)
        r["startup_s"] = r["wall_s"] - r["load_s"] - r.get("train_ran_s", r["train_s"])
    return r


GEMM_LINE = re.compile(r"^(f32|f64) (.+?)\s+(\d+)×(\d+)·(\d+)×(\d+)\s+threads (\d+)\s+([\d.]+) µs")


def nnspec_products(bench, threads):
    """nnspec-bench's GEMM cases: {"f32 name": seconds} for one thread count."""
    p = subprocess.run([bench, "--threads", str(threads), "--reps", "7", "--gemm"], capture_output=True,
                       text=True, cwd=ROOT, env=dict(os.environ))
    out = {}
    for line in p.stdout.splitlines():
        m = GEMM_LINE.match(line)
        if m:
            out[f"{m.group(1)} {m.group(2).strip()}"] = float(m.group(8)) / 1e6
    return out


def machine():
    info = {"platform": platform.platform(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", text).group(1)
        fam = re.search(r"cpu family\s*:\s*(\d+)", text).group(1)
        model = re.search(r"model\s*:\s*(\d+)", text).group(1)
        info["family_model"] = f"family {fam} model {model}"
        info["cores"] = os.cpu_count()
        flags = re.search(r"flags\s*:\s*(.*)", text).group(1).split()
        info["avx512"] = "avx512f" in flags
    except (OSError, AttributeError):
        pass
    with open("/proc/loadavg") as f:
        info["loadavg_start"] = f.read().split()[:3]
    return info


def median(xs):
    return statistics.median(xs) if xs else None


def fmt_time(seconds, unit_count, unit):
    per = seconds / unit_count
    if per < 1e-3:
        return f"{per * 1e6:.1f} µs"
    if per < 1:
        return f"{per * 1e3:.1f} ms"
    return f"{per:.2f} s"


def driver(args):
    bench = args.bench
    if not os.path.exists(bench):
        raise SystemExit(f"{bench} not found: build it with `swift build -c release --product nnspec-bench`")
    workloads = args.only.split(",") if args.only else list(WORKLOADS)
    engines_wanted = set()
    for w in workloads:
        engines_wanted.update(WORKLOADS[w][3])
    skipped = {}
    for e in sorted(engines_wanted):
        if not available(PYTHON_MODULE[e]):
            skipped[e] = f"`import {PYTHON_MODULE[e]}` failed"
    info = machine()
    peak, _ = run_process([bench, "--peak"])
    cores = info.get("cores") or 1
    info["peak_gflops_f32"] = peak["peak_gflops_per_core_f32"] * cores
    info["peak_gflops_f64"] = peak["peak_gflops_per_core_f64"] * cores
    print(f"machine: {info}", file=sys.stderr)

    results = {}   # (workload, engine) -> list of runs
    products = {}  # engine -> list of {name: seconds}
    for rep in range(args.reps):
        for w in workloads:
            for e in ["nnspec1", "nnspec2"] + [e for e in WORKLOADS[w][3] if e not in skipped]:
                try:
                    r = run_engine(e, w, bench)
                except RuntimeError as err:
                    print(f"!! {w} {e}: {err}", file=sys.stderr)
                    continue
                results.setdefault((w, e), []).append(r)
                print(f"rep {rep + 1} {w:12s} {e:8s} train {r['train_s']:.4f} s  load {r['load_s']:.3f} s  "
                      f"start-up {r['startup_s']:.3f} s  rss {r['peak_rss_mb']:.0f} MB", file=sys.stderr)
        if not args.no_products:
            for t in (1, 2):
                products.setdefault(f"nnspec{t}", []).append(nnspec_products(bench, t))
            for e in ("torch1", "torch2", "numpy"):
                if e in skipped or (e == "numpy" and not available("numpy")):
                    continue
                r, _ = run_process([sys.executable, os.path.abspath(__file__), "--worker", e, "products"],
                                   {"OMP_NUM_THREADS": e[-1]} if e.startswith("torch") else None)
                products.setdefault(e, []).append(r["products"])
            print(f"rep {rep + 1} products done", file=sys.stderr)
    with open("/proc/loadavg") as f:
        info["loadavg_end"] = f.read().split()[:3]
    md = report(workloads, results, products, skipped, info, args.reps)
    print(md)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "skipped": skipped,
                       "results": {f"{w} {e}": v for (w, e), v in results.items()},
                       "products": products}, f, indent=1)


def report(workloads, results, products, skipped, info, reps):
    lines = []
    lines.append(f"Machine: {info.get('cpu', '?')} ({info.get('family_model', '?')}), {info.get('cores')} cores, "
                 f"{info.get('platform')}; load average at start {' '.join(info['loadavg_start'])}, "
                 f"at end {' '.join(info['loadavg_end'])}. Medians of {reps} interleaved repetitions, "
                 f"one process each.")
    lines.append("")
    for w in workloads:
        spec, units, unit, _ = WORKLOADS[w]
        lines.append(f"### {TITLES[w]}")
        lines.append("")
        lines.append(f"| engine | training, per {unit} | ratio to nnspec | CPU time, per {unit} | ratio (CPU) "
                     "| data loading | start-up | peak RSS |")
        lines.append("|---|---|---|---|---|---|---|---|")
        per_unit = units if unit in ("step", "epoch") else 1
        base = [median([r["train_s"] for r in results.get((w, e), [])]) for e in ("nnspec1", "nnspec2")]
        base = min([b for b in base if b is not None], default=None)
        base_cpu = median([r["train_cpu_s"] for r in results.get((w, "nnspec1"), [])])
        for e in ["nnspec1", "nnspec2"] + WORKLOADS[w][3]:
            if e in skipped:
                lines.append(f"| {ENGINE_NAMES[e]} | skipped: {skipped[e]} | | | | | | |")
                continue
            runs = results.get((w, e), [])
            if not runs:
                continue
            t = median([r["train_s"] for r in runs])
            ratio = f"{t / base:.2f}×" if base else "—"
            cpu = median([r["train_cpu_s"] for r in runs])
            ratio_cpu = f"{cpu / base_cpu:.2f}×" if base_cpu else "—"
            lines.append(f"| {ENGINE_NAMES[e]} | {fmt_time(t, per_unit, unit)} | {ratio} | "
                         f"{fmt_time(cpu, per_unit, unit)} | {ratio_cpu} | "
                         f"{median([r['load_s'] for r in runs]) * 1e3:.0f} ms | "
                         f"{median([r['startup_s'] for r in runs]) * 1e3:.0f} ms | "
                         f"{median([r['peak_rss_mb'] for r in runs]):.0f} MB |")
        lines.append("")
    if products:
        pf, pd = info["peak_gflops_f32"], info["peak_gflops_f64"]
        lines.append(f"### Matrix products (GFLOP/s = 2·m·n·k / time; % of the {info.get('cores')}-core peak, "
                     f"{pf:.0f} GFLOP/s float32, {pd:.0f} float64)")
        lines.append("")
        engines = [e for e in ("nnspec1", "nnspec2", "torch1", "torch2", "numpy") if e in products]
        lines.append("| product | " + " | ".join(ENGINE_NAMES[e] for e in engines) + " |")
        lines.append("|---|" + "---|" * len(engines))
        names = [("f32 " + n, m, nn, k) for n, m, nn, k, _, _ in GEMM_SHAPES] + \
                [("f64 " + n, m, nn, k) for n, m, nn, k, _, _ in GEMM_SHAPES[:2]]
        for name, m, n, k in names:
            peak = pf if name.startswith("f32") else pd
            cells = []
            for e in engines:
                t = median([p[name] for p in products[e] if name in p])
                if t is None:
                    cells.append("—")
                    continue
                g = 2 * m * n * k / t / 1e9
                cells.append(f"{t * 1e6:.0f} µs, {g:.0f} ({100 * g / peak:.0f}%)")
            lines.append(f"| {name} {m}×{k}·{k}×{n} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", help="comma-separated workloads: " + ",".join(WORKLOADS))
    ap.add_argument("--bench", default=os.path.join(ROOT, ".build", "release", "nnspec-bench"))
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    ap.add_argument("--no-products", action="store_true")
    ap.add_argument("--worker", nargs=2, metavar=("ENGINE", "WORKLOAD"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker_main(*args.worker)
    else:
        driver(args)


if __name__ == "__main__":
    main()
