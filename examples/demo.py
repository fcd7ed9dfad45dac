#!/usr/bin/env python3
"""oxjit demo (`make demo`): compile a few real kernels and time them against plain Python and,
when it is installed, Numba.

The kernels are in examples/kernels.py. For each one the demo prints:
  1st call   oxjit's first call: compiling for the argument types, then running;
  oxjit      the steady-state time of a call (best of several);
  Numba      Numba's first call and steady state, the same way;
  Python     the same function run by CPython (on a smaller input and scaled where marked *);
  check      whether oxjit's result equals CPython's on the same input.
"""

from __future__ import annotations

import importlib.util
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
KERNELS = HERE / "kernels.py"


def load_kernels(tag, jit=None):
    """A fresh copy of kernels.py as its own module; with `jit`, every function in it is replaced
    by `jit(function)`, so calls between kernels go to the compiled versions."""
    spec = importlib.util.spec_from_file_location(f"demo_kernels_{tag}", KERNELS)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    if jit is not None:
        for name, obj in list(vars(mod).items()):
            if callable(obj) and getattr(obj, "__module__", None) == spec.name:
                setattr(mod, name, jit(obj))
    return mod


class Case:
    """A kernel, how to make its inputs, and the smaller input plain Python runs on."""

    def __init__(self, name, label, make, full, small=None, scale=1.0):
        self.name, self.label, self.make = name, label, make
        self.full, self.small, self.scale = (
            full,
            small if small is not None else full,
            scale,
        )


def _rng():
    return np.random.default_rng(7)


def _grid(n):
    u = np.zeros((n, n))
    u[0, :] = 1.0  # a hot top edge, the other edges cold
    return u


CASES = [
    Case("rms", "10M float64", lambda n: (_rng().random(n),), 10_000_000, 200_000, 50),
    Case(
        "log_sum_exp",
        "10M float64",
        lambda n: (_rng().normal(size=n),),
        10_000_000,
        200_000,
        50,
    ),
    Case(
        "laplace",
        "1000², 10 sweeps",
        lambda n: (_grid(n), _grid(n), 10),
        1000,
        100,
        (998 / 98) ** 2,
    ),
    Case(
        "mandelbrot",
        "600×900, ≤200 it.",
        lambda s: (np.zeros((6 * s, 9 * s), np.int32), -2.0, 1.0, -1.2, 1.2, 200),
        100,
        10,
        100,
    ),
    Case("count_primes", "n = 100,000", lambda n: (n,), 100_000),
    Case(
        "pairwise",
        "2000×3 → 2000²",
        lambda n: (_rng().random((n, 3)), np.zeros((n, n))),
        2000,
        200,
        100,
    ),
    Case("magnitude", "3 × 10M → new", lambda n: tuple(_rng().normal(size=(3, n))), 10_000_000, 200_000, 50),
    Case("rolling_mean", "4M, w = 100 → new", lambda n: (_rng().random(n), 100), 4_000_000, 100_000, 40),
    Case("fib", "fib(30)", lambda n: (n,), 30),
]


def best_time(f, args, budget=0.5, max_reps=50):
    """Best wall time of repeated calls: at least 3, until `budget` seconds are spent."""
    times = []
    spent = 0.0
    while len(times) < 3 or (spent < budget and len(times) < max_reps):
        t0 = time.perf_counter()
        f(*args)
        dt = time.perf_counter() - t0
        times.append(dt)
        spent += dt
    return min(times)


def timed(f, args):
    t0 = time.perf_counter()
    r = f(*args)
    return time.perf_counter() - t0, r


def outcome(r, args):
    """What a call produced: its result and every array argument afterwards (an array result
    is compared with the arrays)."""
    arrays = [a.copy() for a in args if isinstance(a, np.ndarray)]
    if isinstance(r, np.ndarray):
        return None, [r.copy()] + arrays
    return r, arrays


