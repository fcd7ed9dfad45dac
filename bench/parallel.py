#!/usr/bin/env python3
"""`parallel=True` kernels: oxjit vs Numba at the same thread counts, in one run.

Each (engine, kernel, threads) is measured in a fresh process (so one engine's idle threads
never spin on a core the other needs): warm-up call, then the best per-call time over
repetitions of at least 0.2 s; `--rounds` (3) rounds take turns between engines and thread
counts, and the best of the rounds counts (the machine's speed drifts). Threads: 1 and 2 (`set_num_threads`; Numba's layer is whatever it picks, usually
OpenMP). Results are checked against the serial version of the kernel (exact, or 1e-12
relative for float sums). Also measured: the cost of entering a parallel region (`tiny`: a
prange loop of 2 iterations that store one int each), per call.

    python bench/parallel.py            # prints a Markdown table
    python bench/parallel.py --quick    # shorter repetitions
    python bench/parallel.py --write    # also puts it into bench/RESULTS.md (`make bench` does)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


CASES = {
    "elementwise": ("4M float64: sqrt(a)*b + sin(a)", lambda np: (np.random.default_rng(1).random(4_000_000), np.random.default_rng(2).random(4_000_000), np.empty(4_000_000))),
    "reduction": ("10M float64 dot product", lambda np: (np.random.default_rng(1).random(10_000_000), np.random.default_rng(2).random(10_000_000))),
    "stencil": ("2000x2000 5-point", lambda np: (np.random.default_rng(1).random((2000, 2000)), np.zeros((2000, 2000)))),
    "per_row": ("4000x500 row normalise", lambda np: (np.random.default_rng(1).random((4000, 500)), np.empty((4000, 500)))),
    "tiny": ("enter a region: 2 iterations", lambda np: (np.zeros(2, dtype=np.int64),)),
}


def child(engine: str, kernel: str, threads: int, quick: bool) -> None:
    import numpy as np

    if engine == "oxjit":
        import oxjit as eng
    else:
        import numba as eng
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import parallel_kernels

    func = getattr(parallel_kernels, kernel)
    par = eng.njit(parallel=True)(func)
    ser = eng.njit(func)
    eng.set_num_threads(threads)
    args = CASES[kernel][1](np)
    fresh = lambda: tuple(a.copy() for a in args)  # noqa: E731
    expected = ser(*fresh())
    got = par(*fresh())
    if isinstance(expected, float):
        ok = abs(got - expected) <= 1e-12 * abs(expected)
    else:
        ok = bool(np.array_equal(got, expected))
    call_args = fresh()
    budget = 0.05 if quick else 0.2
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            par(*call_args)
        dt = time.perf_counter() - t0
        if dt >= budget:
            break
        n *= 2
    best = dt / n
    for _ in range(3 if quick else 7):
        t0 = time.perf_counter()
        for _ in range(n):
            par(*call_args)
        best = min(best, (time.perf_counter() - t0) / n)
    print(json.dumps({"ok": ok, "t": best, "layer": str(getattr(eng, "threading_layer", lambda: "?")())}))


def measure(engine, kernel, threads, quick):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env["BENCH_ENGINE"] = engine
    r = subprocess.run(
        [sys.executable, __file__, "--child", engine, kernel, str(threads)] + (["--quick"] if quick else []),
        capture_output=True, text=True, env=env,
    )
    if r.returncode != 0:
        return {"error": (r.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def fmt(t):
    if t >= 1e-3:
        return f"{t * 1e3:.2f} ms"
    return f"{t * 1e6:.1f} µs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--kernels", default=",".join(CASES))
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], int(a.child[2]), a.quick)
        return
    lines = []

    def print(line):  # noqa: A001 - the table goes to stdout and, with --write, to RESULTS.md
        lines.append(line)
        __builtins__.print(line, flush=True)

    print("| kernel | input | threads | oxjit | Numba | oxjit/Numba | oxjit speedup 1→2 |")
    print("|---|---|---|---|---|---|---|")
    for k in a.kernels.split(","):
        # Rounds taking turns between engines and thread counts (the machine's speed drifts:
        # a shared VM); the best time of each over the rounds counts.
        res = {}
        for _ in range(a.rounds):
            for t in (1, 2):
                for e in ("oxjit", "numba"):
                    r = measure(e, k, t, a.quick)
                    old = res.get((e, t))
                    if old is None or "error" in old or ("t" in r and r["t"] < old["t"]):
                        res[e, t] = r
        for t in (1, 2):
            o, n = res["oxjit", t], res["numba", t]
            if "error" in o or "error" in n:
                print(f"| {k} | {CASES[k][0]} | {t} | {o.get('error', '')} | {n.get('error', '')} | | |")
                continue
            flag = "" if o["ok"] and n["ok"] else " (WRONG RESULT)"
            speed = ""
            if t == 2 and "t" in res["oxjit", 1]:
                speed = f"{res['oxjit', 1]['t'] / o['t']:.2f}×"
            print(f"| {k} | {CASES[k][0]} | {t} | {fmt(o['t'])}{flag} | {fmt(n['t'])} ({n['layer']}) | {o['t'] / n['t']:.2f} | {speed} |")
    if a.write:
        write_results(lines)


BEGIN, END = "<!-- parallel:begin -->", "<!-- parallel:end -->"


def write_results(lines):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md")
    text = open(path).read()
    load = os.getloadavg()[0]
    block = "\n".join(
        [BEGIN, "", f"Measured by `bench/parallel.py` on {os.cpu_count()} cores (load average {load:.2f} at the end).", ""]
        + lines + ["", END]
    )
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## Parallel loops (`parallel=True`, issue 4)\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
