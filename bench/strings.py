#!/usr/bin/env python3
"""Strings: oxjit vs Numba on the common case (a `str` argument used as an option flag) and
on string work (base-83 encoding and decoding), plus the dispatch cost of a `str` argument.

Each engine runs in a fresh process per round (`--rounds`, default 3, engines taking turns);
the best of the rounds counts. Kernel times are the best per-call time over repetitions;
dispatch is `f(1.0, "mean")` per call, net of the Python loop, beside `f(1.0, 2.0)`.

    python bench/strings.py            # prints a Markdown table
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import timeit

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

CASES = {
    "flag_loop": "reduce_by(x, 'mean'): 10M float64, `if method == \"mean\"` ... in the loop",
    "flag_count": "count_flag(10M, 'median'): an if/elif chain on a str argument, 10M times",
    "varying": "compare_words(words, 10M): the compared string changes every iteration",
    "encode83": "encode83(v, 6) for 100k values (string building: `result += ALPHABET[d]`)",
    "decode83": "decode83(s) of 100k 6-character strings (`ALPHABET.index(c)`)",
    "dispatch_str": "dispatch: f(1.0, 'mean'), ns per call",
    "dispatch_float": "dispatch: f(1.0, 2.0), ns per call (reference)",
}


def child(engine: str) -> None:
    import numpy as np

    if engine == "oxjit":
        import oxjit as eng
    else:
        import numba as eng
    njit = eng.njit

    @njit
    def reduce_by(x, method):
        s = 0.0
        for i in range(x.shape[0]):
            if method == "mean":
                s += x[i]
            elif method == "max":
                s = max(s, x[i])
            else:
                s -= x[i]
        return s

    @njit
    def count_flag(n, method):
        c = 0
        for i in range(n):
            if method == "mean":
                c += i & 1
            elif method == "median":
                c += 2
        return c

    @njit
    def compare_words(words, n):
        c = 0
        m = len(words)
        for i in range(n):
            w = words[i % m]
            if w == "mean":
                c += 1
            elif w == "median":
                c += 2
        return c

    @njit
    def encode83(value, length):
        result = ""
        for i in range(1, length + 1):
            digit = (value // (83 ** (length - i))) % 83
            result += ALPHABET[digit]
        return result

    @njit
    def encode_many(n):
        total = 0
        for v in range(n):
            total += len(encode83(v * 7919, 6))
        return total

    @njit
    def decode83(s):
        value = 0
        for c in s:
            value = value * 83 + ALPHABET.index(c)
        return value

    @njit
    def decode_many(words):
        total = 0
        for w in words:
            total += decode83(w)
        return total

    @njit
    def noop(x, m):
        return x

    def best(f, *a, number=3, repeat=5):
        f(*a)
        return min(timeit.repeat(lambda: f(*a), number=number, repeat=repeat)) / number

    x = np.random.default_rng(1).random(10_000_000)
    words = ["mean", "median", "max", "mode"]
    coded = [encode83(v * 7919, 6) for v in range(100_000)]
    out = {
        "flag_loop": best(reduce_by, x, "mean") * 1e3,
        "flag_count": best(count_flag, 10_000_000, "median") * 1e3,
        "varying": best(compare_words, words, 10_000_000, number=1) * 1e3,
        "encode83": best(encode_many, 100_000, number=1) * 1e3,
        "decode83": best(decode_many, coded, number=1) * 1e3,
    }
    n = 1_000_000
    noop(1.0, "mean")
    noop(1.0, 2.0)
    loop = min(timeit.repeat("for _ in r: pass", globals={"r": range(n)}, number=1, repeat=7))
    for key, arg in (("dispatch_str", "mean"), ("dispatch_float", 2.0)):
        t = min(timeit.repeat("for _ in r: f(1.0, a)", globals={"r": range(n), "f": noop, "a": arg}, number=1, repeat=7))
        out[key] = (t - loop) / n * 1e9
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child")
    a = ap.parse_args()
    if a.child:
        child(a.child)
        return
    best: dict[str, dict[str, float]] = {"oxjit": {}, "numba": {}}
    for _ in range(a.rounds):
        for engine in ("oxjit", "numba"):
            r = subprocess.run([sys.executable, __file__, "--child", engine], capture_output=True, text=True, check=True)
            for k, v in json.loads(r.stdout.strip().splitlines()[-1]).items():
                best[engine][k] = min(best[engine].get(k, v), v)
    print("| case | oxjit | Numba | oxjit / Numba |")
    print("|---|---|---|---|")
    for k, what in CASES.items():
        o, n = best["oxjit"][k], best["numba"][k]
        unit = "ns" if k.startswith("dispatch") else "ms"
        print(f"| {what} | {o:.3g} {unit} | {n:.3g} {unit} | {o / n:.3f} |")


if __name__ == "__main__":
    main()
