"""oxjit ufuncs (``@vectorize``, eager and lazy) called from compiled code, as Numba allows.

On scalars the call gives a scalar, with an array argument a new array (NumPy broadcasting),
or the explicit output array. An eager ufunc uses the loop NumPy would pick (the first
signature every argument casts to safely); a lazy one compiles its kernel for the argument
element types. Results are compared exactly (dtype, shape, values) with the ufunc called from
Python, and with Numba's ``@vectorize`` called from ``numba.njit`` where Numba is installed.
"""

import numpy as np
import oxjit
import pytest
from oxjit import _native, guvectorize, njit, vectorize
from oxjit.errors import TypingError


def _same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
        return
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), type(got)
    else:
        assert not isinstance(got, np.ndarray), type(got)
    g, w = np.asarray(got), np.asarray(want)
    assert g.dtype == w.dtype, (g.dtype, w.dtype)
    assert g.shape == w.shape, (g.shape, w.shape)
    np.testing.assert_array_equal(g, w)


# ---------------------------------------------------------------------------------------------
# Kernels (plain functions: each test decorates them with oxjit's or Numba's decorators)


def _rel(a, b):
    return (a - b) / b


def _axpy(a, b):
    return a * 2 + b


def _sq(x):
    return x * x


def _clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def _checked(x):
    if x < 0:
        raise ValueError("negative input")
    return x + 1.0


REL_SIGS = ["float64(float64, float64)", "float32(float32, float32)"]
AXPY_SIGS = ["int64(int64, int64)", "float64(float64, float64)", "complex128(complex128, complex128)"]

rel = vectorize(REL_SIGS)(_rel)
axpy = vectorize(AXPY_SIGS)(_axpy)
sq = vectorize(_sq)
clamp = vectorize(["float64(float64, float64, float64)", "int64(int64, int64, int64)"])(_clamp)
checked = vectorize(["float64(float64)"])(_checked)


@vectorize(["float64(float64)", "int64(int64)"])
def first_float(x):
    return x + 1


@vectorize(["float64(float64, float64)"])
def add(x, y):
    # Named like numpy.add: compiled code must call this one.
    return x - y


@vectorize(["float64(float64, float64)"])
def divide(a, b):
    return a / b


# ---------------------------------------------------------------------------------------------
# The example of the issue


@njit
def issue_example(x, y, arr):
    s = rel(x, y)
    out = rel(arr, y)
    return s, out, sq(arr)


def test_issue_example():
    arr = np.arange(1.0, 6.0)
    got = issue_example(1.0, 2.0, arr)
    _same(got, (rel(1.0, 2.0).item(), rel(arr, 2.0), sq(arr)))
    assert type(got[0]) is float


def test_lazy_ufunc_types_follow_the_arguments():
    ints = np.arange(-3, 4)
    f32 = np.linspace(-1, 1, 7, dtype=np.float32)
    got = issue_example(3, 2, ints)
    _same(got[2], sq(ints))
    assert got[2].dtype == np.int64
    _same(issue_example(1.5, 0.5, f32)[2], sq(f32))


# ---------------------------------------------------------------------------------------------
# Scalars


@njit
def call2(x, y):
    return axpy(x, y)


@pytest.mark.parametrize(
    "x, y",
    [
        (3, 4),
        (3, 4.5),
        (2.5, 4),
        (np.int32(7), np.int8(-2)),
        (np.float32(1.5), np.float32(2.25)),
        (np.uint8(200), np.uint8(100)),
        (True, 5),
        (1 + 2j, 3.0),
    ],
)
def test_eager_loop_selection_on_scalars(x, y):
    got = call2(x, y)
    want = axpy(np.asarray(x), np.asarray(y))[()]
    assert type(got) is type(want.item())
    assert np.asarray(got).dtype == want.dtype or isinstance(got, (int, float, complex))
    assert got == want


def test_scalar_result_types():
    assert type(call2(3, 4)) is int and call2(3, 4) == 10
    assert type(call2(3, 4.5)) is float and call2(3, 4.5) == 10.5  # int, float: the float64 loop
    assert type(call2(1j, 1)) is complex and call2(1j, 1) == 1 + 2j


@njit
def first_of(x):
    return first_float(x)


def test_loops_are_tried_in_signature_order():
    # int64 casts safely to float64, and the float64 loop comes first: Numba's rule for its
    # ufuncs in compiled code. (NumPy 2 called from Python prefers a loop matching the dtypes
    # exactly, and gives int64 here.)
    assert first_of(3) == 4.0 and type(first_of(3)) is float
    _same(first_of(np.arange(3)), np.arange(3) + 1.0)
    _same(first_of(np.arange(3, dtype=np.int8)), np.arange(3) + 1.0)


