"""Shared helpers for the parity-fixture generator.

Every helper here is deterministic and framework-agnostic (NumPy only).
"""
import json
import math
import platform
import sys

import numpy as np

FORMAT = "nnspec-parity/1"


def _py(v):
    """Convert NumPy scalars/arrays (any float dtype) to plain Python values.

    float32 values become the float64 with exactly the same value
    (float(np.float32(v))); `repr` of that float64 round-trips, so parsing the JSON
    number as a Double and converting to Float recovers the float32 bit pattern.
    """
    if isinstance(v, np.ndarray):
        return [_py(e) for e in v.tolist()] if v.dtype == object else _py_list(v)
    if isinstance(v, (np.floating,)):
        return _float(float(v))
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, dict):
        return {str(k): _py(e) for k, e in v.items()}
    if isinstance(v, (list, tuple)):
        return [_py(e) for e in v]
    return v


def _py_list(a):
    if a.dtype.kind == "f":
        # .tolist() converts float32 elements to the exactly equal Python float.
        lst = a.astype(np.float64).tolist() if a.dtype != np.float64 else a.tolist()
    else:
        lst = a.tolist()
    return _check(lst)


def _check(x):
    if isinstance(x, list):
        return [_check(e) for e in x]
    if isinstance(x, float):
        return _float(x)
    return x


def _float(f):
    if not math.isfinite(f):
        # JSON has no NaN/Inf; we never expect one in these fixtures.
        return {"nonfinite": repr(f)}
    return f


def to_json(obj):
    return _py(obj)


def dump(path, obj):
    text = json.dumps(to_json(obj), indent=1, allow_nan=False, ensure_ascii=True)
    # json.dumps writes floats with float.__repr__ (shortest round-trip form).
    with open(path, "w") as fh:
        fh.write(text + "\n")


def uniform_init(seed, shapes, low=-0.5, high=0.5):
    """Initial weights drawn from np.random.RandomState(seed).uniform(low, high),
    in the order kernel_0, bias_0, kernel_1, bias_1, ... (shape fan_in x fan_out)."""
    rs = np.random.RandomState(seed)
    out = []
    for fan_in, fan_out in shapes:
        k = rs.uniform(low, high, (fan_in, fan_out))
        b = rs.uniform(low, high, (fan_out,))
        out.append((k, b))
    return out


def make_regression(seed, n, d, k=None, noise=0.1):
    """Small smooth regression data set from RandomState(seed) (float64)."""
    rs = np.random.RandomState(seed)
    x = rs.uniform(-1.0, 1.0, (n, d))
    if k is None:
        w = rs.uniform(-1.0, 1.0, d)
        y = np.sin(x @ w) + noise * rs.standard_normal(n)
    else:
        w = rs.uniform(-1.0, 1.0, (d, k))
        y = np.sin(x @ w) + noise * rs.standard_normal((n, k))
    return x, y


def env_versions(**extra):
    v = {"python": platform.python_version(), "numpy": np.__version__}
    v.update(extra)
    return v


def emit(obj):
    """Subprocess protocol: write the result JSON to stdout (TF logs go to stderr)."""
    sys.stdout.write(json.dumps(to_json(obj), allow_nan=False))
    sys.stdout.flush()
