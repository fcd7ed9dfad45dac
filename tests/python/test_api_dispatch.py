"""The call path: argument binding, type keys, specialisations, explicit signatures."""

import threading

import numpy as np
import pytest
from oxjit import float64, int64, njit, typeof
from oxjit import types as T


@njit
def affine(a, b=2, c=3):
    return a * b + c


def _posonly(a, /, b):
    return a - b


posonly = njit(_posonly)


def _ident(x):
    return x


ident_any = njit(_ident)


# --- binding keywords and defaults ------------------------------------------------------------


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((1,), {}, 5),
        ((1, 5), {}, 8),
        ((1, 5, 7), {}, 12),
        ((1,), {"c": 10}, 12),
        ((), {"a": 2, "b": 3}, 9),
        ((), {"c": 0, "a": 4}, 8),
        ((2,), {"c": 1, "b": 1}, 3),
    ],
)
def test_keywords_and_defaults(args, kwargs, expected):
    assert affine(*args, **kwargs) == expected == affine.py_func(*args, **kwargs)


def test_keyword_names_that_are_not_interned():
    # Keyword names built at run time are not the code object's own str objects.
    name = "".join(["a", ""]) + "".join([])  # noqa: FLY002 (must not be interned)
    assert affine(**{name: 2, "".join(["b"]): 3, "c": 4}) == 10  # noqa: FLY002
    assert affine(1, **{"".join(["c"]): 0, "b": 5}) == 5  # noqa: FLY002


def test_call_through_tp_call():
    # functools.partial and f(*t, **d) reach the dispatcher through tp_call / vectorcall dicts.
    import functools

    assert functools.partial(affine, c=1)(3) == 7
    assert affine(*(1, 1), c=1) == 2


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: affine(), "affine() missing 1 required positional argument: 'a'"),
        (
            lambda: affine(1, 2, 3, 4),
            "affine() takes 3 positional arguments but 4 were given",
        ),
        (lambda: affine(1, d=2), "affine() got an unexpected keyword argument 'd'"),
        (lambda: affine(1, a=2), "affine() got multiple values for argument 'a'"),
        (
            lambda: posonly(a=1, b=2),
            "_posonly() got some positional-only arguments passed as keyword arguments: 'a'",
        ),
    ],
)
def test_binding_errors_match_python(call, message):
    with pytest.raises(TypeError) as e:
        call()
    assert str(e.value) == message


def test_binding_errors_read_like_cpython():
    def three(a, b, c):
        return a

    f = njit(three)
    with pytest.raises(TypeError) as ours:
        f()
    with pytest.raises(TypeError) as theirs:
        three()
    assert str(ours.value) == str(theirs.value)


def test_positional_only_by_position():
    assert posonly(5, b=2) == 3


# --- type keys --------------------------------------------------------------------------------


def test_one_specialisation_per_type_key():
    @njit
    def ident(x):
        return x

    assert ident(1) == 1
    assert ident(2) == 2
    assert ident.signatures == [(int64,)]
    assert ident(1.5) == 1.5
    assert ident(True) is True
    assert ident(np.int32(7)) == 7
    assert ident.signatures == [(int64,), (float64,), (T.boolean,), (T.int32,)]
    # numpy.int64 and Python int share a key, as in Numba.
    assert ident(np.int64(3)) == 3
    assert len(ident.signatures) == 4


def test_array_layouts_are_part_of_the_key():
    @njit
    def first(a):
        return a[0, 0]

    c = np.arange(12.0).reshape(3, 4)
    assert first(c) == 0.0
    assert first(np.asfortranarray(c)) == 0.0
    assert first(c[:, ::2]) == 0.0
    ro = c.copy()
    ro.flags.writeable = False
    assert first(ro) == 0.0
    assert [str(s[0]) for s in first.signatures] == [
        "array(float64, 2d, C)",
        "array(float64, 2d, F)",
        "array(float64, 2d, A)",
        "readonly array(float64, 2d, C)",
    ]


def test_typeof():
    assert typeof(1) == int64
    assert typeof(2**63) == T.uint64
    assert typeof(1.0) == float64
    assert typeof(1j) == T.complex128
    assert typeof(True) == T.boolean
    assert typeof(None) == T.none
    assert typeof(np.float32(1)) == T.float32
    assert typeof(np.float64(1)) == float64
    assert typeof(np.uint16(1)) == T.uint16
    assert typeof(np.complex64(1)) == T.complex64
    assert typeof(np.bool_(True)) == T.boolean
    assert typeof((1, 2.0)) == T.Tuple((int64, float64))
    assert typeof((1, (2, 3))) == T.Tuple((int64, T.UniTuple(int64, 2)))
    assert typeof(np.zeros(3)) == float64[::1]
    assert typeof(np.zeros((2, 3), order="F")) == float64[::1, :]
    assert typeof(np.zeros(6)[::2]) == float64[:]
    assert typeof(np.zeros((3, 1))) == float64[:, ::1]
    assert typeof(np.zeros(3, dtype=np.int8)) == T.int8[::1]


