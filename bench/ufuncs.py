#!/usr/bin/env python3
"""oxjit's ``@vectorize`` / ``@guvectorize`` vs Numba's, measured in one run (issue 5).

Both engines build the same ufuncs from the same Python functions with their own decorators,
in one process; each result is checked against NumPy, then the engines' timed repetitions
alternate (best repetition kept), so that a shared, noisy machine slows both alike:

  steady    best per-call time of repeated timings (timeit-style, a repetition >= 0.2 s) on
            large inputs: a 5M-element binary ``@vectorize`` and row-wise gufuncs over a
            20000 x 250 float64 array (5M elements);
  overhead  the same ufuncs on tiny inputs (8 elements, 4 rows of 8), where the per-call cost
            of NumPy's ufunc machinery plus the loop's set-up dominates.

Both engines' objects are genuine NumPy (g)ufuncs called from Python, so the ratio compares the
compiled inner loops plus whatever each adds around them. Usage:

    python bench/ufuncs.py            # prints a markdown table
    python bench/ufuncs.py --quick    # fewer, shorter repetitions
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

TARGET_STEADY = 1.0


# --------------------------------------------------------------------------------------------
# The kernels: plain Python, decorated by each engine.


def affine(x, y):
    return x * y + x - 3.0


def row_mean(x, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s / x.shape[0]


def row_norm(x, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    out[0] = math.sqrt(s)


def row_center(x, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    m = s / x.shape[0]
    for i in range(x.shape[0]):
        out[i] = x[i] - m


DESCRIPTIONS = {
    "vectorize_binary": "x * y + x - 3, 2 x 5M float64",
    "gufunc_row_mean": "(n)->() mean of each row, 20000 x 250 float64",
    "gufunc_row_norm": "(n)->() L2 norm of each row, 20000 x 250 float64",
    "gufunc_row_center": "(n)->(n) each row minus its mean, 20000 x 250 float64",
    "gufunc_row_norm_fastmath": "row_norm with fastmath=True",
    "gufunc_row_norm_parallel": 'row_norm with target="parallel" (all cores)',
}


def _cases(np, vectorize, guvectorize):
    """name -> (ufunc, large args, tiny args, NumPy reference)."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=5_000_000), rng.normal(size=5_000_000)
    m = rng.normal(size=(20_000, 250))
    ta, tb, tm = a[:8].copy(), b[:8].copy(), m[:4, :8].copy()
    vaff = vectorize(["float64(float64, float64)"])(affine)
    gmean = guvectorize(["void(float64[:], float64[:])"], "(n)->()")(row_mean)
    gnorm = guvectorize(["void(float64[:], float64[:])"], "(n)->()")(row_norm)
    gcenter = guvectorize(["void(float64[:], float64[:])"], "(n)->(n)")(row_center)
    gnorm_fm = guvectorize(["void(float64[:], float64[:])"], "(n)->()", fastmath=True)(
        row_norm
    )
    gnorm_par = guvectorize(
        ["void(float64[:], float64[:])"], "(n)->()", target="parallel"
    )(row_norm)
    return {
        "vectorize_binary": (
            vaff,
            (a, b),
            (ta, tb),
            lambda x, y: x * y + x - 3.0,
        ),
        "gufunc_row_mean": (
            gmean,
            (m,),
            (tm,),
            lambda x: x.mean(axis=1),
        ),
        "gufunc_row_norm": (
            gnorm,
            (m,),
            (tm,),
            lambda x: np.sqrt((x * x).sum(axis=1)),
        ),
        "gufunc_row_center": (
            gcenter,
            (m,),
            (tm,),
            lambda x: x - x.mean(axis=1, keepdims=True),
        ),
        "gufunc_row_norm_parallel": (
            gnorm_par,
            (m,),
            (tm,),
            lambda x: np.sqrt((x * x).sum(axis=1)),
        ),
        "gufunc_row_norm_fastmath": (
            gnorm_fm,
            (m,),
            (tm,),
            lambda x: np.sqrt((x * x).sum(axis=1)),
        ),
    }


def calls_for(f, args, min_rep_time):
    """timeit's autorange (as bench/run.py): 1, 2, 5, 10, ... calls until one repetition takes
    `min_rep_time`."""
    i = 0
    while True:
        number = (1, 2, 5)[i % 3] * 10 ** (i // 3)
        t0 = time.perf_counter()
        for _ in range(number):
            f(*args)
        if time.perf_counter() - t0 >= min_rep_time or number >= 10**6:
            return number
        i += 1


def per_call(f, args, number):
    t0 = time.perf_counter()
    for _ in range(number):
        f(*args)
    return (time.perf_counter() - t0) / number


def measure(min_rep_time, rounds):
    """Both engines in this one process, their repetitions interleaved (oxjit, Numba, oxjit,
    ...) so that load from other processes on a shared machine hits both alike; each cell is
    the best repetition."""
    import gc

    import numba
    import numpy as np
    import oxjit

    engines = {
        "oxjit": _cases(np, oxjit.vectorize, oxjit.guvectorize),
        "numba": _cases(np, numba.vectorize, numba.guvectorize),
    }
    res = {e: {} for e in engines}
    for name in DESCRIPTIONS:
        for size, pick in (("steady", 1), ("small", 2)):
            calls = {}
            for e, cases in engines.items():
                uf, ref = cases[name][0], cases[name][3]
                args = cases[name][pick]
                np.testing.assert_allclose(
                    uf(*args), ref(*args), rtol=1e-12, atol=1e-12
                )
                calls[e] = calls_for(uf, args, min_rep_time)
            times = {e: [] for e in engines}
            gc.disable()
            for _ in range(rounds):
                for e, cases in engines.items():
                    times[e].append(
                        per_call(cases[name][0], cases[name][pick], calls[e])
                    )
            gc.enable()
            for e in engines:
                res[e].setdefault(name, {})[size] = min(times[e])
                res[e][name][size + "_median"] = statistics.median(times[e])
    return res


def fmt(seconds):
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e9:.0f} ns"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer, shorter repetitions")
    args = ap.parse_args()
    min_rep, rounds = (0.05, 5) if args.quick else (0.2, 15)
    res = measure(min_rep, rounds)
    print(
        "| ufunc | what | oxjit steady | Numba steady | ratio | oxjit tiny call | Numba tiny call | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, desc in DESCRIPTIONS.items():
        ox, nb = res["oxjit"][name], res["numba"][name]
        r1 = ox["steady"] / nb["steady"]
        r2 = ox["small"] / nb["small"]
        verdict = "PASS" if r1 <= TARGET_STEADY else "over"
        print(
            f"| `{name}` | {desc} | {fmt(ox['steady'])} | {fmt(nb['steady'])} | {r1:.3f} ({verdict}) "
            f"| {fmt(ox['small'])} | {fmt(nb['small'])} | {r2:.3f} |"
        )


if __name__ == "__main__":
    main()
