"""Property tests of the scalar arithmetic core: int64 and float64 operators, comparisons and
conversions, on hypothesis-generated pairs with the edge values (0, -1, INT64_MIN/MAX, nan,
±inf, -0.0, subnormals) drawn early.

The oracle is Numba when it is installed; otherwise a small model of Numba's semantics
written here (int64 wrap-around, Numba's `//` and `%` at INT64_MIN / -1, its integer power,
ints converted to float64 in mixed operations, C `pow`, NumPy-style `round(x, n)`). When
Numba is installed the model itself is checked against Numba, so it stays trustworthy for
machines without Numba.
"""

from __future__ import annotations

import math
import operator
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from harness import compare, jits
from harness import strategies as hs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# --- the kernels (plain functions; each test compiles them with the jit under test) ---


def k_add(a, b):
    return a + b


def k_sub(a, b):
    return a - b


def k_mul(a, b):
    return a * b


def k_truediv(a, b):
    return a / b


def k_floordiv(a, b):
    return a // b


def k_mod(a, b):
    return a % b


def k_pow(a, b):
    return a**b


def k_and(a, b):
    return a & b


def k_or(a, b):
    return a | b


def k_xor(a, b):
    return a ^ b


def k_lshift(a, b):
    return a << b


def k_rshift(a, b):
    return a >> b


def k_neg(a):
    return -a


def k_abs(a):
    return abs(a)


def k_invert(a):
    return ~a


def k_compare(a, b):
    return (a < b, a <= b, a == b, a != b, a > b, a >= b)


def k_int(x):
    return int(x)


def k_float(n):
    return float(n)


def k_round(x):
    return round(x)


def k_round_n(x, n):
    return round(x, n)


# --- the model of Numba's semantics (used when Numba is absent; checked against it) ---


def wrap(v: int) -> int:
    return (v + 2**63) % 2**64 - 2**63


