"""Scalars and arrays through the whole pipeline: unboxing, compiled code, boxing."""

import math

import numpy as np
import pytest
from oxjit import njit


@njit
def ident(x):
    return x


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        2**63 - 1,
        -(2**63),
        2**63,
        2**64 - 1,
        0.0,
        -0.0,
        1.5,
        math.inf,
        -math.inf,
        True,
        False,
        1 + 2j,
        -0.0j,
    ],
)
def test_scalars_round_trip(value):
    out = ident(value)
    assert type(out) is type(value)
    if isinstance(value, float):
        assert math.copysign(1.0, out) == math.copysign(1.0, value)
    assert out == value


def test_nan_round_trips():
    assert math.isnan(ident(math.nan))


@pytest.mark.parametrize(
    "value, expected_type",
    [
        (np.int8(-5), int),
        (np.int16(-300), int),
        (np.int32(-70000), int),
        (np.uint8(250), int),
        (np.uint16(65000), int),
        (np.uint32(4_000_000_000), int),
        (np.uint64(2**64 - 1), int),
        (np.float32(1.5), float),
        (np.float64(2.25), float),
        (np.complex64(1 - 2j), complex),
        (np.complex128(3 + 4j), complex),
        (np.bool_(True), bool),
    ],
)
def test_numpy_scalars(value, expected_type):
    out = ident(value)
    assert type(out) is expected_type
    assert out == value.item()


def test_none():
    assert ident(None) is None

    @njit
    def nothing(a):
        pass

    assert nothing(1) is None


def test_tuples_in_and_out():
    assert ident((1, 2.5, True)) == (1, 2.5, True)
    assert ident((1, (2, 3j))) == (1, (2, 3j))

    @njit
    def swap(t):
        a, b = t
        return b, a

    assert swap((1, 2.0)) == (2.0, 1)


def test_arithmetic():
    @njit
    def mix(a, b):
        return a * b + a / b - a // b

    for a, b in [(7, 2), (-7, 2), (7.5, -2.0)]:
        assert mix(a, b) == mix.py_func(a, b)


@pytest.mark.parametrize(
    "dtype",
    [
        np.bool_,
        np.int8,
        np.int16,
        np.int32,
        np.int64,
        np.uint8,
        np.uint16,
        np.uint32,
        np.uint64,
        np.float32,
        np.float64,
        np.complex64,
        np.complex128,
    ],
)
def test_arrays_of_every_dtype(dtype):
    @njit
    def last(a):
        return a[a.shape[0] - 1]

    a = np.arange(1, 6).astype(dtype)
    out = last(a)
    assert out == a[-1].item()
    assert type(out) is type(a[-1].item())


def test_array_layouts_and_strides():
    @njit
    def total(a):
        s = 0.0
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                s += a[i, j]
        return s

    base = np.arange(24.0).reshape(4, 6)
    for a in (base, np.asfortranarray(base), base[::2, 1::2], base.T, base[:, ::-1]):
        assert total(a) == a.sum()


def test_array_writes_are_visible():
    @njit
    def fill(a, v):
        for i in range(a.shape[0]):
            a[i] = v

    a = np.zeros(4)
    fill(a, 2.5)
    assert a.tolist() == [2.5] * 4
    v = np.zeros(8)[::2]
    fill(v, 1.0)
    assert v.tolist() == [1.0] * 4


def test_readonly_arrays_can_be_read():
    @njit
    def first(a):
        return a[0]

    a = np.arange(3.0)
    a.flags.writeable = False
    assert first(a) == 0.0


def test_zero_size_and_zero_d_shapes():
    @njit
    def n(a):
        return a.size

    assert n(np.zeros((0, 3))) == 0
    assert n(np.zeros((2, 3, 4))) == 24


def test_calls_between_jitted_functions_with_keywords_and_defaults():
    @njit
    def scale(x, k=2):
        return x * k

    @njit
    def use(x):
        return scale(x) + scale(x, k=10)

    assert use(3) == 36


def test_recursion():
    @njit
    def fib(n):
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)

    assert fib(20) == 6765


def test_globals_are_frozen_constants():
    @njit
    def area(r):
        return math.pi * r * r

    assert area(2.0) == math.pi * 4.0


def test_nogil_gives_same_results():
    @njit(nogil=True)
    def dot(a, b):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i] * b[i]
        return s

    x = np.arange(100.0)
    assert dot(x, x) == float(np.dot(x, x))


def test_int64_wraparound():
    @njit
    def inc(x):
        return x + 1

    assert inc(2**63 - 1) == -(2**63)


def test_bool_return():
    @njit
    def lt(a, b):
        return a < b

    assert lt(1, 2) is True and lt(2, 1) is False


def test_returned_views_share_memory_with_the_argument():
    @njit
    def inner(a):
        return a[1:-1]

    @njit
    def flipped(m):
        return m[::-1, 1::2]

    a = np.arange(6.0)
    v = inner(a)
    v[0] = 42.0
    assert np.shares_memory(v, a) and a[1] == 42.0 and v.base is a
    m = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    w = flipped(m)
    assert np.shares_memory(w, m)
    assert w.strides == m[::-1, 1::2].strides
    np.testing.assert_array_equal(w, m[::-1, 1::2])
