#!/usr/bin/env python3
"""Generate the NumPy / scikit-learn parity fixtures for NNSpecData.

Writes, under Tests/NNSpecDataTests/Fixtures/:
  * data_fixtures.json — NumPy's and scikit-learn's own output for what nnspec's
    data section reproduces: RandomState(1).rand(10000, 10) (digest, head and tail),
    generators drawn from one RandomState in the order a spec writes them,
    np.linspace / np.arange, np.sum (pairwise) sums, train_test_split followed by
    StandardScaler / MinMaxScaler, and the bump experiment's arrays;
  * npy/*.npy — small .npy files in every header version and dtype the reader supports,
    and ones it must refuse (Fortran order, 3-D, big header versions, structured).

The Swift tests (Tests/NNSpecDataTests) replay every case through nnspec specs and compare
bit for bit; `swift test` never runs Python.

Encoding: a float64 is its IEEE-754 bit pattern as 16 lowercase hex digits (so it
round-trips exactly); the 10000x10 matrix is summarized by FNV-1a 64 over the
little-endian bytes of its values in C order (the Swift test computes the same digest).

Usage:  python3 parity/data_fixtures.py   (from the repository root; needs numpy and
scikit-learn: pip install numpy scikit-learn)
"""
import json
import pathlib
import platform
import struct

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "NNSpecDataTests" / "Fixtures"
OUT = FIXTURES / "data_fixtures.json"
NPY = FIXTURES / "npy"


