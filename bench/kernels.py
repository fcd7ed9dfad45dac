"""Benchmark kernels, written once as plain Python functions.

bench/run.py applies `oxjit.njit` and `numba.njit` to these same functions, each engine in its own
fresh processes. The kernels of `FIRST_CALL` and `STEADY` use only what oxjit's first release
covers (issue 2): scalars, `range` loops, `while`, array indexing and element assignment, `math.*`;
their output arrays are passed in. The kernels of `ALLOC` (issue 3) are written the way a Numba
user writes them: they create their arrays inside (`np.empty_like`, `np.zeros`, array expressions,
`np.random`) and return them.

The dicts at the end say how each kernel is called; the inputs come from a fixed seed, so every
process and both engines see the same numbers.
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


# --------------------------------------------------------------------------------------------
# Kernels that allocate inside and return their result (issue 3).
# --------------------------------------------------------------------------------------------


def stencil_alloc(u):
    """One Jacobi sweep of the 5-point Laplacian into a new array; the border is copied."""
    n, m = u.shape
    out = np.empty_like(u)
    out[0, :] = u[0, :]
    out[n - 1, :] = u[n - 1, :]
    out[:, 0] = u[:, 0]
    out[:, m - 1] = u[:, m - 1]
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
    return out


def rolling_mean(a, w):
    """Mean over a sliding window of `w` (running sum); NaN until the window is full."""
    n = a.shape[0]
    out = np.empty(n)
    out[: w - 1] = np.nan
    s = 0.0
    for i in range(w):
        s += a[i]
    out[w - 1] = s / w
    for i in range(w, n):
        s += a[i] - a[i - w]
        out[i] = s / w
    return out


def rolling_std(a, w):
    """Population standard deviation over a sliding window (running sums of x and x²)."""
    n = a.shape[0]
    out = np.full(n, np.nan)
    s = 0.0
    s2 = 0.0
    for i in range(n):
        x = a[i]
        s += x
        s2 += x * x
        if i >= w:
            y = a[i - w]
            s -= y
            s2 -= y * y
        if i >= w - 1:
            mean = s / w
            var = s2 / w - mean * mean
            out[i] = math.sqrt(var) if var > 0.0 else 0.0
    return out


def nbody_loop(x, v, m, dt, eps):
    """Leapfrog step of a softened n-body system: a loop over bodies, array ops over the others."""
    n = x.shape[0]
    acc = np.zeros_like(x)
    for i in range(n):
        dx = x[:, 0] - x[i, 0]
        dy = x[:, 1] - x[i, 1]
        dz = x[:, 2] - x[i, 2]
        r2 = dx * dx + dy * dy + dz * dz + eps * eps
        inv = m / (r2 * np.sqrt(r2))
        acc[i, 0] = (dx * inv).sum()
        acc[i, 1] = (dy * inv).sum()
        acc[i, 2] = (dz * inv).sum()
    v_new = v + dt * acc
    x_new = x + dt * v_new
    return x_new, v_new


def nbody_bcast(x, v, m, dt, eps):
    """The same step with (n, n) pairwise arrays built by broadcasting a column against a row."""
    dx = x[:, 0:1] - x[:, 0]
    dy = x[:, 1:2] - x[:, 1]
    dz = x[:, 2:3] - x[:, 2]
    r2 = dx * dx + dy * dy + dz * dz + eps * eps
    inv = m / (r2 * np.sqrt(r2))
    n = x.shape[0]
    acc = np.empty_like(x)
    for i in range(n):
        acc[i, 0] = -(dx[i] * inv[i]).sum()
        acc[i, 1] = -(dy[i] * inv[i]).sum()
        acc[i, 2] = -(dz[i] * inv[i]).sum()
    v_new = v + dt * acc
    x_new = x + dt * v_new
    return x_new, v_new


def mandelbrot(width, height, max_iter):
    """Escape-time counts of a width × height grid of the complex plane, into an int32 array."""
    out = np.zeros((height, width), np.int32)
    for r in range(height):
        ci = -1.2 + 2.4 * r / height
        for c in range(width):
            cr = -2.2 + 3.2 * c / width
            zr = 0.0
            zi = 0.0
            k = 0
            while k < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                k += 1
            out[r, c] = k
    return out


def mandelbrot_complex(width, height, max_iter):
    """The same with Python complex numbers and `abs(z)`, as in Numba's own examples."""
    out = np.zeros((height, width), np.int32)
    for r in range(height):
        for c in range(width):
            p = complex(-2.2 + 3.2 * c / width, -1.2 + 2.4 * r / height)
            z = 0j
            k = 0
            while k < max_iter and abs(z) <= 2.0:
                z = z * z + p
                k += 1
            out[r, c] = k
    return out


def lcs_table(a, b):
    """Longest-common-subsequence table of two int arrays; its last cell is the LCS length."""
    n = a.shape[0]
    m = b.shape[0]
    t = np.zeros((n + 1, m + 1), np.int64)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if a[i - 1] == b[j - 1]:
                t[i, j] = t[i - 1, j - 1] + 1
            else:
                t[i, j] = max(t[i - 1, j], t[i, j - 1])
    return t


def sieve(n):
    """Sieve of Eratosthenes: the bool mask of the primes in 0..n (strided slice assignment)."""
    is_prime = np.ones(n + 1, np.bool_)
    is_prime[:2] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            is_prime[i * i :: i] = False
        i += 1
    return is_prime


