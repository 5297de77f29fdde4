#!/usr/bin/env python3
"""Regenerate every parity fixture: parity/fixtures/{keras,sklearn,tf1,torch,experiments}.json.

Usage (from anywhere):  /work/venv-parity/bin/python parity/generate.py [--only NAME ...]
                        [--torch-python /work/venv-torch/bin/python]

PyTorch lives in its own venv (its wheel brings several GB of CUDA packages): the torch job runs
with --torch-python (default: this interpreter).

Each framework runs in its own subprocess (TF1 needs eager execution disabled
process-wide; Keras float64 cases change global floatx), with the same interpreter.
Each subprocess prints one JSON document; this script assembles and writes the files.
Deterministic: single-threaded TensorFlow, fixed seeds, no shuffling RNG that is not
recorded; running it twice produces byte-identical files.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import FORMAT, dump  # noqa: E402

OUT = os.path.join(HERE, "fixtures")

JOBS = {
    "keras": ["keras_cases.py"],
    "sklearn": ["sklearn_cases.py"],
    "tf1": ["tf1_cases.py", "cases"],
    "exp_keras": ["keras_cases.py", "experiments"],
    "exp_tf1": ["tf1_cases.py", "experiments"],
    "torch": ["torch_cases.py"],
    "layers_keras": ["layer_cases.py", "keras"],
    "layers_torch": ["layer_cases.py", "torch"],
}
NAMES = ["keras", "sklearn", "tf1", "torch", "experiments", "layers"]


def run(job, python=sys.executable):
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONHASHSEED"] = "0"
    t = time.time()
    proc = subprocess.run([python] + [os.path.join(HERE, JOBS[job][0])] + JOBS[job][1:],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=HERE)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace")[-5000:])
        raise SystemExit(f"{job} failed with exit code {proc.returncode}")
    print(f"  {job}: {time.time() - t:.1f}s", file=sys.stderr)
    return json.loads(proc.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", choices=NAMES)
    ap.add_argument("--torch-python", default=sys.executable,
                    help="interpreter with torch installed (default: this one)")
    args = ap.parse_args()
    want = set(args.only or NAMES)
    os.makedirs(OUT, exist_ok=True)
    for name in ("keras", "sklearn", "tf1", "torch"):
        if name in want:
            doc = run(name, args.torch_python if name == "torch" else sys.executable)
            dump(os.path.join(OUT, f"{name}.json"), doc)
            print(f"wrote fixtures/{name}.json ({len(doc['cases'])} cases)", file=sys.stderr)
    if "experiments" in want:
        a = run("exp_keras")
        bc = run("exp_tf1")
        doc = {"format": FORMAT, "framework": "mixed",
               "versions": {"keras": a["versions"], "tf1": bc["versions"]},
               "note": "CONVENTIONS experiment 4 (first-feature experiment). The data are "
                       "not stored: regenerate X = np.random.RandomState(1).rand(10000, 10), "
                       "y = X[:, 0].",
               "cases": a["cases"] + bc["cases"]}
        dump(os.path.join(OUT, "experiments.json"), doc)
        print(f"wrote fixtures/experiments.json ({len(doc['cases'])} cases)", file=sys.stderr)
    if "layers" in want:
        k = run("layers_keras")
        t = run("layers_torch", args.torch_python)
        doc = {"format": FORMAT, "framework": "mixed",
               "versions": {"keras": k["versions"], "torch": t["versions"]},
               "cases": k["cases"] + t["cases"]}
        dump(os.path.join(OUT, "layers.json"), doc)
        print(f"wrote fixtures/layers.json ({len(doc['cases'])} cases)", file=sys.stderr)


if __name__ == "__main__":
    main()
