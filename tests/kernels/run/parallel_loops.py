"""prange loops under parallel=True (`# parallel`): results that do not depend on how the
iterations are split (elementwise work, integer reductions, min/max), so Numba's parallel
outcome is exact. Float sums, whose rounding depends on the split, and what Numba
refuses (`prange` with a step, `^=` reductions) are in tests/python/test_parallel.py, checked
against the serial loop."""

import math

import numpy as np
from numba import prange


def scale_rows(m, k):
    out = np.empty_like(m)
    for i in prange(m.shape[0]):
        for j in range(m.shape[1]):
            out[i, j] = m[i, j] * k + math.sqrt(abs(m[i, j]))
    return out
# parallel
# run: scale_rows(np.arange(12.0).reshape(4, 3), 2.5)
# run: scale_rows(np.zeros((0, 3)), 1.0)
# run: scale_rows(np.arange(6000.0).reshape(2000, 3) - 3000.0, -1.0)
# run: scale_rows(np.asfortranarray(np.arange(20.0).reshape(4, 5)), 0.5)


def int_stats(a):
    s = 0
    lo = 1 << 62
    hi = -(1 << 62)
    for i in prange(a.shape[0]):
        v = a[i]
        s += v * v
        lo = min(lo, v)
        hi = max(hi, v)
    return s, lo, hi
# parallel
# run: int_stats(np.arange(10, dtype=np.int64))
# run: int_stats(np.arange(0, dtype=np.int64))
# run: int_stats(np.arange(100000, dtype=np.int64) * 7919 % 10007 - 5000)
# run: int_stats(np.array([5], dtype=np.int64))


def float_minmax(a):
    lo = np.inf
    hi = -np.inf
    for i in prange(a.shape[0]):
        lo = min(lo, a[i])
        hi = max(hi, a[i])
    return lo, hi
# parallel
# run: float_minmax(np.sin(np.arange(50000.0)))
# run: float_minmax(np.zeros(0))


def count_hist(idx, nbins):
    h = np.zeros(nbins, dtype=np.int64)
    for i in prange(idx.shape[0]):
        one = np.zeros(nbins, dtype=np.int64)
        one[idx[i] % nbins] += 1
        h += one
    return h
# parallel
# run: count_hist(np.arange(1000, dtype=np.int64) * 13, 7)
# run: count_hist(np.arange(0, dtype=np.int64), 3)


def array_expr(a, b):
    c = a * 2.0 + np.sqrt(b) - a * b
    c += 1.0
    return c, np.sum(c > 3.0)
# parallel
# run: array_expr(np.arange(10.0), np.arange(10.0))
# run: array_expr(np.arange(100000.0), np.arange(100000.0)[::-1].copy())
# run: array_expr(np.arange(60000.0).reshape(300, 200), np.ones((300, 200)))


def nested_prange(n, m):
    out = np.zeros((n, m), dtype=np.int64)
    for i in prange(n):
        for j in prange(m):
            out[i, j] = i * m + j
    return out
# parallel
# run: nested_prange(3, 4)
# run: nested_prange(500, 7)


def raises_inside(a):
    for i in prange(a.shape[0]):
        if a[i] < 0:
            raise ValueError("negative")
        a[i] = a[i] * 2
    return a
# parallel
# run: raises_inside(np.arange(5.0))
# run: raises_inside(np.arange(5.0) - 2.0)
