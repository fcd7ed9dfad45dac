"""`oxjit.extending`: `@overload` and `@register_jitable`, and jitted lambdas.

Checked against Numba where it is installed (the same module-level functions are given to
both); the typing functions get `oxjit.types` objects, which compare like Numba's.
"""

import math

import numpy as np
import oxjit
import pytest
from oxjit import extending, types


def clip01(x):
    return min(max(x, 0.0), 1.0) + 100.0  # never run by compiled code: the overload is


@extending.overload(clip01)
def _clip01_float(x):
    if isinstance(x, types.Float):
        return lambda x: min(max(x, 0.0), 1.0)


@extending.overload(clip01)
def _clip01_int(x):
    if isinstance(x, types.Integer):

        def impl(x):
            return 1 if x > 0 else 0

        return impl


@oxjit.njit
def use_clip(x):
    return clip01(x)


def test_overload_picks_the_implementation_by_argument_type():
    assert use_clip(0.25) == 0.25
    assert use_clip(7.5) == 1.0
    assert use_clip(-3) == 0
    assert use_clip(3) == 1
    assert clip01(0.5) == 100.5  # Python callers still get the plain function


def to_complex(a):
    raise AssertionError("only the overload runs")


@oxjit.njit
def _view_c128(a):
    return a[..., 0] + 1j * a[..., 1]


@extending.overload(to_complex, jit_options={"nogil": True, "cache": True})
def _to_complex(a):
    if isinstance(a, types.Array) and a.dtype == types.float64 and a.ndim == 2:
        return lambda a: _view_c128(a)


@oxjit.njit
def use_to_complex(a):
    return to_complex(a) * 2


def test_overload_on_arrays_with_jit_options_and_a_jitted_callee():
    a = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(use_to_complex(a), (a[:, 0] + 1j * a[:, 1]) * 2)


def test_no_matching_overload_is_a_typing_error_naming_the_types():
    with pytest.raises(oxjit.TypingError) as e:
        use_to_complex(np.arange(4.0))
    msg = str(e.value)
    assert "no implementation of `to_complex`" in msg
    assert "array(float64, 1d, C)" in msg
    assert "return to_complex(a) * 2" in msg


def scaled(x, k=2):
    return None


@extending.overload(scaled)
def _scaled(x, k=2):
    def impl(x, k=2):
        return x * k

    return impl


@oxjit.njit
def use_scaled(x):
    return scaled(x) + scaled(x, 3) + scaled(x, k=10)


def test_overload_with_defaults_and_keywords():
    assert use_scaled(1.5) == 1.5 * 15


def broken(x):
    return x


@extending.overload(broken)
def _broken(x):
    raise ValueError("typing exploded")


@oxjit.njit
def use_broken(x):
    return broken(x)


def test_a_failing_typing_function_is_reported():
    with pytest.raises(oxjit.TypingError, match="typing exploded"):
        use_broken(1)


@extending.register_jitable
def hypot3(x, y, z):
    return math.sqrt(x * x + y * y + z * z)


@extending.register_jitable(fastmath=True)
def dot3(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@oxjit.njit
def use_jitable(a):
    return hypot3(a[0], a[1], a[2]) + dot3(a, a)


def test_register_jitable_functions_are_callable_from_both_sides():
    a = np.array([1.0, 2.0, 2.0])
    assert use_jitable(a) == 3.0 + 9.0
    assert hypot3(1.0, 2.0, 2.0) == 3.0  # still a plain function


def test_the_low_level_api_exists_and_refuses_clearly():
    with pytest.raises(NotImplementedError, match="intrinsic"):
        extending.intrinsic(lambda typingctx: None)
    with pytest.raises(NotImplementedError, match="overload_method"):
        extending.overload_method(types.Array, "foo")


def test_njit_of_a_lambda():
    f = oxjit.njit(lambda x, y=2.0: x * y + 1)
    assert f(3.0) == 7.0
    assert f(3, 4) == 13


def test_number_type_classes():
    assert isinstance(types.float32, types.Float) and isinstance(
        types.float32, types.Number
    )
    assert (
        isinstance(types.uint8, types.Integer)
        and not types.uint8.signed
        and types.int8.signed
    )
    assert (
        isinstance(types.complex64, types.Complex)
        and types.complex64.underlying_float == types.float32
    )
    assert not isinstance(types.float64, types.Integer)


numba = pytest.importorskip("numba")


def test_same_results_as_numba():
    from numba import extending as nbext

    def half(x):
        return x

    @nbext.overload(half)
    def _half_nb(x):
        if isinstance(x, numba.types.Float):
            return lambda x: x / 2

    @extending.overload(half)
    def _half_ox(x):
        if isinstance(x, types.Float):
            return lambda x: x / 2

    def use(x):
        return half(x) + 1

    assert oxjit.njit(use)(3.0) == numba.njit(use)(3.0) == 2.5
