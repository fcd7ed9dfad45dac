"""``@vectorize`` with signatures: a genuine ``numpy.ufunc`` whose loops oxjit compiled.

Every result is compared with the same Python function run by ``numpy.vectorize`` (or a plain
loop), exactly: dtype, shape and values.
"""

import math

import numpy as np
import oxjit
import pytest
from oxjit import float32, float64, int64, vectorize


def _same(got, want):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_array_equal(got, want)


def _ref(py_func, otype):
    return np.vectorize(py_func, otypes=[otype])


# ---------------------------------------------------------------------------------------------
# Kernels, one per dtype family


def _affine(x, y):
    return x * y + x - 3


def _int_ops(a, b):
    return a * 3 - b // 2 + (a ^ b)


def _bool_ops(a, b):
    return (a and not b) or (b and not a)


def _cplx(z, w):
    return z * w - z


def _rel(x, y):
    return abs(x - y) / (abs(x) + abs(y) + 1.0)


def _mul(x, y):
    return x * y


def _add(x, y):
    return x + y


def _ident(x):
    return x


def _first(x, y=0):
    return x


@pytest.mark.parametrize(
    ("sig", "py_func", "dtype"),
    [
        ("float64(float64, float64)", _affine, np.float64),
        ("float32(float32, float32)", _affine, np.float32),
        ("int64(int64, int64)", _int_ops, np.int64),
        ("int32(int32, int32)", _int_ops, np.int32),
        ("boolean(boolean, boolean)", _bool_ops, np.bool_),
        ("complex128(complex128, complex128)", _cplx, np.complex128),
        ("float64(float64, float64)", _rel, np.float64),
    ],
)
def test_each_dtype_signature(sig, py_func, dtype):
    uf = vectorize([sig])(py_func)
    rng = np.random.default_rng(5)
    if dtype is np.bool_:
        a = rng.integers(0, 2, 37).astype(bool)
        b = rng.integers(0, 2, 37).astype(bool)
    elif dtype is np.complex128:
        a = rng.normal(size=37) + 1j * rng.normal(size=37)
        b = rng.normal(size=37) + 1j * rng.normal(size=37)
    elif np.issubdtype(dtype, np.integer):
        a = rng.integers(-1000, 1000, 37).astype(dtype)
        b = rng.integers(1, 1000, 37).astype(dtype)
    else:
        a = rng.normal(size=37).astype(dtype)
        b = rng.normal(size=37).astype(dtype)
    got = uf(a, b)
    want = _ref(py_func, dtype)(a, b)
    if dtype is np.float32:
        # NumPy's reference computes in Python floats (double) and rounds once at the end.
        np.testing.assert_allclose(got, want, rtol=1e-6)
        assert got.dtype == np.float32
    else:
        _same(got, want)
    assert uf.types == [
        {
            "float64": "dd->d",
            "float32": "ff->f",
            "int64": "ll->l",
            "int32": "ii->i",
            "boolean": "??->?",
            "complex128": "DD->D",
        }[sig.split("(")[0]]
    ]


def test_is_a_numpy_ufunc_with_attributes():
    @vectorize(["float64(float64, float64)", "float32(float32, float32)"], identity=0)
    def add(x, y):
        """Adds two numbers."""
        return x + y

    assert isinstance(add, np.ufunc)
    assert add.__name__ == "add"
    assert "Adds two numbers." in add.__doc__
    assert add.types == ["dd->d", "ff->f"]
    assert (add.nin, add.nout, add.nargs, add.ntypes) == (2, 1, 3, 2)
    assert add.identity == 0


@pytest.mark.parametrize(
    ("identity", "expected"), [(None, None), (0, 0), (1, 1), ("reorderable", None)]
)
def test_identity(identity, expected):
    uf = vectorize(["float64(float64, float64)"], identity=identity)(_mul)
    assert uf.identity == expected


def test_bad_identity_is_rejected():
    with pytest.raises(ValueError, match="identity"):
        vectorize(["float64(float64, float64)"], identity=7)(_mul)


def test_one_string_signature_and_type_objects():
    @vectorize("f8(f8)")
    def sq(x):
        return x * x

    _same(sq(np.arange(5.0)), np.arange(5.0) ** 2)

    @vectorize([float64(float64, int64), float32(float32, int64)])
    def scale(x, k):
        return x * k

    assert scale.types == ["dl->d", "fl->f"]
    _same(scale(np.arange(4.0), 3), np.arange(4.0) * 3)
    # NumPy takes the first loop the inputs cast to safely: float32 fits "dl->d" already.
    _same(scale(np.arange(4, dtype=np.float32), 3), np.arange(4.0) * 3)
    _same(scale(np.float32(2), 3, dtype=np.float32), np.float32(6))


def test_uses_other_njit_functions_and_math():
    @oxjit.njit
    def hyp(x, y):
        return math.sqrt(x * x + y * y)

    @vectorize(["float64(float64, float64)"])
    def f(x, y):
        return hyp(x, y) + math.floor(x)

    x = np.linspace(-3, 3, 11)
    want = [math.sqrt(a * a + 4.0) + math.floor(a) for a in x]
    _same(f(x, 2.0), np.array(want))


