"""Diagnostics, runtime errors and panics as Python exceptions."""

import numpy as np
import oxjit
import pytest
from oxjit import InternalError, TypingError, UnsupportedError, njit


def test_typing_error_carries_location():
    @njit
    def bad(a):
        return a + "x"

    with pytest.raises(TypingError) as e:
        bad(1)
    err = e.value
    assert type(err) is TypingError
    assert err.filename == __file__
    assert err.lineno == bad.py_func.__code__.co_firstlineno + 2
    assert err.col == 16
    assert err.code and err.code.startswith("E")
    text = str(err)
    assert text.startswith(f"error[{err.code}]")
    assert f"{__file__}:{err.lineno}:{err.col}" in text
    assert 'return a + "x"' in text and "^" in text


def test_typing_error_is_the_public_class():
    from oxjit.errors import TypingError as T2

    assert T2 is oxjit.TypingError


def test_unsupported_error():
    @njit
    def uses_try(a):
        try:
            return a
        except Exception:  # noqa: BLE001 (the construct under test)
            return 0

    with pytest.raises(UnsupportedError) as e:
        uses_try(1)
    assert isinstance(e.value, TypingError)
    assert "try" in str(e.value)


def test_compile_errors_are_not_cached_as_success():
    @njit
    def bad(a):
        return a + "x"

    for _ in range(2):
        with pytest.raises(TypingError):
            bad(1)
    assert bad.signatures == []


def test_eager_compile_error_raises_at_decoration():
    def bad(a):
        return a + "x"

    with pytest.raises(TypingError):
        njit("int64(int64)")(bad)


def test_source_not_found():
    namespace = {}
    exec("def made(a):\n    return a\n", namespace)  # noqa: S102 (a function with no source file)
    f = njit(namespace["made"])
    with pytest.raises(TypingError, match="cannot find the source code of `made`"):
        f(1)


def test_missing_global():
    @njit
    def uses_missing(a):
        return a + _NOT_DEFINED_ANYWHERE  # noqa: F821

    with pytest.raises(TypingError, match="_NOT_DEFINED_ANYWHERE"):
        uses_missing(1)


def test_plain_python_callee():
    def helper(x):
        return x

    @njit
    def calls(x):
        return helper(x)

    with pytest.raises(TypingError, match="not jitted"):
        calls(1)


@pytest.mark.parametrize(
    "exc, call",
    [
        (ZeroDivisionError, lambda: _div(1, 0)),
        (ZeroDivisionError, lambda: _div(1.0, 0.0)),
        (ZeroDivisionError, lambda: _mod(5, 0)),
    ],
)
def test_runtime_errors_become_builtin_exceptions(exc, call):
    with pytest.raises(exc):
        call()


@njit
def _div(a, b):
    return a / b


@njit
def _mod(a, b):
    return a % b


def test_error_model_numpy():
    @njit(error_model="numpy")
    def div(a, b):
        return a / b

    assert div(1.0, 0.0) == float("inf")


def test_boundscheck_raises_index_error():
    @njit(boundscheck=True)
    def get(a, i):
        return a[i]

    assert get(np.arange(3.0), -1) == 2.0
    with pytest.raises(IndexError):
        get(np.arange(3.0), 3)


def test_raise_with_message():
    @njit
    def check(n):
        if n < 0:
            raise ValueError("bad n")
        return n

    assert check(1) == 1
    with pytest.raises(ValueError, match="^bad n$"):
        check(-1)


def test_panics_become_internal_error():
    from oxjit import _native

    with pytest.raises(InternalError, match="panic: boom") as e:
        _native._panic_for_tests("boom")
    assert "bug in oxjit" in str(e.value)
    assert isinstance(e.value, Exception)


def test_exception_attributes_default_to_none():
    e = TypingError("msg")
    assert (e.filename, e.lineno, e.col, e.code) == (None, None, None, None)
    assert str(e) == "msg"
    assert str(InternalError("x")) == "x"


def test_errors_raised_from_the_call_path_are_released():
    # Regression: exceptions raised by the native call path used to be kept alive forever
    # (parked in PyO3's deferred-decref pool), one per failing call.
    import gc

    @njit
    def add(a, b):
        return a + b

    def fail_all():
        for call in (
            lambda: add(b"x", 1),
            lambda: add(2**70, 1),
            lambda: add(1),
            lambda: add(1, c=2),
        ):
            try:
                call()
            except (TypeError, OverflowError):
                pass

    def live_exceptions():
        # `type(o)`, not `isinstance`: a dead weakref proxy (other libraries leave them in
        # gc's lists) raises ReferenceError on any attribute lookup `isinstance` makes.
        return sum(1 for o in gc.get_objects() if issubclass(type(o), BaseException))

    add(1, 2)
    fail_all()
    gc.collect()
    before = live_exceptions()
    for _ in range(300):
        fail_all()
    gc.collect()
    assert live_exceptions() - before < 20


class DomainError(Exception):
    """A user-defined exception raised from compiled code."""


class NarrowDomainError(DomainError):
    pass


def test_user_defined_exception_classes_are_raised_as_themselves():
    from oxjit import njit

    @njit
    def check(x):
        if x < 0:
            raise DomainError("negative input")
        if x > 100:
            raise NarrowDomainError
        return x * 2

    assert check(3) == 6
    with pytest.raises(DomainError, match="negative input") as info:
        check(-1)
    assert type(info.value) is DomainError
    with pytest.raises(NarrowDomainError) as info:
        check(1000)
    assert info.value.args == ()