@njit
def call_named_add(x, y):
    return add(x, y)


def test_a_ufunc_named_like_a_numpy_ufunc_is_not_numpy_s():
    assert call_named_add(1.0, 3.0) == -2.0
    _same(call_named_add(np.ones(3), 3.0), add(np.ones(3), 3.0))


@njit
def kernel_error_model(a, b):
    return divide(a, b)


def test_the_kernel_keeps_numpy_s_error_model():
    assert kernel_error_model(1.0, 0.0) == np.inf
    _same(kernel_error_model(np.array([1.0, -1.0]), 0.0), np.array([np.inf, -np.inf]))


@njit
def three_args(x, lo, hi):
    return clamp(x, lo, hi)


def test_three_inputs():
    assert three_args(5, 0, 3) == 3
    assert three_args(-1.5, 0, 3) == 0.0
    a = np.linspace(-2, 5, 15)
    _same(three_args(a, 0.0, np.array([1.0, 2.0, 3.0])[:, None]), clamp(a, 0.0, np.array([1.0, 2.0, 3.0])[:, None]))


# ---------------------------------------------------------------------------------------------
# Arrays: dtypes, layouts, ndims, broadcasting, empty arrays


def _arrays():
    base = np.arange(24.0).reshape(4, 6) - 7.5
    return [
        base,
        np.asfortranarray(base),
        base[::2, 1::2],
        base.T,
        base[:, 2],
        base.reshape(2, 3, 4),
        np.zeros(0),
        np.zeros((0, 3)),
        np.asarray(2.5),
        base.astype(np.float32),
        np.arange(10, dtype=np.int32),
        np.arange(12, dtype=np.uint16).reshape(3, 4),
        np.array([True, False, True]),
    ]


@njit
def rel_with(a, b):
    return rel(a, b)


@njit
def axpy_with(a, b):
    return axpy(a, b)


@njit
def sq_of(a):
    return sq(a)