def same(expected, got):
    """'ok' if equal, '≈' if equal to 12 digits (floats), else 'WRONG'."""
    (r1, arrays1), (r2, arrays2) = expected, got
    exact = r1 == r2 and all(np.array_equal(a, b) for a, b in zip(arrays1, arrays2))
    if exact:
        return "ok"
    close = (r1 is None and r2 is None) or (
        isinstance(r1, (int, float, np.number))
        and isinstance(r2, (int, float, np.number))
        and math.isclose(r1, r2, rel_tol=1e-12)
    )
    if close and all(
        np.allclose(a, b, rtol=1e-12, atol=0) for a, b in zip(arrays1, arrays2)
    ):
        return "≈"
    return "WRONG"


def fmt(t):
    if t is None:
        return "—"
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.3g} ms"
    return f"{t * 1e6:.3g} µs"


def ratio(a, b):
    return f"{a / b:,.1f}×" if a and b else "—"


def short_error(exc):
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0].strip() if lines else ''}"


def run_engine(mod, case):
    """(first-call time, steady time, result on the full input) for one compiled engine."""
    f = getattr(mod, case.name)
    args = case.make(case.full)
    first, _ = timed(f, args)
    return first, best_time(f, args)


def main():
    try:
        import oxjit

        njit = oxjit.njit
    except Exception as exc:  # noqa: BLE001 - any failure to load oxjit ends the demo politely
        print(
            f"cannot use oxjit: {short_error(exc)}\n(`make dev` builds it)",
            file=sys.stderr,
        )
        return 1
    try:
        import numba
    except ImportError:
        numba = None

    print(
        f"oxjit {getattr(oxjit, '__version__', '?')} demo on {platform.python_implementation()} "
        f"{platform.python_version()}, numpy {np.__version__}, "
        + (f"Numba {numba.__version__}" if numba else "Numba not installed")
        + f"; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}\n"
    )

    py = load_kernels("python")
    ox = load_kernels("oxjit", njit)
    nb = load_kernels("numba", numba.njit) if numba else None

    header = [
        "kernel",
        "input",
        "1st call",
        "oxjit",
        "Numba 1st",
        "Numba",
        "Python",
        "vs Python",
        "vs Numba",
        "check",
    ]
    rows, errors = [], []
    progress = sys.stdout.isatty()
    for case in CASES:
        if progress:
            print(f"  running {case.name} ...".ljust(40), end="\r", flush=True)
        # Plain Python, on the small input; its result is the reference for `check`.
        py_args = case.make(case.small)
        t_py, r_py = timed(getattr(py, case.name), py_args)
        expected = outcome(r_py, py_args)
        t_py *= case.scale
        py_cell = fmt(t_py) + ("*" if case.small != case.full else "")

        try:
            ox_first, ox_time = run_engine(ox, case)
            small = case.make(case.small)
            check = same(expected, outcome(getattr(ox, case.name)(*small), small))
        except Exception as exc:  # noqa: BLE001 - reported below the table
            errors.append(f"{case.name}: {short_error(exc)}")
            ox_first = ox_time = None
            check = "error"
        nb_first = nb_time = None
        if nb is not None:
            try:
                nb_first, nb_time = run_engine(nb, case)
            except Exception as exc:  # noqa: BLE001 - reported below the table
                errors.append(f"{case.name} (Numba): {short_error(exc)}")
        rows.append(
            [
                case.name,
                case.label,
                fmt(ox_first),
                fmt(ox_time),
                fmt(nb_first),
                fmt(nb_time),
                py_cell,
                ratio(t_py, ox_time),
                ratio(nb_time, ox_time),
                check,
            ]
        )

    if progress:
        print(" " * 40, end="\r")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    left = {0, 1}

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i in left else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths))
        )

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))
    print(
        "\n1st call: compile + run (the first kernel also pays each engine's one-time start-up)."
    )
    print(
        "oxjit, Numba: best steady-state time of a call. vs Python / vs Numba: how many times"
    )
    print(
        "faster oxjit is. * Python ran a smaller input; its time is scaled up by the work ratio."
    )
    print(
        "check: oxjit's result and output arrays against CPython's on the same (small) input."
    )
    bad = [r[0] for r in rows if r[-1] == "WRONG"]
    if errors:
        print("\nerrors:")
        for e in errors:
            print(f"  {e}")
    if bad:
        print(f"\nresults differ from CPython for: {', '.join(bad)}")
    return 1 if errors or bad else 0


if __name__ == "__main__":
    sys.exit(main())