def _int_floordiv(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("integer division by zero")
    if a == INT64_MIN and b == -1:
        return 0  # Numba returns 0 rather than trap (numba/cpython/numbers.py)
    return a // b


def _int_mod(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("integer modulo by zero")
    if a == INT64_MIN and b == -1:
        return 0
    return a % b


def _int_pow(a: int, b: int) -> int:
    # Numba's int ** int (exponents within its repeated-squaring cutoff, |b| <= 0x10000).
    if b < 0:
        if a == 0:
            raise ZeroDivisionError("0 cannot be raised to a negative power")
        if a not in (1, -1):
            return 0
        return int(1.0 / (a**-b))
    return wrap(pow(a, b, 2**64))


def _odd_integer(b: float) -> bool:
    return math.isfinite(b) and b == math.floor(b) and math.fmod(b, 2.0) != 0.0


def _c_pow(a: float, b: float) -> float:
    # C's pow (what Numba calls), from math.pow with its Python exceptions undone.
    try:
        return math.pow(a, b)
    except OverflowError:
        return -math.inf if a < 0.0 and _odd_integer(b) else math.inf
    except ValueError:
        if a == 0.0:
            return math.copysign(math.inf, a) if _odd_integer(b) else math.inf
        return math.nan


def _round_n(x: float, n: int) -> float:
    # Numba's round(x, ndigits) (numba/cpython/builtins.py), for |n| <= 22.
    if math.isinf(x) or math.isnan(x):
        return x
    if n >= 0:
        p = 10.0**n
        y = x * p
        if math.isinf(y):
            return x
        return float(np.rint(y)) / p
    p = 10.0 ** (-n)
    return float(np.rint(x / p)) * p


def _float_binop(op: Callable) -> Callable:
    def model(a: Any, b: Any) -> Any:
        return op(float(a), float(b))

    return model


INT_MODEL: dict[Callable, Callable] = {
    k_add: lambda a, b: wrap(a + b),
    k_sub: lambda a, b: wrap(a - b),
    k_mul: lambda a, b: wrap(a * b),
    k_truediv: _float_binop(operator.truediv),
    k_floordiv: _int_floordiv,
    k_mod: _int_mod,
    k_and: operator.and_,
    k_or: operator.or_,
    k_xor: operator.xor,
    k_lshift: lambda a, b: wrap(a << b),
    k_rshift: operator.rshift,
    k_compare: lambda a, b: (a < b, a <= b, a == b, a != b, a > b, a >= b),
}
FLOAT_MODEL: dict[Callable, Callable] = {
    k_add: _float_binop(operator.add),
    k_sub: _float_binop(operator.sub),
    k_mul: _float_binop(operator.mul),
    k_truediv: _float_binop(operator.truediv),
    k_floordiv: _float_binop(operator.floordiv),
    k_mod: _float_binop(operator.mod),
    k_pow: _c_pow,
    k_compare: lambda a, b: INT_MODEL[k_compare](float(a), float(b)),
}
UNARY_MODEL: dict[Callable, Callable] = {
    k_neg: lambda a: wrap(-a) if isinstance(a, int) else -a,
    k_abs: lambda a: wrap(abs(a)) if isinstance(a, int) else abs(a),
    k_invert: operator.invert,
    k_int: int,
    k_float: float,
    k_round: round,
}

# --- running and comparing -------------------------------------------------------------

_compiled: dict[tuple[str, Callable], Callable] = {}


def compiled(which: str, fn: Callable) -> Callable:
    key = (which, fn)
    if key not in _compiled:
        jit = jits.subject_jit() if which == "subject" else jits.numba_jit()
        if which == "numba" and jits.SUBJECT == "numba":
            return compiled("subject", fn)
        _compiled[key] = jit(fn)
    return _compiled[key]


def outcome(fn: Callable, args: tuple) -> tuple[str, Any]:
    try:
        return ("value", fn(*args))
    except (ZeroDivisionError, ValueError, OverflowError) as e:
        return ("raises", type(e))


def oracle(fn: Callable, model: Callable, args: tuple) -> tuple[str, Any]:
    if jits.numba_available():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return outcome(compiled("numba", fn), args)
    return outcome(model, args)


def assert_same(expected: tuple[str, Any], actual: tuple[str, Any], what: str) -> None:
    if expected[0] == "raises" or actual[0] == "raises":
        assert expected == actual, f"{what}: expected {expected}, got {actual}"
        return
    d = compare.difference(expected[1], actual[1])
    assert d is None, f"{what}: {d}"


def check(fn: Callable, model: Callable, *args: Any) -> None:
    what = f"{fn.__name__[2:]}{args!r}"
    with jits.subject_context():
        got = outcome(compiled("subject", fn), args)
    assert_same(oracle(fn, model, args), got, what)


SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
needs_numba = pytest.mark.skipif(
    not jits.numba_available(), reason="checks the model against Numba"
)

small_exponents = hs.int_range(-70, 70)
round_digits = hs.int_range(-12, 15)
int_ops = [
    k_add,
    k_sub,
    k_mul,
    k_truediv,
    k_floordiv,
    k_mod,
    k_and,
    k_or,
    k_xor,
    k_compare,
]
float_ops = [k_add, k_sub, k_mul, k_truediv, k_floordiv, k_mod, k_pow, k_compare]


def _id(fn: Callable) -> str:
    return fn.__name__[2:]


# --- subject vs oracle ---------------------------------------------------------------


@pytest.mark.parametrize("fn", int_ops, ids=_id)
@SETTINGS
@given(a=hs.ints, b=hs.ints)
def test_int64_binary(fn: Callable, a: int, b: int) -> None:
    check(fn, INT_MODEL[fn], a, b)


@SETTINGS
@given(a=hs.ints, b=small_exponents)
def test_int64_pow(a: int, b: int) -> None:
    check(k_pow, _int_pow, a, b)


@pytest.mark.parametrize("fn", [k_lshift, k_rshift], ids=_id)
@SETTINGS
@given(a=hs.ints, b=hs.shift_counts)
def test_int64_shifts(fn: Callable, a: int, b: int) -> None:
    check(fn, INT_MODEL[fn], a, b)


@pytest.mark.parametrize("fn", float_ops, ids=_id)
@SETTINGS
@given(a=hs.floats, b=hs.floats)
def test_float64_binary(fn: Callable, a: float, b: float) -> None:
    check(fn, FLOAT_MODEL[fn], a, b)


@pytest.mark.parametrize("fn", [k_add, k_mul, k_truediv, k_compare], ids=_id)
@SETTINGS
@given(a=hs.ints, b=hs.floats)
def test_mixed_int_float(fn: Callable, a: int, b: float) -> None:
    check(fn, FLOAT_MODEL[fn], a, b)


@pytest.mark.parametrize("fn", [k_neg, k_abs, k_invert], ids=_id)
@SETTINGS
@given(a=hs.ints)
def test_int64_unary(fn: Callable, a: int) -> None:
    check(fn, UNARY_MODEL[fn], a)


@pytest.mark.parametrize("fn", [k_neg, k_abs], ids=_id)
@SETTINGS
@given(a=hs.floats)
def test_float64_unary(fn: Callable, a: float) -> None:
    check(fn, UNARY_MODEL[fn], a)


@SETTINGS
@given(x=st.floats(-(2.0**62), 2.0**62))
def test_int_and_round_of_float(x: float) -> None:
    # Only where the result fits int64 (outside, the conversion is undefined in Numba).
    check(k_int, int, x)
    check(k_round, round, x)


@SETTINGS
@given(n=hs.ints)
def test_float_of_int(n: int) -> None:
    check(k_float, float, n)


@SETTINGS
@given(x=hs.floats, n=round_digits)
def test_round_ndigits(x: float, n: int) -> None:
    check(k_round_n, _round_n, x, n)


# --- the model vs Numba (keeps the no-Numba oracle honest) ----------------------------


def _model_vs_numba(fn: Callable, model: Callable, *args: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = outcome(compiled("numba", fn), args)
    assert_same(want, outcome(model, args), f"model of {fn.__name__[2:]}{args!r}")


@needs_numba
@pytest.mark.parametrize("fn", int_ops, ids=_id)
@SETTINGS
@given(a=hs.ints, b=hs.ints)
def test_model_int64_binary(fn: Callable, a: int, b: int) -> None:
    _model_vs_numba(fn, INT_MODEL[fn], a, b)


@needs_numba
@SETTINGS
@given(a=hs.ints, b=small_exponents, s=hs.shift_counts)
def test_model_int64_pow_and_shifts(a: int, b: int, s: int) -> None:
    _model_vs_numba(k_pow, _int_pow, a, b)
    _model_vs_numba(k_lshift, INT_MODEL[k_lshift], a, s)
    _model_vs_numba(k_rshift, INT_MODEL[k_rshift], a, s)


@needs_numba
@pytest.mark.parametrize("fn", float_ops, ids=_id)
@SETTINGS
@given(a=hs.floats, b=hs.floats)
def test_model_float64_binary(fn: Callable, a: float, b: float) -> None:
    _model_vs_numba(fn, FLOAT_MODEL[fn], a, b)


@needs_numba
@pytest.mark.parametrize("fn", [k_add, k_mul, k_truediv, k_compare], ids=_id)
@SETTINGS
@given(a=hs.ints, b=hs.floats)
def test_model_mixed(fn: Callable, a: int, b: float) -> None:
    _model_vs_numba(fn, FLOAT_MODEL[fn], a, b)


@needs_numba
@SETTINGS
@given(a=hs.ints, x=hs.floats, y=st.floats(-(2.0**62), 2.0**62), n=round_digits)
def test_model_unary_and_conversions(a: int, x: float, y: float, n: int) -> None:
    for fn in (k_neg, k_abs, k_invert, k_float):
        _model_vs_numba(fn, UNARY_MODEL[fn], a)
    for fn in (k_neg, k_abs):
        _model_vs_numba(fn, UNARY_MODEL[fn], x)
    _model_vs_numba(k_int, int, y)
    _model_vs_numba(k_round, round, y)
    _model_vs_numba(k_round_n, _round_n, x, n)


def test_model_known_values() -> None:
    # Fixed points of the model, independent of Numba.
    assert wrap(INT64_MAX + 1) == INT64_MIN
    assert _int_floordiv(INT64_MIN, -1) == 0 and _int_mod(INT64_MIN, -1) == 0
    assert (
        _int_pow(2, 63) == INT64_MIN and _int_pow(2, -1) == 0 and _int_pow(-1, -3) == -1
    )
    assert _c_pow(0.0, -1.0) == math.inf and math.isnan(_c_pow(-8.0, 1 / 3))
    assert _round_n(2.675, 2) == 2.68 and _round_n(12345.0, -2) == 12300.0
    with pytest.raises(ZeroDivisionError):
        _int_pow(0, -1)
