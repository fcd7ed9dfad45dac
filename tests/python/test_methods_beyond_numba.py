"""Array-method keywords, axes and inputs Numba does not accept but NumPy does (cumprod along
an axis, a.sort(axis=-1), a.astype(dtype=...), a.clip(max=...), np.vdot of C-contiguous n-d
arrays, a tuple for interp's x): oxjit runs them, so they are checked against NumPy itself.
What Numba also runs is in tests/kernels/run/np_sort_search.py and np_linalg.py."""

import numpy as np
import pytest
from oxjit import njit
from oxjit.errors import TypingError


@njit
def cumprod_axis(a, k):
    return np.cumprod(a, axis=k), a.cumprod(axis=k), a.cumprod(k)


@njit
def cumprod_axis_dtype(a):
    return np.cumprod(a, 1, np.float64), a.cumprod(axis=0, dtype=np.int32)


INPUTS = [
    np.arange(1.0, 13.0).reshape(3, 4) / 2.0,
    np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4) % 5 - 2),
    np.arange(30.0).reshape(5, 6)[::2, 1::2] % 3 - 1.0,
    np.array([[1.5, np.nan, -0.0], [0.5, -0.0, np.inf]]),
    np.array([[True, False, True], [True, True, False]]),
    np.arange(6, dtype=np.uint8).reshape(2, 3),
]


def _same(got, want):
    assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
    np.testing.assert_array_equal(got, want)
    # and the signs of zeros
    assert np.array_equal(np.signbit(got), np.signbit(want)) if got.dtype.kind == "f" else True


@pytest.mark.parametrize("a", INPUTS, ids=["c", "f_int32", "strided", "nan_zero", "bool", "uint8"])
def test_cumprod_along_each_axis_matches_numpy(a):
    for k in range(-a.ndim, a.ndim):
        with np.errstate(invalid="ignore"):  # -0.0 * inf
            want = np.cumprod(a, axis=k)
        for got in cumprod_axis(a, k):
            _same(got, want)


def test_cumprod_axis_dtype_and_errors():
    a = np.arange(1, 13, dtype=np.int16).reshape(3, 4)
    got = cumprod_axis_dtype(a)
    _same(got[0], np.cumprod(a, 1, np.float64))
    _same(got[1], a.cumprod(axis=0, dtype=np.int32))
    with pytest.raises(ValueError):
        cumprod_axis(a, 2)


@njit
def sort_last_axis(a):
    b = a.copy()
    b.sort(axis=-1, kind="mergesort")
    return b, a.argsort(axis=0, kind="stable") if a.ndim == 1 else a.argsort(kind="stable")


def test_sort_axis_keyword_is_the_last_axis():
    x = np.array([3.0, 1.0, np.nan, 2.0, 1.0])
    b, idx = sort_last_axis(x)
    _same(b, np.sort(x, axis=-1, kind="stable"))
    _same(idx, np.argsort(x, kind="stable"))


def test_sort_along_another_axis_is_refused():
    @njit
    def sort_axis0(a):
        a.sort(axis=0)

    with pytest.raises(TypingError, match="last axis"):
        sort_axis0(np.zeros((2, 2)))


@njit
def method_keywords(a):
    return a.astype(dtype=np.int32), a.clip(max=2.5), a.clip(min=1.0, max=None), a.reshape(shape=(a.size,))


def test_keywords_of_other_methods():
    a = np.arange(6.0).reshape(2, 3) / 1.5
    got = method_keywords(a)
    _same(got[0], a.astype(np.int32))
    _same(got[1], a.clip(max=2.5))
    _same(got[2], a.clip(min=1.0))
    _same(got[3], a.reshape(a.size))


def test_clip_with_one_bound_given_is_a_typing_error():
    @njit
    def clip_min(a):
        return a.clip(min=1.0)

    with pytest.raises(TypingError, match="pass None"):
        clip_min(np.zeros(3))


@njit
def vdot(a, b):
    return np.vdot(a, b)


def test_vdot_flattens_c_contiguous_arrays():
    r = np.random.RandomState(3)
    a = r.randint(-3, 4, (3, 4)) + 1j * r.randint(-3, 4, (3, 4))
    b = r.randint(-3, 4, (3, 4)) - 2j
    assert vdot(a, b) == np.vdot(a, b)
    x = r.randint(-3, 4, (2, 5)).astype(np.float64)
    assert vdot(x, x) == np.vdot(x, x)
    with pytest.raises(ValueError):
        vdot(x, np.ones((3, 3)))


@njit
def interp_tuple_x():
    return np.interp((0.5, 1.5, 5.0), (0.0, 1.0, 2.0), (1.0, 3.0, 2.0))


def test_interp_of_tuples():
    _same(interp_tuple_x(), np.interp((0.5, 1.5, 5.0), (0.0, 1.0, 2.0), (1.0, 3.0, 2.0)))
