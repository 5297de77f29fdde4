#!/usr/bin/env python3
"""Generate the NumPy legacy RandomState parity fixture for NNSpecNumerics.

Writes Tests/NNSpecNumericsTests/Fixtures/numpy_random.json with NumPy's own
output for `numpy.random.RandomState` (MT19937, legacy seeding and legacy
distributions).  The Swift tests (RandomStateTests.swift) replay every case
and compare bit for bit; `swift test` never runs Python.

Encoding:
  * doubles are stored as their IEEE-754 bit pattern, 16 lowercase hex digits
    (e.g. "3fe0000000000000"), so they round-trip exactly;
  * integers are stored as JSON integers (all fit in a signed 64-bit value,
    except raw uint32 draws and MT keys, which fit in an unsigned 32-bit one).

Usage:  python3 parity/numpy_random.py   (from the repository root)
"""
import hashlib
import json
import pathlib
import platform
import struct
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "NNSpecNumericsTests" / "Fixtures" / "numpy_random.json"

SEEDS = [0, 1, 42, 2**32 - 1]


def fbits(x):
    """Bit pattern of one float64 as 16 hex digits."""
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def fvec(a):
    return [fbits(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def ivec(a):
    return [int(v) for v in np.asarray(a).ravel()]


def raw_uint32(rs, n):
    """First n raw MT19937 outputs of a RandomState, two independent ways."""
    state = rs.get_state()
    direct = rs._bit_generator.random_raw(n)  # mt19937_raw: one next32 per value
    rs.set_state(state)
    # randint over [0, 2**32) has rng == 0xFFFFFFFF, which numpy answers with a
    # bare next_uint32 (random_bounded_uint64_fill), i.e. the raw stream again.
    via_randint = rs.randint(0, 2**32, size=n, dtype=np.uint64)
    assert list(direct) == list(via_randint), (direct, via_randint)
    return ivec(direct)


def per_seed(seed):
    R = np.random.RandomState
    case = {"seed": seed}
    case["raw_uint32_10"] = raw_uint32(R(seed), 10)
    case["key_after_seeding"] = ivec(R(seed).get_state()[1])
    case["rand_20"] = fvec(R(seed).rand(20))
    case["random_sample_scalar_3"] = [fbits(r.random_sample()) for r in [R(seed)] for _ in range(3)]
    case["uniform_m0.5_0.7_10"] = fvec(R(seed).uniform(-0.5, 0.7, 10))
    case["standard_normal_11"] = fvec(R(seed).standard_normal(11))
    rs = R(seed)
    rs.rand(3)
    case["normal_3_2_5_after_rand_3"] = fvec(rs.normal(3, 2, 5))
    case["randint_0_10_20"] = ivec(R(seed).randint(0, 10, 20))
    case["randint_m5_1000000_10"] = ivec(R(seed).randint(-5, 1000000, 10))
    case["randint_0_2p40_5"] = ivec(R(seed).randint(0, 2**40, 5))
    case["randint_0_2p32_5"] = ivec(R(seed).randint(0, 2**32, 5))
    case["randint_m2p63_2p63m1_5"] = ivec(R(seed).randint(-2**63, 2**63 - 1, 5))
    case["permutation_17"] = ivec(R(seed).permutation(17))
    x = np.arange(13)
    R(seed).shuffle(x)
    case["shuffle_arange_13"] = ivec(x)
    case["choice_20_5_noreplace"] = ivec(R(seed).choice(20, 5, replace=False))
    case["choice_20_5_replace"] = ivec(R(seed).choice(20, 5))
    case["tomaxint_5"] = ivec(R(seed).tomaxint(5))
    return case


def sequence(seed):
    """One RandomState driven through a mix of calls; every result recorded.

    Exercises the gauss cache surviving other draws, degenerate ranges that
    draw nothing, and the interleaving of 32- and 64-bit bounded draws."""
    rs = np.random.RandomState(seed)
    ops = []

    def rec(op, args, result, kind):
        ops.append({"op": op, "args": args,
                    "result": fvec(result) if kind == "f" else ivec(result)})

    rec("standard_normal", [3], rs.standard_normal(3), "f")  # leaves one cached
    rec("rand", [2], rs.rand(2), "f")
    rec("standard_normal", [1], rs.standard_normal(1), "f")  # the cached value
    rec("randint", [0, 7, 4], rs.randint(0, 7, 4), "i")
    rec("randint", [5, 6, 3], rs.randint(5, 6, 3), "i")  # rng == 0: no draws
    rec("uniform", [fbits(-2.5), fbits(4.0), 3], rs.uniform(-2.5, 4.0, 3), "f")
    rec("normal", [fbits(-1.0), fbits(0.25), 4], rs.normal(-1.0, 0.25, 4), "f")
    rec("randint", [-(2**40), 2**41, 3], rs.randint(-(2**40), 2**41, 3), "i")
    x = np.arange(10)
    rs.shuffle(x)
    rec("shuffle", [10], x, "i")
    rec("permutation", [5], rs.permutation(5), "i")
    rec("choice_noreplace", [9, 4], rs.choice(9, 4, replace=False), "i")
    rec("choice_replace", [9, 4], rs.choice(9, 4, replace=True), "i")
    rec("standard_normal", [1], rs.standard_normal(1), "f")
    rec("rand", [1], rs.rand(1), "f")
    rec("standard_normal", [1], rs.standard_normal(1), "f")
    rec("tomaxint", [2], rs.tomaxint(2), "i")
    rec("raw", [3], rs._bit_generator.random_raw(3), "i")
    return {"seed": seed, "ops": ops}


def big_rand(seed, rows, cols):
    a = np.random.RandomState(seed).rand(rows, cols)
    flat = a.ravel()  # C order, the order the generator filled it
    total = 0.0
    for v in flat.tolist():  # strictly left to right, float64
        total += v
    stride = 997
    return {
        "seed": seed, "rows": rows, "cols": cols,
        "first_50": fvec(flat[:50]),
        "last_50": fvec(flat[-50:]),
        "sample_stride": stride,
        "every_stride": fvec(flat[::stride]),
        "sequential_sum": fbits(total),
        "sha256_le_float64": hashlib.sha256(flat.astype("<f8").tobytes()).hexdigest(),
    }


def main():
    array_key = [0x123, 0x234, 0x345, 0x456]
    rs = np.random.RandomState(array_key)
    by_array = {
        "key": array_key,
        "raw_uint32_10": raw_uint32(np.random.RandomState(array_key), 10),
        "key_after_seeding": ivec(rs.get_state()[1]),
        "rand_5": fvec(np.random.RandomState(array_key).rand(5)),
    }
    # A key longer than the state exercises the other branch of init_by_array.
    long_key = [(i * 2654435761) % 2**32 for i in range(700)]
    by_long_array = {
        "key": long_key,
        "raw_uint32_10": raw_uint32(np.random.RandomState(long_key), 10),
    }
    fixture = {
        "generator": "parity/numpy_random.py",
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "machine": platform.machine(),
        "float_encoding": "IEEE-754 float64 bit pattern as 16 hex digits",
        "seeds": [per_seed(s) for s in SEEDS],
        "seed_array": by_array,
        "seed_long_array": by_long_array,
        "sequence": sequence(1234),
        "rand_10000x10": big_rand(1, 10000, 10),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} (numpy {np.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
