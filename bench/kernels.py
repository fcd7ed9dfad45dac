"""Benchmark kernels, written once as plain Python functions.

bench/run.py applies `oxjit.njit` and `numba.njit` to these same functions, each engine in its own
fresh processes. They use only what oxjit's first release covers (issue 2): scalars, `range` loops,
`while`, array indexing and element assignment, `math.*`. Output arrays are passed in, since
kernels do not allocate arrays.

`CASES` says how each kernel is called; the inputs come from a fixed seed, so every process and
both engines see the same numbers.
"""

import math

import numpy as np

SEED = 20240601


def add(a, b):
    """Dispatch overhead: almost no work, so a call measures the dispatcher."""
    return a + b


def collatz_steps(n):
    """Scalar first-call kernel: total Collatz path length of 1..n (while, if/else, //, %)."""
    total = 0
    for k in range(1, n + 1):
        x = k
        while x != 1:
            if x % 2 == 0:
                x //= 2
            else:
                x = 3 * x + 1
            total += 1
    return total


def rms(a):
    """Root mean square of a 1-D float64 array: a strict-IEEE sum of squares."""
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    return (s / a.shape[0]) ** 0.5


def stencil(u, out):
    """One Jacobi sweep of the 5-point Laplacian over the interior of a 2-D grid, into `out`."""
    n = u.shape[0]
    m = u.shape[1]
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])


def dot_i32(a, b):
    """Dot product of two int32 arrays; the products and the sum are int64, as in Numba."""
    s = 0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def pairwise(x, out):
    """Euclidean distances between all rows of an (n, d) array, into an (n, n) array."""
    n = x.shape[0]
    d = x.shape[1]
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = x[i, k] - x[j, k]
                s += t * t
            out[i, j] = math.sqrt(s)


def _rng():
    return np.random.default_rng(SEED)


def _rms_args(n=10_000_000):
    return (_rng().random(n),)


def _stencil_args(n=2000):
    u = _rng().random((n, n))
    return (u, np.zeros_like(u))


def _dot_args(n=10_000_000):
    rng = _rng()
    return (
        rng.integers(-1000, 1000, n, dtype=np.int32),
        rng.integers(-1000, 1000, n, dtype=np.int32),
    )


def _pairwise_args(n=1000):
    x = _rng().random((n, 3))
    return (x, np.zeros((n, n)))


# name -> (kernel, make_args, description of the input). `first` cases are tiny inputs: the call
# is dominated by compiling; `steady` cases are timed after a warm-up call.
FIRST_CALL = {
    "scalar": (
        collatz_steps,
        lambda: (1000,),
        "collatz_steps(1000): int64 while/if loop",
    ),
    "array": (rms, lambda: _rms_args(1000), "rms(a), a = 1,000 float64"),
}

STEADY = {
    "rms": (rms, _rms_args, "rms(a), a = 10M float64 (80 MB), C-contiguous"),
    "stencil": (
        stencil,
        _stencil_args,
        "stencil(u, out), 2000×2000 float64, 5-point Jacobi sweep",
    ),
    "dot_i32": (dot_i32, _dot_args, "dot_i32(a, b), 2 × 10M int32, int64 sum"),
    "pairwise": (
        pairwise,
        _pairwise_args,
        "pairwise(x, out), x = 1000×3 float64, out 1000×1000",
    ),
}
