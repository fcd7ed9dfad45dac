"""oxjit.types: Numba-style type objects, their printing, equality and signature text."""

import oxjit
import pytest
from oxjit import types as T
from oxjit.types import (
    Array,
    Signature,
    Tuple,
    UniTuple,
    float32,
    float64,
    int32,
    int64,
    none,
    void,
)


def test_scalars_print_like_numba():
    assert [str(t) for t in (T.int8, T.uint64, T.float32, T.complex128, T.boolean)] == [
        "int8",
        "uint64",
        "float32",
        "complex128",
        "bool",
    ]
    assert repr(T.float64) == "float64"
    assert str(none) == "none"


def test_aliases_are_the_same_objects():
    assert (
        T.f8 is T.float64
        and T.i4 is T.int32
        and T.u1 is T.uint8
        and T.c16 is T.complex128
    )
    assert T.intp is T.int64 and T.uintp is T.uint64
    assert T.b1 is T.boolean is T.bool_
    assert void is none


def test_top_level_exports():
    assert oxjit.float64 is T.float64
    assert oxjit.int64 is T.int64
    assert oxjit.void is T.void
    assert oxjit.types is T


@pytest.mark.parametrize(
    "ty, text, rep",
    [
        (
            float64[:],
            "array(float64, 1d, A)",
            "Array(float64, 1, 'A', False, aligned=True)",
        ),
        (
            float64[::1],
            "array(float64, 1d, C)",
            "Array(float64, 1, 'C', False, aligned=True)",
        ),
        (
            float64[:, ::1],
            "array(float64, 2d, C)",
            "Array(float64, 2, 'C', False, aligned=True)",
        ),
        (
            float64[::1, :],
            "array(float64, 2d, F)",
            "Array(float64, 2, 'F', False, aligned=True)",
        ),
        (
            int32[:, :, :],
            "array(int32, 3d, A)",
            "Array(int32, 3, 'A', False, aligned=True)",
        ),
    ],
)
def test_array_slicing(ty, text, rep):
    assert str(ty) == text
    assert repr(ty) == rep


def test_array_constructor_and_readonly():
    ro = Array(float64, 1, "C", readonly=True)
    assert str(ro) == "readonly array(float64, 1d, C)"
    assert ro != Array(float64, 1, "C")
    assert not ro.mutable
    with pytest.raises(ValueError):
        Array(float64, 1, "X")


@pytest.mark.parametrize(
    "bad",
    [
        lambda: float64[1:],
        lambda: float64[::2],
        lambda: float64[:, ::1, :],
        lambda: float64[::1, ::1],
    ],
)
def test_bad_array_slices(bad):
    with pytest.raises(TypeError):
        bad()


def test_tuples():
    u = UniTuple(int64, 3)
    assert str(u) == "UniTuple(int64 x 3)"
    assert repr(u) == "UniTuple(int64, 3)"
    t = Tuple((int64, float64))
    assert str(t) == "Tuple(int64, float64)"
    assert repr(t) == "Tuple((int64, float64))"
    assert Tuple(int64, float64) == t
    # A homogeneous Tuple is a UniTuple, as in Numba.
    assert Tuple((int64, int64)) == UniTuple(int64, 2)
    assert isinstance(Tuple((int64, int64)), UniTuple)


def test_equality_and_hashing():
    assert float64[:] == float64[:]
    assert hash(float64[:, ::1]) == hash(Array(float64, 2, "C"))
    assert float64 != float32
    assert float64 != "float64"
    assert len({float64, T.f8, int64, float64[:], float64[:]}) == 3


def test_signature_printing_and_text():
    sig = float64(float64[:], int64)
    assert isinstance(sig, Signature)
    assert (
        repr(sig) == "(Array(float64, 1, 'A', False, aligned=True), int64) -> float64"
    )
    assert str(sig) == repr(sig)
    assert sig.args == (float64[:], int64) and sig.return_type is float64
    assert sig._text() == "float64(float64[:], int64)"
    assert repr(void(int64)) == "(int64,) -> none"
    assert (
        float64(float64[:, ::1], float64[::1, :])._text()
        == "float64(float64[:, ::1], float64[::1, :])"
    )
    assert (
        UniTuple(int64, 2)(Tuple((int64, float64)))._text()
        == "UniTuple(int64, 2)(Tuple(int64, float64))"
    )
    assert sig == float64(float64[:], int64)
    assert hash(sig) == hash(float64(float64[:], int64))


def test_signature_text_forms():
    assert T.signature_text("int64(int64)") == "int64(int64)"
    assert T.signature_text((float64, int64)) == "(float64, int64)"
    assert T.signature_text(int64(int64)) == "int64(int64)"
    with pytest.raises(TypeError):
        T.signature_text(42)
    with pytest.raises(TypeError):
        Array(float64, 1, "C", readonly=True)._text()


def test_signature_text_is_what_the_native_parser_reads():
    from oxjit import _native

    for sig in (
        float64(float64[:], int64),
        void(float64[:, ::1], float32[::1, :]),
        UniTuple(int64, 2)(Tuple((int64, float64))),
    ):
        assert (
            _native.parse_signature(sig._text())
            == str(sig.return_type) + "(" + ", ".join(str(a) for a in sig.args) + ")"
        )


def test_from_desc_roundtrip():
    assert T._from_desc("float64") is float64
    assert T._from_desc(None) is none
    assert T._from_desc(("array", "int32", 2, "F", True)) == Array(
        int32, 2, "F", readonly=True
    )
    assert T._from_desc(("tuple", ["int64", ("tuple", ["float64", "bool"])])) == Tuple(
        (int64, Tuple((float64, T.boolean)))
    )
