"""Dispatch overhead: oxjit vs Numba in one process, interleaved rounds, minimum per case.

Run: .venv/bin/python crates/oxjit_python/benches/dispatch.py [rounds]
Prints ns per call (the Python `for` loop included, as the "loop" line shows) and ratios.
"""

import sys
import time

import numpy as np

import oxjit

try:
    import numba
except ImportError:  # the oxjit column alone is still useful
    numba = None


def add(a, b):
    return a + b


def first(x):
    return x[0]


def per_call(f, *args, n=200_000):
    f(*args)
    t0 = time.perf_counter()
    for _ in range(n):
        f(*args)
    return (time.perf_counter() - t0) / n * 1e9


def empty_loop(n=200_000):
    t0 = time.perf_counter()
    for _ in range(n):
        pass
    return (time.perf_counter() - t0) / n * 1e9


def main(rounds):
    arr = np.zeros(10)
    engines = {"oxjit": oxjit.njit}
    if numba is not None:
        engines["numba"] = numba.njit
    fns = {name: (jit(add), jit(first)) for name, jit in engines.items()}
    cases = {
        "add(1, 2)": lambda e: per_call(fns[e][0], 1, 2),
        "add(1.0, 2.0)": lambda e: per_call(fns[e][0], 1.0, 2.0),
        "first(array)": lambda e: per_call(fns[e][1], arr),
        "add(1, b=2)": lambda e: per_call(lambda: fns[e][0](1, b=2)),
    }
    best = {}
    for _ in range(rounds):
        best["loop"] = min(best.get("loop", 1e9), empty_loop())
        best["python add(1, 2)"] = min(best.get("python add(1, 2)", 1e9), per_call(add, 1, 2))
        for case, run in cases.items():
            for e in engines:
                key = (case, e)
                best[key] = min(best.get(key, 1e9), run(e))
    print(f"{'empty loop':18s} {best['loop']:7.1f} ns")
    print(f"{'python add(1, 2)':18s} {best['python add(1, 2)']:7.1f} ns")
    for case in cases:
        line = f"{case:18s} " + "  ".join(f"{e} {best[(case, e)]:7.1f} ns" for e in engines)
        if numba is not None:
            line += f"   ratio {best[(case, 'oxjit')] / best[(case, 'numba')]:.2f}"
        print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
