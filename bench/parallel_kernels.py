"""The kernels of bench/parallel.py; `prange` is the engine's own (BENCH_ENGINE=oxjit|numba)."""

import math
import os

if os.environ.get("BENCH_ENGINE") == "numba":
    from numba import prange
else:
    from oxjit import prange


def elementwise(a, b, out):
    for i in prange(a.shape[0]):
        out[i] = math.sqrt(a[i]) * b[i] + math.sin(a[i])
    return out

def reduction(a, b):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * b[i]
    return s

def stencil(a, out):
    for i in prange(1, a.shape[0] - 1):
        for j in range(1, a.shape[1] - 1):
            out[i, j] = 0.2 * (a[i, j] + a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
    return out

def per_row(m, out):
    for i in prange(m.shape[0]):
        s = 0.0
        for j in range(m.shape[1]):
            s += m[i, j] * m[i, j]
        r = 1.0 / math.sqrt(s + 1e-30)
        for j in range(m.shape[1]):
            out[i, j] = m[i, j] * r
    return out

def tiny(out):
    for i in prange(out.shape[0]):
        out[i] = i
    return out
