"""The kernels that examples/demo.py runs, written as plain Python.

In your own code you would decorate them with `@njit`. The demo instead loads this file once per
engine (plain Python, oxjit, Numba) and replaces each function in that copy by its compiled
version, exactly what `@njit` on every function would do; so `laplace` calls the compiled
`jacobi_sweep`, and `fib` calls itself compiled.

They use numbers, loops, `if`, tuples, `math`, array indexing and element assignment; the last
ones also allocate and return arrays and use whole-array expressions.
"""

import math

import numpy as np


def rms(a):
    """Root mean square of a 1-D array."""
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    return (s / a.shape[0]) ** 0.5


def log_sum_exp(a):
    """log(sum(exp(a))) without overflow: two passes, `for x in a`."""
    m = -math.inf
    for x in a:
        m = max(m, x)
    s = 0.0
    for x in a:
        s += math.exp(x - m)
    return m + math.log(s)


def jacobi_sweep(u, out):
    """One Jacobi sweep of Laplace's equation on the interior; returns the largest change."""
    n, m = u.shape
    change = 0.0
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            v = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
            change = max(change, abs(v - u[i, j]))
            out[i, j] = v
    return change


def laplace(u, tmp, sweeps):
    """`sweeps` Jacobi sweeps, back and forth between `u` and `tmp` (same boundary values)."""
    change = 0.0
    for s in range(sweeps):
        if s % 2 == 0:
            change = jacobi_sweep(u, tmp)
        else:
            change = jacobi_sweep(tmp, u)
    return change


def mandelbrot(out, x0, x1, y0, y1, max_iter):
    """Escape-time counts for the grid of points spanning [x0, x1] × [y0, y1]; returns their sum."""
    h, w = out.shape
    total = 0
    for i in range(h):
        y = y0 + (y1 - y0) * i / (h - 1)
        for j in range(w):
            x = x0 + (x1 - x0) * j / (w - 1)
            zr = 0.0
            zi = 0.0
            n = 0
            while n < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + x, 2.0 * zr * zi + y
                n += 1
            out[i, j] = n
            total += n
    return total


def count_primes(n):
    """Number of primes below n, by trial division with while loops."""
    count = 0
    k = 2
    while k < n:
        is_prime = True
        d = 2
        while d * d <= k:
            if k % d == 0:
                is_prime = False
                break
            d += 1
        if is_prime:
            count += 1
        k += 1
    return count


def pairwise(x, out):
    """Euclidean distances between all rows of x, shape (n, d), into out, shape (n, n)."""
    n, d = x.shape
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = x[i, k] - x[j, k]
                s += t * t
            out[i, j] = math.sqrt(s)


def magnitude(x, y, z):
    """A whole-array expression returning a new array (one fused loop, no temporaries)."""
    return np.sqrt(x * x + y * y + z * z)


def rolling_mean(a, w):
    """Mean of every window of w values: allocates its result inside and returns it."""
    n = a.shape[0] - w + 1
    out = np.empty(n)
    s = a[:w].sum()
    out[0] = s / w
    for i in range(1, n):
        s += a[i + w - 1] - a[i - 1]
        out[i] = s / w
    return out


def fib(n):
    """Naive recursion: about 1.6 ** n calls."""
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
