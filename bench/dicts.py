#!/usr/bin/env python3
"""Dicts in compiled code: oxjit vs Numba, in one process, rounds taking turns.

Kernels (int64 keys and values, `typed.Dict.empty`):

- `count`: `d[k] = d.get(k, 0) + 1` over 1M random keys (that many distinct keys at most);
- `lookups`: `s += d[k]` for 1M random keys, all present;
- `build`: `d[i * 7] = i` for every `i` below the number of distinct keys (new keys only).

Each engine's result is checked against the other's; the table gives the best time per
operation over `--rounds` rounds (default 7), and the ratio oxjit / Numba (lower is better).

    python bench/dicts.py
"""

from __future__ import annotations

import argparse
import time


def kernels(jit, Dict, types):
    @jit
    def count(keys):
        d = Dict.empty(types.int64, types.int64)
        for k in keys:
            d[k] = d.get(k, 0) + 1
        return d

    @jit
    def lookups(d, keys):
        s = 0
        for k in keys:
            s += d[k]
        return s

    @jit
    def build(n):
        d = Dict.empty(types.int64, types.int64)
        for i in range(n):
            d[i * 7] = i
        return d

    return {"count": count, "lookups": lookups, "build": build}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()

    import numba
    import numpy as np
    from numba.typed import Dict as NumbaDict

    import oxjit
    from oxjit.typed import Dict as OxjitDict

    engines = {
        "oxjit": kernels(oxjit.njit, OxjitDict, oxjit.types),
        "numba": kernels(numba.njit, NumbaDict, numba.types),
    }
    rng = np.random.default_rng(0)
    n = args.n
    rows = []
    for distinct in (1_000, 100_000, 1_000_000):
        keys = rng.integers(0, distinct, n) * 7
        built = {}
        for name, k in engines.items():
            built[name] = k["build"](distinct)
            assert k["lookups"](built[name], keys[:10]) >= 0
        # The engines agree.
        c = {name: k["count"](keys) for name, k in engines.items()}
        assert list(c["oxjit"].items()) == list(c["numba"].items())
        s = {name: k["lookups"](built[name], keys) for name, k in engines.items()}
        assert s["oxjit"] == s["numba"]
        best: dict[tuple[str, str], float] = {}
        for _ in range(args.rounds):
            for name, k in engines.items():
                calls = {
                    "count": lambda k=k: k["count"](keys),
                    "lookups": lambda k=k, name=name: k["lookups"](built[name], keys),
                    "build": lambda k=k: k["build"](distinct),
                }
                for what, f in calls.items():
                    t = time.perf_counter()
                    r = f()
                    dt = time.perf_counter() - t
                    del r
                    best[(name, what)] = min(best.get((name, what), 1e9), dt)
        for what in ("count", "lookups", "build"):
            ops = distinct if what == "build" else n
            o = best[("oxjit", what)] / ops * 1e9
            b = best[("numba", what)] / ops * 1e9
            rows.append((what, distinct, o, b))
    print("| kernel | distinct keys | oxjit ns/op | Numba ns/op | oxjit / Numba |")
    print("|---|---:|---:|---:|---:|")
    for what, distinct, o, b in rows:
        print(f"| {what} | {distinct:,} | {o:.1f} | {b:.1f} | {o / b:.2f} |")


if __name__ == "__main__":
    main()
