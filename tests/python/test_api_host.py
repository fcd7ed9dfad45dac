"""What the compiler's host reads from Python: source, defaults, and frozen global values."""

import builtins
import cmath
import math

import numpy as np
import oxjit
import pytest
from oxjit import _native, njit, prange

INT = 7
BIG = 2**63 + 5
HUGE = 2**70
FLOAT = 2.5
FLAG = True
CPLX = 1 + 2j
TEXT = "hi"
NOTHING = None
TUP = (1, 2.0, (True, None))
ARR = np.arange(6, dtype=np.int32).reshape(2, 3)
ARR_F = np.asfortranarray(np.arange(6.0).reshape(2, 3))
ARR_BE = np.arange(3, dtype=">i2")
ARR_OBJ = np.array([object()])
F32 = np.float32(1.5)
F64 = np.float64(2.5)
I32 = np.int32(-4)
U64 = np.uint64(2**64 - 1)
B = np.bool_(True)
C64 = np.complex64(1j)


def plain_helper(x):
    return x


@njit
def jitted_helper(x):
    return x


class Klass:
    pass


def _target(a, b=3, c=(1, 2.5)):
    """The function whose globals the tests read."""
    return a


target = njit(_target)


def glob(name):
    return _native._host_global(target, name)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("INT", "Int(7)"),
        ("BIG", f"UInt({2**63 + 5})"),
        ("FLOAT", "Float(2.5)"),
        ("FLAG", "Bool(true)"),
        ("CPLX", "Complex(1.0, 2.0)"),
        ("TEXT", 'Str("hi")'),
        ("NOTHING", "None"),
        ("TUP", "Tuple([Int(1), Float(2.0), Tuple([Bool(true), None])])"),
        ("F32", "TypedFloat(F32, 1.5)"),
        ("F64", "Float(2.5)"),
        ("I32", "TypedInt(I32, -4)"),
        ("U64", "TypedInt(U64, -1)"),
        ("B", "Bool(true)"),
        ("math", "Module(Math)"),
        ("np", "Module(Numpy)"),
        ("cmath", "Module(Cmath)"),
        ("oxjit", "Module(Oxjit)"),
        ("prange", 'Function("oxjit.prange")'),
        ("len", 'Function("builtins.len")'),
        ("abs", 'Function("builtins.abs")'),
        ("range", 'Function("builtins.range")'),
        ("float", 'Function("builtins.float")'),
        ("ValueError", 'ExceptionClass("ValueError")'),
        ("ZeroDivisionError", 'ExceptionClass("ZeroDivisionError")'),
        ("NOT_DEFINED", "Missing"),
        ("Klass", 'Unsupported("class `Klass`")'),
    ],
)
def test_global_values(name, expected):
    assert glob(name) == expected


def test_other_modules_are_read_through_a_handle():
    # Any module: its attributes are read at compile time (ModuleKind::Py), as Numba does.
    assert glob("builtins").startswith("Module(Py(")


def test_huge_int_is_unsupported():
    assert glob("HUGE").startswith("Unsupported(") and "too large" in glob("HUGE")


def test_functions_and_dispatchers():
    assert (
        glob("plain_helper")
        == 'Unsupported("function `plain_helper` (not jitted: decorate it with @njit)")'
    )
    helper = glob("jitted_helper")
    assert helper.startswith("Dispatcher(") and helper != glob("target")
    assert glob("target").startswith("Dispatcher(")


def test_numpy_and_math_callables():
    g = {
        "sqrt": math.sqrt,
        "csqrt": cmath.sqrt,
        "npsqrt": np.sqrt,
        "npsum": np.sum,
        "empty": np.empty,
        "rand": np.random.rand,
        "f64": np.float64,
        "npbool": np.bool_,
        "norm": np.linalg.norm,
        "npr": np.random,
    }
    for k, v in g.items():
        globals()[k] = v
    try:
        assert glob("sqrt") == 'Function("math.sqrt")'
        assert glob("csqrt") == 'Function("cmath.sqrt")'
        assert glob("npsqrt") == 'Function("numpy.sqrt")'
        assert glob("npsum") == 'Function("numpy.sum")'
        assert glob("empty") == 'Function("numpy.empty")'
        assert glob("rand") == 'Function("numpy.random.rand")'
        assert glob("f64") == 'Function("numpy.float64")'
        assert glob("npbool") == f'Function("numpy.{np.bool_.__name__}")'
        assert glob("norm") == 'Function("numpy.linalg.norm")'
        assert glob("npr") == "Module(NumpyRandom)"
    finally:
        for k in g:
            del globals()[k]


def test_const_arrays_in_c_order():
    a = glob("ARR")
    assert a.startswith("Array(ConstArray { dtype: I32, shape: [2, 3], data: [")
    data = np.arange(6, dtype=np.int32).tobytes()
    assert str(list(data)).replace(" ", "") in a.replace(" ", "")
    f = glob("ARR_F")
    assert "shape: [2, 3]" in f
    assert str(list(np.ascontiguousarray(ARR_F).tobytes())).replace(
        " ", ""
    ) in f.replace(" ", "")
    # Big-endian data is converted to native order.
    be = glob("ARR_BE")
    assert str(list(np.arange(3, dtype="<i2").tobytes())).replace(
        " ", ""
    ) in be.replace(" ", "")
    assert glob("ARR_OBJ").startswith("Unsupported(") and "dtype object" in glob(
        "ARR_OBJ"
    )


def test_complex64_scalar_is_not_silently_widened():
    assert glob("C64").startswith("Unsupported(")


def test_closure_cells_come_first():
    INT = 99
    scale = 3.0

    def inner(x):
        return x * scale + INT

    f = njit(inner)
    assert _native._host_global(f, "scale") == "Float(3.0)"
    assert _native._host_global(f, "INT") == "Int(99)"


def test_empty_closure_cell_is_missing():
    def outer():
        def inner(x):
            return later(x)

        f = njit(inner)
        result = _native._host_global(f, "later")
        later = 1
        return result

    assert outer() == "Missing"


def test_builtins_fallback_uses_function_builtins():
    assert glob("print") == 'Function("builtins.print")'
    assert builtins.len is len


def test_source_and_defaults():
    name, filename, first_line, source, defaults, kwdefaults = _native._host_source(
        target
    )
    assert name == "_target"
    assert filename == __file__
    assert first_line == _target.__code__.co_firstlineno
    assert source.startswith("def _target(a, b=3, c=(1, 2.5)):")
    assert defaults == ["Int(3)", "Tuple([Int(1), Float(2.5)])"]
    assert kwdefaults == []


def test_source_is_not_dedented_and_includes_decorators():
    class Holder:
        @staticmethod
        @njit
        def method_like(x):
            return x

    name, _, _first_line, source, _, _ = _native._host_source(Holder.method_like)
    assert name == "method_like"
    assert source.startswith(
        "        @staticmethod\n        @njit\n        def method_like(x):"
    )


def test_host_hooks_reject_non_dispatchers():
    with pytest.raises(TypeError, match="expected an oxjit Dispatcher"):
        _native._host_global(plain_helper, "INT")


def test_numba_prange_maps_to_oxjit_prange():
    numba = pytest.importorskip("numba")
    globals()["nb_prange"] = numba.prange
    globals()["nb"] = numba
    try:
        assert glob("nb_prange") == 'Function("oxjit.prange")'
        assert glob("nb") == "Module(Oxjit)"
    finally:
        del globals()["nb_prange"], globals()["nb"]


def test_prange_identity():
    assert oxjit.prange is prange
