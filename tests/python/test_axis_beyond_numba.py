"""Reductions along an axis that Numba does not support (prod, min, max, mean with axis=):
oxjit runs them, so they are checked against NumPy itself (Numba cannot be the oracle)."""

import numpy as np
import pytest
from oxjit import njit


@njit
def prod_axis(a, k):
    return np.prod(a, axis=k)


@njit
def min_axis(a, k):
    return a.min(axis=k)


@njit
def max_axis(a, k):
    return np.max(a, axis=k)


@njit
def mean_axis(a, k):
    return a.mean(axis=k)


INPUTS = [
    np.arange(1.0, 13.0).reshape(3, 4),
    np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4) % 7),
    np.arange(30.0).reshape(5, 6)[::2, 1::2],
    np.array([[1.5, np.nan, -2.0], [0.5, 3.0, np.nan]]),
]


@pytest.mark.parametrize("a", INPUTS, ids=["c", "f_int32", "strided", "nan"])
@pytest.mark.parametrize(
    "f, ref",
    [
        (prod_axis, np.prod),
        (min_axis, np.min),
        (max_axis, np.max),
        (mean_axis, np.mean),
    ],
)
def test_axis_reductions_match_numpy(a, f, ref):
    for k in range(-a.ndim, a.ndim):
        got, want = f(a, k), ref(a, axis=k)
        # Small integers and halves: every sum and product here is exact, so equality is exact.
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def test_axis_out_of_range_is_numpy_axis_error():
    with pytest.raises(np.exceptions.AxisError):
        max_axis(np.zeros((2, 2)), 2)
