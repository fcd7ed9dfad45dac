"""`parallel=True` with `prange`: every parallel kernel against its serial self.

Each kernel is compiled twice, with `parallel=True` and without (then `prange` is a plain
loop), and run for thread counts 1, 2, 3 and 8 on loop counts 0, 1, fewer than the threads,
and large: integer results must be identical, float reductions equal to 1e-12 relative (the
chunks' partials are added in a different order than the serial loop adds the elements).
Also: thread-count semantics, thread ids, concurrent callers, nesting, errors, fork, and the
diagnostics for loops whose iterations are not independent.
"""

import math
import os
import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest

import oxjit
from oxjit import prange

THREADS = [1, 2, 3, 8]
COUNTS = [0, 1, 2, 7, 1000, 100_003]


def both(func, **opts):
    return oxjit.njit(parallel=True, **opts)(func), oxjit.njit(**opts)(func)


@pytest.fixture(autouse=True)
def restore_threads():
    before = oxjit.get_num_threads()
    yield
    oxjit.set_num_threads(before)


def same(par, ser, rel=0.0):
    if isinstance(ser, tuple):
        assert isinstance(par, tuple) and len(par) == len(ser)
        for p, s in zip(par, ser):
            same(p, s, rel)
        return
    if isinstance(ser, np.ndarray):
        assert par.dtype == ser.dtype and par.shape == ser.shape
        if rel == 0.0:
            np.testing.assert_array_equal(par, ser)
        else:
            np.testing.assert_allclose(par, ser, rtol=rel, atol=0)
        return
    assert type(par) is type(ser), (par, ser)
    if rel == 0.0 or not isinstance(ser, float):
        assert par == ser or (par != par and ser != ser), (par, ser)
    else:
        assert math.isclose(par, ser, rel_tol=rel, abs_tol=1e-300) or (par != par and ser != ser), (par, ser)


def check(func, make_args, rel=0.0, counts=COUNTS, **opts):
    par, ser = both(func, **opts)
    for n in counts:
        expected = ser(*make_args(n))
        for t in THREADS:
            oxjit.set_num_threads(t)
            same(par(*make_args(n)), expected, rel)


# ---- kernels -------------------------------------------------------------------------------


def elementwise(a, b):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        out[i] = math.sqrt(a[i]) * b[i] + 1.0
    return out


def float_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * a[i]
    return s


def int_reductions(a):
    s = 0
    p = 1
    lo = 1 << 60
    hi = -(1 << 60)
    x = 0
    o = 0
    for i in prange(a.shape[0]):
        v = a[i]
        s += v
        p *= (v % 3) + 1
        lo = min(lo, v)
        hi = max(v, hi)
        x ^= v
        o |= v
    return s, p, lo, hi, x, o


def sub_and_div(a):
    s = 100.0
    q = 1.0
    for i in prange(a.shape[0]):
        s -= a[i]
        q /= 1.0 + a[i] * 1e-6
    return s, q


def minmax_nan(a):
    m = np.inf
    M = -np.inf
    for i in prange(a.shape[0]):
        m = min(m, a[i])
        M = max(M, a[i])
    return m, M


def stepped(n):
    s = 0
    for i in prange(3, n, 7):
        s += i * i
    t = 0
    for i in prange(n, -5, -3):
        t += i
    return s, t


def rows(m):
    out = np.zeros(m.shape[0])
    for i in prange(m.shape[0]):
        acc = 0.0
        for j in range(m.shape[1]):
            acc += m[i, j] * (j + 1)
        out[i] = acc
    return out


