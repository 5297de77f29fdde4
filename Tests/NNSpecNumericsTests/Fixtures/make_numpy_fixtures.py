"""Writes numpy_fixtures.json: reference results of NumPy / SciPy / scikit-learn
that NNSpecNumerics's reductions and activations must reproduce bit for bit.

    python3 make_numpy_fixtures.py   (needs numpy, scipy, scikit-learn)

Every float is stored as its IEEE bit pattern in hex (16 digits for float64,
8 for float32), so nothing is lost in JSON.
"""
import json
import os

import numpy as np
import scipy
import scipy.special
import sklearn
from sklearn.neural_network._base import inplace_softmax

rng = np.random.RandomState(20240917)


def hexbits(a):
    a = np.asarray(a)
    if a.dtype == np.float64:
        return [format(int(v), "016x") for v in a.ravel().view(np.uint64)]
    if a.dtype == np.float32:
        return [format(int(v), "08x") for v in a.ravel().view(np.uint32)]
    raise TypeError(a.dtype)


def wide(n, dtype):
    """Signed values over ~2^±12 so that summation order shows in the last bits."""
    x = rng.uniform(-1, 1, size=n) * np.exp2(rng.randint(-12, 13, size=n))
    return x.astype(dtype)


out = {
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
    "sums": [],
    "columnSums": [],
    "rowSums": [],
    "softmax": [],
    "activations": [],
}

for dtype in (np.float64, np.float32):
    name = "float64" if dtype == np.float64 else "float32"
    for n in [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 127, 128, 129, 200, 255, 256, 257, 1000, 3000]:
        x = wide(n, dtype)
        out["sums"].append({
            "dtype": name, "n": n, "x": hexbits(x),
            "sum": hexbits(np.sum(x))[0],
            "sumAxis1": hexbits(x.reshape(1, n).sum(axis=1))[0],
            "sumOfSquares": hexbits(np.sum(x * x))[0],
            "sumOfAbs": hexbits(np.sum(np.abs(x)))[0],
        })
    for (r, c) in [(37, 13), (200, 30), (1, 5)]:
        x = wide(r * c, dtype).reshape(r, c)
        out["columnSums"].append({
            "dtype": name, "rows": r, "cols": c, "x": hexbits(x),
            "sum": hexbits(x.sum(axis=0)), "mean": hexbits(np.mean(x, axis=0)),
        })
    for (r, c) in [(5, 3), (5, 10), (4, 30), (3, 150)]:
        x = wide(r * c, dtype).reshape(r, c)
        out["rowSums"].append({"dtype": name, "rows": r, "cols": c, "x": hexbits(x),
                               "sum": hexbits(x.sum(axis=1))})
    for (r, c) in [(6, 10), (4, 3), (3, 2), (2, 40)]:
        x = (rng.normal(size=(r, c)) * 8).astype(dtype)
        x[0, 0] = 700 if dtype == np.float64 else 80  # exp would overflow without the max shift
        y = x.copy()
        inplace_softmax(y)
        out["softmax"].append({"dtype": name, "rows": r, "cols": c, "x": hexbits(x), "y": hexbits(y)})
    x = np.concatenate([rng.normal(size=40) * 6, [0.0, -0.0, 1e-30, -1e-30, 50, -50, 800, -800, 1e6, -1e6]])
    x = x.astype(dtype)
    with np.errstate(over="ignore"):
        out["activations"].append({
            "dtype": name, "x": hexbits(x),
            "expit": hexbits(scipy.special.expit(x)),
            "tanh": hexbits(np.tanh(x)),
            "relu": hexbits(np.maximum(x, 0)),
            "exp": hexbits(np.exp(np.minimum(x, 80).astype(dtype))),
            "log1p": hexbits(np.log1p(np.abs(x))),
        })

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_fixtures.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", path)