# ---------------------------------------------------------------------------------------------
# What NumPy gives for free


@pytest.fixture(scope="module")
def affine():
    return vectorize(
        ["float64(float64, float64)", "float32(float32, float32)"], identity=0
    )(_affine)


@pytest.fixture(scope="module")
def plus():
    return vectorize(["int64(int64, int64)", "float64(float64, float64)"], identity=0)(
        _add
    )


def test_broadcasting_mismatched_shapes(affine):
    a = np.arange(6.0).reshape(2, 1, 3)
    b = np.arange(4.0).reshape(4, 1)
    got = affine(a, b)
    assert got.shape == (2, 4, 3)
    _same(got, _ref(_affine, np.float64)(a, b))


def test_scalars_and_0d(affine):
    got = affine(2.0, 5.0)
    assert type(got) is np.float64
    assert got == _affine(2.0, 5.0)
    got = affine(np.array(2.0), np.array(5.0))
    assert type(got) is np.float64
    # float32 inputs run the first loop they cast to safely: float64 (NumPy's linear search
    # over the loops in signature order, which is what Numba's ufuncs give)
    got = affine(np.float32(2), np.float32(5))
    assert type(got) is np.float64
    got = affine(np.float32(2), np.float32(5), dtype=np.float32)
    assert type(got) is np.float32
    _same(affine(np.arange(3.0), 4.0), _ref(_affine, np.float64)(np.arange(3.0), 4.0))


@pytest.mark.parametrize(
    "make",
    [
        lambda a: a[::2, ::3],
        lambda a: a[::-1],
        lambda a: np.asfortranarray(a),
        lambda a: a.T,
        lambda a: a[:, 1:7],
    ],
)
def test_non_contiguous_and_f_ordered(affine, make):
    base = np.arange(80.0).reshape(8, 10) / 7
    a = make(base)
    b = make(base[::-1].copy())
    _same(affine(a, b), _ref(_affine, np.float64)(a, b))


def test_out_argument(affine):
    a = np.arange(10.0)
    out = np.full(10, -1.0)
    r = affine(a, 2.0, out=out)
    assert r is out
    _same(out, _ref(_affine, np.float64)(a, 2.0))
    # In place, aliasing an input.
    b = np.arange(10.0)
    affine(b, b, out=b)
    _same(b, _ref(_affine, np.float64)(np.arange(10.0), np.arange(10.0)))
    # A strided out.
    big = np.zeros(20)
    affine(a, 1.0, out=big[::2])
    _same(big[::2], _ref(_affine, np.float64)(a, 1.0))
    assert not big[1::2].any()


def test_where(affine):
    a = np.arange(6.0)
    out = np.zeros(6)
    mask = a % 2 == 0
    affine(a, 3.0, out=out, where=mask)
    want = np.where(mask, _ref(_affine, np.float64)(a, 3.0), 0.0)
    _same(out, want)


@pytest.mark.parametrize("axis", [0, 1, 2, None])
def test_reduce_each_axis(plus, axis):
    a = np.arange(24).reshape(2, 3, 4)
    _same(plus.reduce(a, axis=axis), np.add.reduce(a, axis=axis))
    f = a.astype(np.float64) / 3
    _same(plus.reduce(f, axis=axis), np.add.reduce(f, axis=axis))


def test_reduce_empty_uses_identity(plus):
    _same(plus.reduce(np.zeros(0)), np.float64(0.0))


def test_accumulate_outer_at(plus):
    a = np.arange(1, 7).reshape(2, 3)
    _same(plus.accumulate(a, axis=1), np.add.accumulate(a, axis=1))
    _same(plus.accumulate(a, axis=0), np.add.accumulate(a, axis=0))
    _same(
        plus.outer(np.arange(3), np.arange(4.0)),
        np.add.outer(np.arange(3), np.arange(4.0)),
    )
    x = np.zeros(5, dtype=np.int64)
    plus.at(x, [0, 1, 1, 4], 2)
    _same(x, np.array([2, 4, 0, 0, 2]))
    _same(
        plus.reduceat(np.arange(8), [0, 4, 6]), np.add.reduceat(np.arange(8), [0, 4, 6])
    )


def test_dtype_selects_the_loop(affine):
    got = affine(np.arange(4.0), 2.0, dtype=np.float32)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, _ref(_affine, np.float64)(np.arange(4.0), 2.0))
    got = affine(np.arange(4, dtype=np.float32), np.float32(2), dtype=np.float64)
    assert got.dtype == np.float64


def test_type_resolution_in_signature_order():
    # float32 first: float32 inputs take it; float64 inputs cannot cast down safely.
    both = vectorize(["float32(float32, float32)", "float64(float64, float64)"])(_add)
    assert both(np.ones(2, np.float32), np.ones(2, np.float32)).dtype == np.float32
    assert both(np.ones(2), np.ones(2)).dtype == np.float64
    # int16 inputs safely cast to the first loop that takes them.
    assert both(np.ones(2, np.int16), np.ones(2, np.int16)).dtype == np.float32
    # int64 inputs with only a float64 loop are cast to it.
    only64 = vectorize(["float64(float64, float64)"])(_add)
    got = only64(np.arange(3), np.arange(3))
    _same(got, np.arange(3.0) * 2)