def stencil(a):
    out = np.zeros_like(a)
    for i in prange(1, a.shape[0] - 1):
        for j in range(1, a.shape[1] - 1):
            out[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
    return out


@oxjit.njit
def helper(x, k):
    return x * k + 1


def calls_and_privates(a):
    out = np.empty(a.shape[0])
    total = 0.0
    for i in prange(a.shape[0]):
        tmp = np.arange(3.0) * a[i]  # a private array per iteration
        out[i] = helper(tmp.sum(), 2.0)
        total += out[i]
    return out, total


def nested(n):
    out = np.zeros((n, 5), dtype=np.int64)
    for i in prange(n):
        for j in prange(5):
            out[i, j] = i * 10 + j
    return out


def array_sums(m):
    acc = np.zeros(m.shape[1])
    prod = np.ones(m.shape[1])
    neg = np.zeros(m.shape[1])
    for i in prange(m.shape[0]):
        acc += m[i]
        prod *= 1.0 + m[i] * 1e-4
        neg -= m[i]
    return acc, prod, neg


def int_histogram(idx):
    h = np.zeros(8, dtype=np.int64)
    for i in prange(idx.shape[0]):
        one = np.zeros(8, dtype=np.int64)
        one[idx[i] % 8] = 1
        h += one
    return h


def make_vec(n):
    return (np.arange(n, dtype=np.float64) * 0.37 + 1.0,)


def make_int_vec(n):
    return (np.arange(n, dtype=np.int64) * 7919 % 1000 - 500,)


@pytest.mark.parametrize(
    "func,make,rel",
    [
        (elementwise, lambda n: (np.arange(n, dtype=np.float64), np.arange(n, dtype=np.float64) % 7), 0.0),
        (float_sum, make_vec, 1e-12),
        (int_reductions, make_int_vec, 0.0),
        (sub_and_div, make_vec, 1e-12),
        (minmax_nan, make_vec, 0.0),
        (stepped, lambda n: (n,), 0.0),
        (calls_and_privates, make_vec, 1e-12),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_parallel_equals_serial(func, make, rel):
    check(func, make, rel)


def test_two_dimensional():
    check(rows, lambda n: (np.arange(min(n, 3000) * 7, dtype=np.float64).reshape(-1, 7),), rel=0.0)
    check(stencil, lambda n: (np.arange((min(n, 500) + 2) * 9, dtype=np.float64).reshape(-1, 9) % 13,), rel=0.0)
    check(nested, lambda n: (min(n, 2000),))


def test_array_reductions():
    check(array_sums, lambda n: (np.arange(min(n, 20_000) * 3, dtype=np.float64).reshape(-1, 3) % 17,), rel=1e-12)
    check(int_histogram, lambda n: (np.arange(min(n, 20_000), dtype=np.int64) * 7,))


def test_array_reduction_frees_partials():
    from oxjit.decorators import _native_module

    f = oxjit.njit(parallel=True)(array_sums)
    m = np.ones((1000, 4))
    f(m)
    before = _native_module().runtime_stats()["live_blocks"]
    for t in THREADS:
        oxjit.set_num_threads(t)
        f(m)
    assert _native_module().runtime_stats()["live_blocks"] == before


def test_minmax_keep_nan_like_serial():
    par, ser = both(minmax_nan)
    a = np.arange(1000.0)
    a[517] = np.nan
    for t in THREADS:
        oxjit.set_num_threads(t)
        same(par(a), ser(a))
    a = np.full(10, np.nan)
    same(par(a), ser(a))


def test_prange_without_parallel_is_a_plain_loop():
    f = oxjit.njit(float_sum)
    assert f(np.arange(5.0)) == 30.0


# ---- array expressions in parallel functions --------------------------------------------------


def expr(b, c, d):
    return b * c + np.sqrt(d) - 1.5


def expr_inplace(a, b):
    a += b * 2.0
    a[1:] += a[:-1]  # overlapping operands: element by element, in order
    return a


def expr_broadcast(m, row, col):
    return m * row + col


def expr_out(a, b, out):
    np.add(a, b, out)
    np.multiply(out, 0.5, out)
    return out


@pytest.mark.parametrize("shape", [(0,), (5,), (100_003,), (0, 40_000), (1, 70_000), (3, 40_000), (700, 300)])
def test_array_expressions_equal_serial(shape):
    par, ser = both(expr)
    pin, sin_ = both(expr_inplace)
    pout, sout = both(expr_out)
    rng = np.random.default_rng(7)
    b, c, d = (rng.random(shape) for _ in range(3))
    views = [(b, c, d), (np.asfortranarray(b), c, d), (b[::-1], c, d[::-1])] if len(shape) == 1 else [
        (b, c, d), (np.asfortranarray(b), np.asfortranarray(c), np.asfortranarray(d)), (b[::-1, ::2], c[:, ::2], d[::-1, ::2])]
    for t in THREADS:
        oxjit.set_num_threads(t)
        for args in views:
            same(par(*args), ser(*args))
            same(pin(args[0].copy(), args[1]), sin_(args[0].copy(), args[1]))
            same(pout(args[0], args[1], np.empty_like(args[0])), sout(args[0], args[1], np.empty_like(args[0])))


def reductions_of_expr(a, b):
    e = a * b + 1.0
    return np.sum(e), e.mean(), np.prod(b * 1e-6 + 1.0), a.sum()


def int_reductions_whole(a):
    return a.sum(), np.prod(a % 3 + 1), a.mean()


@pytest.mark.parametrize("shape", [(0,), (3,), (200_001,), (400, 500)])
def test_whole_array_reductions_equal_serial(shape):
    par, ser = both(reductions_of_expr)
    ipar, iser = both(int_reductions_whole)
    rng = np.random.default_rng(3)
    a, b = rng.random(shape), rng.random(shape)
    ia = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape) % 1000
    for t in THREADS:
        oxjit.set_num_threads(t)
        for x, y in [(a, b), (np.asfortranarray(a), np.asfortranarray(b)), (a[::-1], b[::-1])]:
            same(par(x, y), ser(x, y), rel=1e-12)
        same(ipar(ia), iser(ia), rel=1e-12)


def test_array_expression_broadcasting():
    par, ser = both(expr_broadcast)
    m = np.arange(600 * 100, dtype=np.float64).reshape(600, 100)
    row = np.arange(100.0)
    col = np.arange(600.0).reshape(600, 1)
    for t in THREADS:
        oxjit.set_num_threads(t)
        same(par(m, row, col), ser(m, row, col))
        with pytest.raises(ValueError, match="broadcast"):
            par(m, np.ones(7), col)


# ---- threads -------------------------------------------------------------------------------


def test_thread_count_api():
    assert oxjit.get_num_threads() >= 1
    assert oxjit.config.NUMBA_NUM_THREADS >= 1
    oxjit.set_num_threads(3)
    assert oxjit.get_num_threads() == 3
    with pytest.raises(ValueError):
        oxjit.set_num_threads(0)
    with pytest.raises(TypeError):
        oxjit.set_num_threads(2.0)
    oxjit.set_num_threads(np.int64(2))
    assert oxjit.get_num_threads() == 2
    assert oxjit.threading_layer() == "oxjit"


def test_setting_is_per_python_thread():
    oxjit.set_num_threads(5)
    seen = []
    t = threading.Thread(target=lambda: seen.append(oxjit.get_num_threads()))
    t.start()
    t.join()
    assert seen == [oxjit.config.NUMBA_NUM_THREADS]
    assert oxjit.get_num_threads() == 5


def thread_ids(n):
    out = np.full(n, -1, dtype=np.int64)
    nt = np.zeros(n, dtype=np.int64)
    for i in prange(n):
        out[i] = oxjit.get_thread_id()
        nt[i] = oxjit.get_num_threads()
    return out, nt


def test_thread_ids_in_range_and_pool_grows():
    f = oxjit.njit(parallel=True)(thread_ids)
    for t in [1, 2, 8, 12]:
        oxjit.set_num_threads(t)
        ids, nt = f(10_000)
        assert ids.min() >= 0 and ids.max() < t
        assert (nt == t).all()
    from oxjit.decorators import _native_module

    assert _native_module()._pool_workers() >= 11  # grown past the default, at run time


def threads_in_compiled(k):
    oxjit.set_num_threads(k)
    return oxjit.get_num_threads()


def test_thread_functions_inside_compiled_code():
    f = oxjit.njit(threads_in_compiled)
    assert f(3) == 3
    assert oxjit.get_num_threads() == 3
    with pytest.raises(ValueError):
        f(0)


def test_env_var_sets_default():
    code = "import oxjit; print(oxjit.get_num_threads(), oxjit.config.NUMBA_NUM_THREADS)"
    for var in ["OXJIT_NUM_THREADS", "NUMBA_NUM_THREADS"]:
        env = dict(os.environ)
        env.pop("OXJIT_NUM_THREADS", None)
        env.pop("NUMBA_NUM_THREADS", None)
        env[var] = "3"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.split() == ["3", "3"]


def test_concurrent_python_threads():
    f = oxjit.njit(parallel=True, nogil=True)(float_sum)
    a = np.arange(200_000, dtype=np.float64)
    expected = oxjit.njit(float_sum)(a)
    errors = []

    def work(k):
        oxjit.set_num_threads(1 + k % 3)
        for _ in range(30):
            r = f(a)
            if not math.isclose(r, expected, rel_tol=1e-12):
                errors.append(r)

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == []


@oxjit.njit(parallel=True)
def inner_parallel(a, k):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * k
    return s


def outer_parallel(a):
    out = np.zeros(8)
    for k in prange(8):
        out[k] = inner_parallel(a, k)
    return out


def test_parallel_function_called_from_parallel_loop():
    oxjit.set_num_threads(2)
    f = oxjit.njit(parallel=True)(outer_parallel)
    a = np.arange(1000.0)
    np.testing.assert_allclose(f(a), [a.sum() * k for k in range(8)], rtol=1e-12)


def raises_in_body(a):
    s = 0.0
    for i in prange(a.shape[0]):
        if a[i] > 500:
            raise ValueError("too big")
        s += a[i]
    return s


def test_exception_in_body():
    f = oxjit.njit(parallel=True)(raises_in_body)
    for t in THREADS:
        oxjit.set_num_threads(t)
        assert f(np.arange(100.0)) == 4950.0
        with pytest.raises(ValueError, match="too big"):
            f(np.arange(1000.0))


def allocates(n):
    total = 0.0
    for i in prange(n):
        x = np.ones(100) * i
        total += x.sum()
    return total


def test_private_arrays_are_freed():
    from oxjit.decorators import _native_module

    f = oxjit.njit(parallel=True)(allocates)
    oxjit.set_num_threads(3)
    f(10)
    before = _native_module().runtime_stats()["live_blocks"]
    assert f(5000) == 100.0 * 5000 * 4999 / 2
    assert _native_module().runtime_stats()["live_blocks"] == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_fork_after_pool_started():
    f = oxjit.njit(parallel=True)(float_sum)
    oxjit.set_num_threads(2)
    a = np.arange(100_000.0)
    expected = f(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads
        pid = os.fork()
    if pid == 0:
        ok = False
        try:
            oxjit.set_num_threads(2)
            ok = f(a) == expected
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


# ---- diagnostics ---------------------------------------------------------------------------


def carried(a):
    x = 0.0
    for i in prange(a.shape[0]):
        x = x * 0.5 + a[i]
    return x


def reads_reduction(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        a[i] = s
    return s


def cell_race(a):
    out = np.zeros(3)
    for i in prange(a.shape[0]):
        out[0] += a[i]
    return out


def histogram_race(idx, out):
    for i in prange(idx.shape[0]):
        for j in range(out.shape[0]):
            out[j] += idx[i]
    return out


@pytest.mark.parametrize("func,line", [(carried, "x = x * 0.5 + a[i]"), (reads_reduction, "a[i] = s"), (cell_race, "out[0] += a[i]")])
def test_race_errors(func, line):
    with pytest.raises(oxjit.TypingError) as e:
        oxjit.njit(parallel=True)(func)(np.arange(10.0))
    assert e.value.code == "E0320"
    assert line in str(e.value)
    # Serially the same code is fine.
    oxjit.njit(func)(np.arange(10.0))


def test_race_error_inner_loop():
    with pytest.raises(oxjit.TypingError, match="writes the same element"):
        oxjit.njit(parallel=True)(histogram_race)(np.arange(10.0), np.zeros(4))


def breaks(a):
    s = 0.0
    for i in prange(a.shape[0]):
        if a[i] > 5:
            break
        s += a[i]
    return s


def test_break_runs_serially_with_warning():
    with pytest.warns(oxjit.errors.NumbaPerformanceWarning, match="runs serially"):
        assert oxjit.njit(parallel=True)(breaks)(np.arange(10.0)) == 15.0


def last_value(a):
    x = 0.0
    for i in prange(a.shape[0]):
        x = a[i] * 2
    return x


def test_last_value_with_warning():
    f = oxjit.njit(parallel=True)(last_value)
    with pytest.warns(oxjit.errors.NumbaParallelSafetyWarning, match="read after it"):
        f(np.arange(3.0))
    for t in THREADS:
        oxjit.set_num_threads(t)
        assert f(np.arange(1000.0)) == 1998.0
        assert f(np.arange(0.0)) == 0.0


def maybe_assigned(m):
    out = np.zeros(m.shape[0])
    x = -1.0
    for i in prange(m.shape[0]):
        for j in range(m.shape[1]):
            x = m[i, j]
        out[i] = x
    return out


def test_variable_assigned_on_some_paths_warns_and_starts_from_entry_value():
    f = oxjit.njit(parallel=True)(maybe_assigned)
    with pytest.warns(oxjit.errors.NumbaParallelSafetyWarning, match="may be read before"):
        f(np.ones((2, 2)))
    for t in THREADS:
        oxjit.set_num_threads(t)
        m = np.arange(3000.0).reshape(1000, 3)
        np.testing.assert_array_equal(f(m), m[:, -1])
        assert (f(np.zeros((50, 0))) == -1.0).all()