def fbits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def fvec(a):
    return [fbits(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def fnv1a64(a):
    h = 0xcbf29ce484222325
    for b in np.ascontiguousarray(a, dtype="<f8").tobytes():
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": fvec(a)}


def big_rand():
    a = np.random.RandomState(1).rand(10000, 10)
    return {"seed": 1, "shape": [10000, 10], "fnv1a64": fnv1a64(a),
            "head": fvec(a.ravel()[:20]), "tail": fvec(a.ravel()[-20:])}


def draw_order():
    """Arrays a spec writes as data.arrays a, b, then inputs, then targets."""
    rs = np.random.RandomState(42)
    a = rs.rand(4, 2)
    b = rs.normal(0.5, 2.0, (3,))     # odd count: leaves a cached Gaussian
    X = rs.normal(-1.0, 0.25, (4, 3))  # starts with the cached one
    y = rs.randint(0, 5, (4,))
    u = rs.uniform(-2.0, 3.0, (2, 2))
    return {"seed": 42, "a": arr(a), "b": arr(b), "X": arr(X), "y": arr(y), "u": arr(u)}


LINSPACE = [
    (0.0, 10.0, 100, True), (11.0, 20.0, 100, True), (21.0, 30.0, 100, True),
    (0.0, 1.0, 7, False), (-3.3, 7.7, 13, True), (2.5, -1.25, 6, False),
    (5.0, 5.0, 1, True), (1.0, 2.0, 1, False), (0.0, 5e-324, 3, True),
    (0.1, 0.7, 50, True), (-1e6, 1e-3, 33, False),
]
ARANGE = [(0.0, 1.0, 0.1), (-2.5, 3.7, 0.3), (10.0, 0.0, -1.5), (0.0, 10.0, 1.0), (0.1, 2.9, 0.7)]


def sums():
    """np.sum of vectors and np.sum(axis=0) of matrices drawn from RandomState(5).normal(0, 1000)."""
    out = []
    for n in [1, 5, 8, 9, 16, 127, 128, 129, 136, 300, 1000, 4099]:
        v = np.random.RandomState(5).normal(0.0, 1000.0, n)
        out.append({"shape": [n], "sum": [fbits(np.sum(v))]})
    for (n, k) in [(300, 1), (1000, 1), (37, 3), (500, 2)]:
        m = np.random.RandomState(5).normal(0.0, 1000.0, (n, k))
        out.append({"shape": [n, k], "sum": fvec(np.sum(m, axis=0))})
    return out


# Split-and-scale cases. Each names the YAML the Swift test writes for data.arrays (drawn
# from RandomState(seed) in order) and the Python that computes the same thing.
def split_cases():
    cases = []

    def add(name, seed, arrays_yaml, X, y, split, steps):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        case = {"name": name, "seed": seed, "arrays": arrays_yaml, "split": split, "steps": steps}
        if split["kind"] == "train_test_split":
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=split["test_size"],
                                                  random_state=split["random_state"],
                                                  shuffle=split["shuffle"])
        else:
            Xtr, Xte, ytr, yte = X, None, y, None
        fitted = []
        for step in steps:
            which = step["apply_to"]
            if step["kind"] == "standardize":
                sc = StandardScaler()
            else:
                sc = MinMaxScaler(feature_range=(step["low"], step["high"]))
            tr = Xtr if which == "inputs" else ytr
            te = Xte if which == "inputs" else yte
            tr2 = tr if tr.ndim == 2 else tr.reshape(-1, 1)
            sc.fit(tr2)
            new_tr = sc.transform(tr2).reshape(tr.shape)
            new_te = None if te is None else sc.transform(te if te.ndim == 2 else te.reshape(-1, 1)).reshape(te.shape)
            if step["kind"] == "standardize":
                fitted.append({"mean": fvec(sc.mean_), "var": fvec(sc.var_), "scale": fvec(sc.scale_)})
            else:
                fitted.append({"scale": fvec(sc.scale_), "min": fvec(sc.min_)})
            if which == "inputs":
                Xtr, Xte = new_tr, new_te
            else:
                ytr, yte = new_tr, new_te
        case["fitted"] = fitted
        case["train_inputs"] = arr(Xtr)
        case["train_targets"] = arr(ytr)
        if Xte is not None:
            case["test_inputs"] = arr(Xte)
            case["test_targets"] = arr(yte)
        cases.append(case)

    # The brief's case: uniform and normal matrices 50x3, train_test_split(random_state=0), StandardScaler.
    rs = np.random.RandomState(0)
    X = rs.uniform(-5.0, 10.0, (50, 3))
    y = rs.normal(2.0, 3.0, (50,))
    add("uniform 50x3, normal targets, train_test_split(random_state=0), StandardScaler", 0,
        {"X": "{uniform: {shape: [50, 3], low: -5.0, high: 10.0}}",
         "y": "{normal: {shape: 50, loc: 2.0, scale: 3.0}}"},
        X, y, {"kind": "train_test_split", "test_size": 0.25, "random_state": 0, "shuffle": True},
        [{"kind": "standardize", "apply_to": "inputs"}])

    # One column of 1000: the sums are pairwise (n_train = 800 > 128).
    rs = np.random.RandomState(3)
    X = rs.normal(5.0, 2.0, (1000, 1))
    y = rs.randint(0, 3, (1000,))
    add("normal 1000x1, pairwise sums, test_size 0.2, random_state 42", 3,
        {"X": "{normal: {shape: [1000, 1], loc: 5.0, scale: 2.0}}",
         "y": "{randint: {shape: 1000, low: 0, high: 3}}"},
        X, y, {"kind": "train_test_split", "test_size": 0.2, "random_state": 42, "shuffle": True},
        [{"kind": "standardize", "apply_to": "inputs"}])

    # A near-constant column (0.1 repeated): its variance is not exactly 0, but
    # _is_constant_feature catches it and the scale is 1.
    rs = np.random.RandomState(11)
    A = rs.uniform(0.0, 1.0, (40, 2))
    X = np.concatenate([A, np.repeat([[0.1]], 40, axis=0)], axis=1)
    y = rs.uniform(0.0, 1.0, (40, 1))
    add("constant column keeps scale 1", 11,
        {"A": "{uniform: {shape: [40, 2]}}",
         "X": "{concat: {of: [A, {repeat: {of: [[0.1]], times: 40}}], axis: 1}}",
         "y": "{uniform: {shape: [40, 1]}}"},
        X, y, {"kind": "train_test_split", "test_size": 0.25, "random_state": 5, "shuffle": True},
        [{"kind": "standardize", "apply_to": "inputs"}, {"kind": "standardize", "apply_to": "targets"}])

    # MinMaxScaler to [-1, 1], unshuffled split; targets standardized as a column.
    rs = np.random.RandomState(7)
    X = rs.normal(0.0, 10.0, (60, 4))
    y = rs.uniform(-3.0, 3.0, (60, 1))
    add("MinMaxScaler(-1, 1) after an unshuffled split", 7,
        {"X": "{normal: {shape: [60, 4], loc: 0.0, scale: 10.0}}",
         "y": "{uniform: {shape: [60, 1], low: -3.0, high: 3.0}}"},
        X, y, {"kind": "train_test_split", "test_size": 0.3, "random_state": 0, "shuffle": False},
        [{"kind": "minmax", "apply_to": "inputs", "low": -1.0, "high": 1.0},
         {"kind": "standardize", "apply_to": "targets"}])
    return cases


def bump():
    x = np.concatenate([np.linspace(0, 10, 100), np.linspace(11, 20, 100), np.linspace(21, 30, 100)])
    y = np.concatenate([np.repeat(0, 100), np.repeat(1, 100), np.repeat(0, 100)])
    sc = StandardScaler().fit(x.reshape(-1, 1))
    return {"x": fvec(x), "y": fvec(y), "x_standardized": fvec(sc.transform(x.reshape(-1, 1))),
            "mean": fbits(sc.mean_[0]), "scale": fbits(sc.scale_[0])}


def npy_files():
    NPY.mkdir(parents=True, exist_ok=True)
    f32 = np.array([[1.5, -2.25], [3.1, 1e-8], [np.float32(np.pi), -0.0]], dtype="<f4")
    np.save(NPY / "float32_3x2.npy", f32)
    np.save(NPY / "uint8_5.npy", np.array([0, 1, 127, 128, 255], dtype="|u1"))
    np.save(NPY / "int64_2x3.npy", np.array([[-3, 0, 7], [2**40, -2**53, 1]], dtype="<i8"))
    np.save(NPY / "int32_4.npy", np.array([-1, 0, 5, 2**31 - 1], dtype="<i4"))
    f64 = np.random.RandomState(9).normal(size=(4, 3))
    np.save(NPY / "float64_4x3.npy", f64)
    with open(NPY / "float64_4x3_v2.npy", "wb") as fh:
        np.lib.format.write_array(fh, f64, version=(2, 0))
    with open(NPY / "float64_4x3_v3.npy", "wb") as fh:
        np.lib.format.write_array(fh, f64, version=(3, 0))
    np.save(NPY / "bigendian_f8_3.npy", np.array([1.0, -2.5, 3e100], dtype=">f8"))
    np.save(NPY / "fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)))
    np.save(NPY / "rank3.npy", np.zeros((2, 2, 2)))
    np.save(NPY / "structured.npy", np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")]))
    np.save(NPY / "float16_2.npy", np.array([1, 2], dtype="<f2"))
    return {"float32_3x2": arr(f32.astype(np.float64)), "float64_4x3": arr(f64),
            "int64_2x3": arr(np.array([[-3, 0, 7], [2**40, -2**53, 1]], dtype=np.float64))}


def main():
    fixtures = {
        "generator": {"numpy": np.__version__, "scikit-learn": sklearn.__version__,
                      "python": platform.python_version(), "machine": platform.machine()},
        "rand_1_10000x10": big_rand(),
        "draw_order": draw_order(),
        "linspace": [{"start": fbits(a), "stop": fbits(b), "num": n, "endpoint": e,
                      "values": fvec(np.linspace(a, b, n, endpoint=e))} for (a, b, n, e) in LINSPACE],
        "arange": [{"start": fbits(a), "stop": fbits(b), "step": fbits(s), "values": fvec(np.arange(a, b, s))}
                   for (a, b, s) in ARANGE],
        "sums": sums(),
        "split_cases": split_cases(),
        "bump": bump(),
        "npy": npy_files(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixtures, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} and {NPY.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