def histogram(x, lo, hi, bins):
    """Counts of `x` in `bins` equal bins over [lo, hi); values outside are dropped."""
    h = np.zeros(bins, np.int64)
    scale = bins / (hi - lo)
    for i in range(x.shape[0]):
        v = x[i]
        if v >= lo and v < hi:
            h[int((v - lo) * scale)] += 1
    return h


def mc_pi(n, seed):
    """Monte-Carlo estimate of pi from `n` pairs of np.random.random(), seeded inside."""
    np.random.seed(seed)
    inside = 0
    for _ in range(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return 4.0 * inside / n


def random_walks(n_walkers, n_steps, seed):
    """End points of Gaussian random walks that restart at 0 with probability 5% per step."""
    np.random.seed(seed)
    pos = np.zeros(n_walkers)
    for w in range(n_walkers):
        steps = np.random.normal(0.0, 1.0, size=n_steps)
        x = 0.0
        for s in range(n_steps):
            if np.random.random() < 0.05:
                x = 0.0
            x += steps[s]
        pos[w] = x
    return pos


def fused_expr(a, b, c, d):
    """A whole-array expression returning a new array (one fused loop, no temporaries)."""
    return a * b + c / 2.0 - np.sqrt(d)


def alloc_fill(n):
    """A big array allocated, filled and returned on every call."""
    out = np.zeros(n)
    for i in range(n):
        out[i] = 0.5 * i
    return out


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


def _nbody_args(n=1000):
    rng = _rng()
    return (
        rng.random((n, 3)),
        rng.normal(0.0, 0.1, (n, 3)),
        rng.random(n) / n,
        1e-3,
        0.05,
    )


def _expr_args(n=5_000_000):
    rng = _rng()
    return tuple(rng.random(n) for _ in range(4))


def _lcs_args(n=3000):
    rng = _rng()
    return (rng.integers(0, 4, n), rng.integers(0, 4, n))


# name -> (kernel, make_args, the call and its inputs, relative tolerance of the oxjit / Numba
# comparison: 0 = bit-identical; 1e-12 where a float sum's order of additions may differ).
ALLOC = {
    "stencil_alloc": (
        stencil_alloc,
        lambda: (_rng().random((2000, 2000)),),
        "stencil_alloc(u), u 2000×2000 float64",
        0,
    ),
    "rolling_mean": (
        rolling_mean,
        lambda: (_rng().random(4_000_000), 50),
        "rolling_mean(a, 50), a 4M = 4,000,000 float64 (32.0 MB)",
        0,
    ),
    "rolling_mean_4Mi": (
        rolling_mean,
        lambda: (_rng().random(4 * 2**20), 50),
        "rolling_mean(a, 50), a 4Mi = 4,194,304 float64 (32 MiB result)",
        0,
    ),
    "rolling_std": (
        rolling_std,
        lambda: (_rng().random(4_000_000), 50),
        "rolling_std(a, 50), a 4M float64",
        0,
    ),
    "nbody_loop": (
        nbody_loop,
        _nbody_args,
        "nbody_loop(x, v, m, dt, eps), 1000 bodies, x v (1000, 3)",
        1e-12,
    ),
    "nbody_bcast": (
        nbody_bcast,
        _nbody_args,
        "nbody_bcast(x, v, m, dt, eps), 1000 bodies, (1000, 1000) temporaries",
        1e-12,
    ),
    "mandelbrot": (
        mandelbrot,
        lambda: (600, 400, 100),
        "mandelbrot(600, 400, 100) → 400×600 int32",
        0,
    ),
    "mandelbrot_complex": (
        mandelbrot_complex,
        lambda: (600, 400, 100),
        "mandelbrot_complex(600, 400, 100), complex128",
        0,
    ),
    "lcs_table": (
        lcs_table,
        _lcs_args,
        "lcs_table(a, b), 2 × 3000 int64 → 3001×3001 int64",
        0,
    ),
    "sieve": (sieve, lambda: (10_000_000,), "sieve(10M) → 10M bool", 0),
    "histogram": (
        histogram,
        lambda: (_rng().normal(0.0, 1.0, 10_000_000), -4.0, 4.0, 100),
        "histogram(x, -4, 4, 100), x 10M float64",
        0,
    ),
    "mc_pi": (
        mc_pi,
        lambda: (2_000_000, 12345),
        "mc_pi(2M, seed): 4M scalar np.random.random()",
        0,
    ),
    "random_walks": (
        random_walks,
        lambda: (1000, 1000, 12345),
        "random_walks(1000, 1000, seed): normal(size=1000) ×1000, 1M random()",
        0,
    ),
    "fused_expr": (
        fused_expr,
        _expr_args,
        "a * b + c / 2.0 - np.sqrt(d), 4 × 5M float64",
        0,
    ),
    "alloc_fill": (
        alloc_fill,
        lambda: (4_000_000,),
        "alloc_fill(4M): np.zeros(4M), fill, return",
        0,
    ),
    "alloc_fill_4Mi": (
        alloc_fill,
        lambda: (4 * 2**20,),
        "alloc_fill(4Mi = 4,194,304): 32 MiB per call",
        0,
    ),
}