def _py(x):
    """The ufunc called from Python: NumPy's 0-d results are scalars in compiled code."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


@pytest.mark.parametrize("k", range(len(_arrays())))
def test_arrays_match_the_python_call(k):
    a = _arrays()[k]
    if a.dtype not in (np.bool_, np.float32):  # NumPy would pick float32's exact loop
        _same(rel_with(a, 3.0), _py(rel(a, 3.0)))
    _same(axpy_with(a, 2), _py(axpy(a, 2)))
    _same(axpy_with(3, a), _py(axpy(3, a)))
    _same(sq_of(a), _py(sq(a)))


def test_0d_arrays_give_scalars():
    assert rel_with(np.asarray(2.5), 2.0) == 0.25 and type(rel_with(np.asarray(2.5), 2.0)) is float
    assert type(sq_of(np.asarray(3))) is int


def test_f_ordered_inputs_give_an_f_ordered_result():
    a = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    r = rel_with(a, a + 1)
    assert r.flags.f_contiguous
    _same(r, rel(a, a + 1))
    assert rel_with(a, np.ones((3, 4))).flags.c_contiguous


@pytest.mark.parametrize(
    "sa, sb",
    [((4, 1), (3,)), ((2, 1, 3), (4, 1)), ((1,), (5,)), ((0, 1), (1, 4)), ((3,), ())],
)
def test_broadcasting(sa, sb):
    a = np.arange(1, 1 + int(np.prod(sa)), dtype=np.float64).reshape(sa)
    b = (np.arange(int(np.prod(sb)), dtype=np.float64) + 0.5).reshape(sb)
    _same(rel_with(a, b), rel(a, b))
    _same(axpy_with(a.astype(np.int64), b.astype(np.int16)), axpy(a.astype(np.int64), b.astype(np.int16)))


def test_shapes_that_do_not_broadcast_raise_value_error():
    with pytest.raises(ValueError):
        rel_with(np.ones(3), np.ones(4))


def test_arrays_of_several_dtypes_pick_the_loop_numpy_picks():
    for dt in (np.int8, np.uint32, np.int64, np.float32, np.float64, np.complex64):
        a = np.arange(6).astype(dt)
        _same(axpy_with(a, a), axpy(a, a))
    # float32 casts safely to float64, whose loop comes first (Numba's rule; NumPy 2 from
    # Python prefers float32's exact match).
    f32 = np.arange(5, dtype=np.float32)
    _same(rel_with(f32, f32 + 1), rel(f32.astype(np.float64), f32 + 1.0))


# ---------------------------------------------------------------------------------------------
# Explicit output


@njit
def rel_into(a, b, out):
    return rel(a, b, out)


@njit
def rel_into_kw(a, b, out):
    rel(a, b, out=out)
    return out.sum()


def test_out_argument():
    a = np.arange(1.0, 7.0).reshape(2, 3)
    out = np.zeros((2, 3))
    r = rel_into(a, 2.0, out)
    _same(out, rel(a, 2.0))
    assert r is not None and np.shares_memory(r, out)
    out32 = np.zeros(3, dtype=np.float32)
    rel_into(np.arange(1.0, 4.0), 2.0, out32)  # float64 results into float32 (same_kind)
    _same(out32, rel(np.arange(1.0, 4.0), 2.0).astype(np.float32))
    out2 = np.zeros((4, 3))
    assert rel_into_kw(np.arange(1.0, 4.0), 2.0, out2) == rel(np.arange(1.0, 4.0), 2.0).sum() * 4


@njit
def sq_into(a, out):
    sq(a, out)
    return out


def test_out_of_a_lazy_ufunc():
    out = np.zeros(4)
    _same(sq_into(np.arange(4), out), np.array([0.0, 1.0, 4.0, 9.0]))


# ---------------------------------------------------------------------------------------------
# Errors


@njit
def no_loop(z):
    return rel(z, 1.0)


def test_no_matching_loop_is_a_typing_error_at_the_call():
    with pytest.raises(TypingError) as e:
        no_loop(1 + 1j)
    assert "no loop" in str(e.value)
    assert e.value.lineno == no_loop.py_func.__code__.co_firstlineno + 2
    assert "return rel(z, 1.0)" in str(e.value)


@njit
def wrong_arity(x):
    return rel(x)


def test_wrong_number_of_arguments():
    with pytest.raises(TypingError, match="takes 2 arguments"):
        wrong_arity(1.0)


@njit
def raises_inside(a):
    return checked(a)


def test_an_error_in_the_kernel_propagates():
    assert raises_inside(1.0) == 2.0
    with pytest.raises(ValueError, match="negative input"):
        raises_inside(-1.0)
    before = _native.runtime_stats()["live_blocks"]
    for _ in range(3):
        with pytest.raises(ValueError, match="negative input"):
            raises_inside(np.array([1.0, -1.0, 2.0]))
    assert _native.runtime_stats()["live_blocks"] == before  # the new array was released
    _same(raises_inside(np.arange(3.0)), np.arange(1.0, 4.0))


@guvectorize(["void(float64[:], float64[:])"], "(n)->()")
def gsum(x, out):
    out[0] = x.sum()


@njit
def calls_gufunc(a):
    return gsum(a)


def test_a_gufunc_is_refused_clearly():
    with pytest.raises(TypingError, match="generalized ufunc"):
        calls_gufunc(np.ones(3))


# ---------------------------------------------------------------------------------------------
# Inside other kernels: @vectorize and @guvectorize, and @njit callees


@vectorize(["float64(float64, float64)", "int64(int64, int64)"])
def uses_rel(a, b):
    return rel(a, b) + sq(b)


def test_inside_a_vectorize_kernel():
    a = np.arange(1.0, 6.0)
    _same(uses_rel(a, 2.0), (a - 2.0) / 2.0 + 4.0)
    # int64 inputs run the first loop they cast to safely, the float64 one (NumPy's linear
    # search, as for Numba's ufuncs), which calls rel's and sq's float64 instances
    _same(uses_rel(np.arange(4), np.int64(2)), (np.arange(4) - 2) / 2 + 4.0)
    # the int64 loop itself: rel's float64 loop and sq's int64 instance, truncated to int64
    _same(uses_rel(np.arange(4), np.int64(2), dtype=np.int64), ((np.arange(4) - 2) / 2 + 4).astype(np.int64))


@vectorize
def lazy_uses(a):
    return axpy(a, a) - 1


def test_inside_a_lazy_vectorize_kernel():
    _same(lazy_uses(np.arange(4)), np.arange(4) * 3 - 1)
    _same(lazy_uses(np.arange(4.0)), np.arange(4.0) * 3 - 1)


@guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)")
def grel(x, b, out):
    for i in range(x.shape[0]):
        out[i] = rel(x[i], b) + sq(x[i])


@guvectorize(["void(float64[:], float64[:])"], "(n)->(n)")
def gsq_arrays(x, out):
    out[:] = sq(x) + rel(x, 2.0)


def test_inside_a_guvectorize_kernel():
    x = np.arange(1.0, 9.0).reshape(2, 4)
    _same(grel(x, 2.0), (x - 2.0) / 2.0 + x * x)
    _same(gsq_arrays(x), x * x + (x - 2.0) / 2.0)


@njit
def inner(a):
    return sq(a) + 1


@njit
def outer(a):
    t = 0.0
    for i in range(a.shape[0]):
        t += rel(a[i], 2.0)
    return inner(a), t


def test_through_njit_callees_and_in_loops():
    a = np.arange(1.0, 5.0)
    got = outer(a)
    _same(got[0], a * a + 1)
    assert got[1] == sum((x - 2.0) / 2.0 for x in a)


@njit
def ufunc_in_expression(a, b):
    return rel(a * 2.0, b) + np.sqrt(sq(a))


def test_mixed_with_array_expressions():
    a = np.arange(1.0, 6.0)
    _same(ufunc_in_expression(a, 3.0), rel(a * 2.0, 3.0) + np.sqrt(sq(a)))


@njit(parallel=True)
def rel_parallel(a, b):
    return rel(a, b) * 2.0 + sq(a)


def test_in_a_parallel_function():
    # Large enough for the elementwise loop to be split across the thread pool.
    a = np.linspace(1.0, 2.0, 200_000)
    _same(rel_parallel(a, 3.0), rel(a, 3.0) * 2.0 + sq(a))
    b = np.linspace(1.0, 2.0, 400_000).reshape(400, 1000)[:, ::3]
    _same(rel_parallel(b, b[0]), rel(b, b[0]) * 2.0 + sq(b))


@njit
def ufunc_held_in_a_variable(a, b):
    g = rel
    return g(a, b)


def test_a_ufunc_held_in_a_variable():
    assert ufunc_held_in_a_variable(3.0, 2.0) == 0.5
    _same(ufunc_held_in_a_variable(np.arange(3.0), 2.0), rel(np.arange(3.0), 2.0))


# ---------------------------------------------------------------------------------------------
# Against Numba


def _caller2(uf):
    def call(a, b):
        return uf(a, b)

    return call


def _caller1(uf):
    def call(a):
        return uf(a)

    return call


NUMBA_CASES = [
    (3, 4),
    (3, 4.5),
    (np.float32(1.5), np.float32(2.0)),
    (np.int32(3), np.int8(4)),
    (np.arange(6.0).reshape(2, 3), 2.0),
    (np.arange(6).reshape(2, 3), np.arange(3)),
    (np.arange(6, dtype=np.float32), np.float32(2)),
    (np.asfortranarray(np.ones((3, 2))), np.arange(2.0)),
    (np.arange(12.0).reshape(3, 4)[:, ::2], np.ones((3, 1))),
    (np.zeros((0, 2)), 1.0),
    (np.asarray(2.5), 3.0),
    (np.asarray(7), np.arange(3)),
]


@pytest.mark.parametrize("k", range(len(NUMBA_CASES)))
def test_against_numba(k):
    numba = pytest.importorskip("numba")
    x, y = NUMBA_CASES[k]
    for kernel, sigs in ((_axpy, AXPY_SIGS), (_rel, REL_SIGS)):
        mine = njit(_caller2(vectorize(sigs)(kernel)))
        theirs = numba.njit(_caller2(numba.vectorize(sigs)(kernel)))
        _same(mine(x, y), theirs(x, y))
    mine = njit(_caller1(vectorize(_sq)))
    theirs = numba.njit(_caller1(numba.vectorize(_sq)))
    _same(mine(x), theirs(x))


@njit(parallel=True)
def raises_inside_parallel(a):
    return checked(a)


def test_an_error_in_the_kernel_in_parallel_chunks_releases_the_result():
    import oxjit

    big = np.arange(100_000.0)
    _same(raises_inside_parallel(big), big + 1.0)
    big[77_777] = -1.0
    try:
        for t in (1, 2, 3):
            oxjit.set_num_threads(t)
            before = _native.runtime_stats()["live_blocks"]
            for _ in range(3):
                with pytest.raises(ValueError, match="negative input"):
                    raises_inside_parallel(big)
            assert _native.runtime_stats()["live_blocks"] == before
    finally:
        oxjit.set_num_threads(oxjit.config.NUMBA_NUM_THREADS)