def test_no_loop_gives_numpys_type_error():
    only64 = vectorize(["float64(float64, float64)"])(_add)
    with pytest.raises(TypeError, match="not supported for the input types"):
        only64(np.array(["a"]), np.array(["b"]))
    with pytest.raises(TypeError):
        only64(np.ones(2, np.complex128), 1.0)


# ---------------------------------------------------------------------------------------------
# Errors and the NumPy error model


def test_division_follows_numpy_error_model():
    @vectorize(["float64(float64, float64)", "int64(int64, int64)"])
    def div(x, y):
        return x / y if x > 1e300 else x // y

    with np.errstate(divide="ignore", invalid="ignore"):
        got = div(np.array([4.0, 0.0, -1.0]), np.array([0.0, 0.0, 0.0]))
    assert got[0] == np.inf and np.isnan(got[1]) and got[2] == -np.inf
    # int64 inputs cast safely to the first loop's float64 (as under Numba): 7 / 0 is inf
    # (NumPy and Numba flag 7.0 // 0.0 as "divide"; our float floor division also sets
    # "invalid" on the way, so both are ignored here)
    with np.errstate(divide="ignore", invalid="ignore"):
        _same(div(np.array([7, 5]), np.array([0, 2])), np.array([np.inf, 2.0]))
    _same(div(np.array([7, 5]), np.array([0, 2]), dtype=np.int64), np.array([0, 2]))


def test_kernel_exception_stops_and_raises():
    @vectorize(["float64(float64)"])
    def f(x):
        if x > 2:
            raise ValueError("too big")
        return x * 2

    out = np.zeros(5)
    with pytest.raises(ValueError, match="too big"):
        f(np.arange(5.0), out=out)
    _same(out[:3], np.array([0.0, 2.0, 4.0]))
    # Large inputs run with the GIL released: the loop takes it back to report.
    with pytest.raises(ValueError, match="too big"):
        f(np.linspace(0.0, 3.0, 200_000))
    # The ufunc stays usable.
    _same(f(np.arange(3.0)), np.array([0.0, 2.0, 4.0]))


@vectorize
def _lazy_affine(x, y):
    return 2 * x + y


def test_lazy_form_compiles_a_loop_per_input_types():
    f = vectorize(identity=0)(_add)
    a = np.arange(6.0).reshape(2, 3)
    _same(f(a, 1.5), a + 1.5)
    assert f.types == ["dd->d"]
    i = np.arange(4, dtype=np.int32)
    # Numba's typing: int32 + int32 is int64.
    _same(f(i, i), (i + i).astype(np.int64))
    assert f.types == ["dd->d", "ii->l"]
    _same(f(a, 1.5), a + 1.5)  # cached: no new loop
    assert f.ntypes == 2
    assert f.reduce(np.arange(5.0)) == 10.0
    _same(f.accumulate(np.arange(4.0)), np.array([0.0, 1.0, 3.0, 6.0]))
    _same(
        f.outer(np.arange(2.0), np.arange(3.0)),
        np.add.outer(np.arange(2.0), np.arange(3.0)),
    )
    x = np.zeros(3)
    f.at(x, [0, 0, 2], 1.0)
    _same(x, np.array([2.0, 0.0, 1.0]))
    out = np.empty(3)
    f(np.arange(3.0), 1.0, out=out)
    _same(out, np.arange(3.0) + 1.0)
    assert f.__name__ == "_add" and f.nin == 2 and f.nout == 1


def test_lazy_form_without_parentheses():
    _same(_lazy_affine(np.arange(3.0), 1.0), 2 * np.arange(3.0) + 1.0)
    assert _lazy_affine(2, 3) == 7
    _same(_lazy_affine([1, 2], [3, 4]), np.array([5, 8]))


def test_bad_signatures():
    with pytest.raises(TypeError, match="scalars"):
        vectorize(["float64(float64[:])"])(_ident)
    with pytest.raises(TypeError, match="same number of inputs"):
        vectorize(["float64(float64)", "float64(float64, float64)"])(_first)
    with pytest.raises(oxjit.UnsupportedError, match="target"):
        vectorize(["float64(float64)"], target="cuda")


def test_typing_error_in_kernel_is_reported_at_decoration():
    with pytest.raises(oxjit.TypingError):

        @vectorize(["float64(float64)"])
        def f(x):
            return x + "a"


def test_options_accepted():
    @vectorize(
        ["float64(float64)"], nopython=True, target="cpu", cache=False, fastmath=True
    )
    def f(x):
        return x * 2.0 + 1.0

    _same(f(np.arange(4.0)), np.arange(4.0) * 2 + 1)


def test_large_input_matches():
    uf = vectorize(["float64(float64, float64)"])(_affine)
    a = np.random.default_rng(1).normal(size=100_003)
    b = np.random.default_rng(2).normal(size=100_003)
    _same(uf(a, b), a * b + a - 3)