@pytest.mark.parametrize(
    "value, message",
    [
        (b"text", "type `bytes`"),
        ({"a": 1}, "type `dict`"),
        (object(), "type `object`"),
        (np.zeros(3, dtype=np.float16), "unsupported array dtype `float16`"),
        (np.zeros(3, dtype=">f8"), "non-native byte order"),
        (np.zeros(3, dtype=object), "unsupported array dtype"),
    ],
)
def test_unsupported_arguments(value, message):
    with pytest.raises(TypeError, match=message):
        typeof(value)
    with pytest.raises(TypeError, match=message):
        ident_any(value)


def test_int_overflow():
    with pytest.raises(OverflowError):
        typeof(2**64)
    with pytest.raises(OverflowError):
        typeof(-(2**63) - 1)


def test_int_subclasses_and_float_subclasses():
    import enum

    class Color(enum.IntEnum):
        RED = 4

    class MyFloat(float):
        pass

    assert typeof(Color.RED) == int64
    assert typeof(MyFloat(1.5)) == float64

    @njit
    def twice(x):
        return x * 2

    assert twice(Color.RED) == 8
    assert twice(MyFloat(1.5)) == 3.0


# --- explicit signatures ----------------------------------------------------------------------


def test_eager_signatures_compile_at_decoration():
    def add(a, b):
        return a + b

    f = njit("float64(float64, float64)")(add)
    assert f.signatures == [(float64, float64)]
    assert [str(s) for s in f.nopython_signatures] == ["(float64, float64) -> float64"]


def test_eager_signatures_convert_arguments():
    @njit("float64(float64)")
    def half(x):
        return x / 2

    assert half(3) == 1.5  # int -> float64
    assert half(True) == 0.5
    assert half(np.float32(1.0)) == 0.5
    assert half.signatures == [(float64,)]


def test_eager_signatures_reject_non_matching_calls():
    @njit("int64(int64)")
    def ident(x):
        return x

    with pytest.raises(
        TypeError, match=r"No matching definition for argument type\(s\) complex128"
    ):
        ident(1j)
    with pytest.raises(TypeError, match="No matching definition"):
        ident(np.zeros(3))
    assert ident.signatures == [(int64,)]


def test_unsafe_conversion_like_numba():
    # Numba converts a float to an int64 parameter (truncating) when no better overload exists.
    @njit("int64(int64)")
    def ident(x):
        return x

    assert ident(1.9) == 1
    assert ident(-2.5) == -2


def test_best_overload_wins():
    @njit(["int64(int64)", "float64(float64)"])
    def ident(x):
        return x

    assert ident(3) == 3 and isinstance(ident(3), int)
    assert ident(2.5) == 2.5
    assert ident(np.int32(4)) == 4 and isinstance(ident(np.int32(4)), int)
    assert ident(np.float32(0.5)) == 0.5


def test_ambiguous_overloads():
    @njit(["float32(float32)", "int32(int32)"])
    def ident(x):
        return x

    with pytest.raises(TypeError, match="Ambiguous overloading"):
        ident(5)


def test_array_signatures_accept_any_layout():
    @njit("float64(float64[:])")
    def first(a):
        return a[0]

    assert first(np.arange(3.0)) == 0.0
    assert first(np.arange(6.0)[::2]) == 0.0
    with pytest.raises(TypeError, match="No matching definition"):
        first(np.arange(3))  # int64 elements


def test_explicit_compile_method():
    @njit
    def ident(x):
        return x

    ident.compile("float64(float64)")
    ident.compile(int64(int64))
    assert ident.signatures == [(float64,), (int64,)]
    # Still lazy: other types compile on demand.
    assert ident(True) is True
    assert len(ident.signatures) == 3


@pytest.mark.parametrize(
    "sig",
    [
        "float64(foo)",
        "float64(float64",
        "float64(float64[::2])",
        "(",
        "float64 float64",
    ],
)
def test_signature_syntax_errors(sig):
    with pytest.raises(TypeError, match="signature"):
        njit(sig)(lambda x: x)


def test_signature_of_wrong_kind():
    with pytest.raises(TypeError):
        njit(3.5)(lambda x: x)


def test_recompile_reads_globals_again():
    global _SCALE
    _SCALE = 2

    @njit
    def scale(x):
        return x * _SCALE

    assert scale(3) == 6
    _SCALE = 10
    assert scale(3) == 6  # frozen at compile time
    scale.recompile()
    assert scale(3) == 30
    assert scale.signatures == [(int64,)]


def test_calls_from_threads():
    @njit(nogil=True)
    def work(n):
        s = 0
        for i in range(n):
            s += i
        return s

    out = []

    def run():
        out.append(work(10_000))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [sum(range(10_000))] * 4


def test_many_arguments_spill_to_the_heap():
    @njit
    def total(a, b, c, d, e, f, g, h, i, j):
        return a[0] + b[0] + c[0] + d[0] + e[0] + f[0] + g[0] + h[0] + i[0] + j[0]

    arrays = [np.full((2, 2, 2), k, dtype=np.int64)[0, 0] for k in range(10)]
    assert total(*arrays) == sum(range(10))
