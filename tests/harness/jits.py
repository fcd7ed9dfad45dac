"""Which jit is under test, and Numba as the oracle.

``OXJIT_TEST_JIT=oxjit`` (the default) tests ``oxjit.njit``; ``OXJIT_TEST_JIT=numba`` tests
``numba.njit``, which is how the fixtures themselves are validated (the oracle and the
subject are then the same program, and share one set of compiled functions).
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

SUBJECT = os.environ.get("OXJIT_TEST_JIT", "oxjit").strip().lower() or "oxjit"
if SUBJECT not in ("oxjit", "numba"):
    raise RuntimeError(f"OXJIT_TEST_JIT must be 'oxjit' or 'numba', not {SUBJECT!r}")

BLESS = os.environ.get("OXJIT_BLESS", "") not in ("", "0")

#: Seconds one kernel call (compile included) may take before the watchdog ends the run
#: with a traceback naming the call; 0 disables it.
CALL_TIMEOUT = float(os.environ.get("OXJIT_TEST_TIMEOUT", "60"))

#: A file descriptor that reaches the terminal past pytest's output capture (set by the
#: kernels conftest); the watchdog writes there, since the process ends right after.
WATCHDOG_FD: int | None = None


class SubjectUnavailable(Exception):
    """The jit under test cannot be imported."""


#: ``OXJIT_TEST_NO_NUMBA=1`` behaves as if Numba were not installed (to check the recorded
#: oracle that machines without Numba use).
HIDE_NUMBA = os.environ.get("OXJIT_TEST_NO_NUMBA", "") not in ("", "0")


@functools.cache
def _numba() -> Any:
    if HIDE_NUMBA and SUBJECT != "numba":
        return None
    try:
        import numba
        import numba.core.errors
    except ImportError:
        return None
    return numba


def numba_available() -> bool:
    return _numba() is not None


def numba_jit() -> Callable | None:
    nb = _numba()
    return None if nb is None else nb.njit


def is_numba_compile_error(exc: BaseException) -> bool:
    """True if ``exc`` is Numba refusing a program (the fixture is then invalid)."""
    nb = _numba()
    return nb is not None and isinstance(exc, nb.core.errors.NumbaError)


@functools.cache
def subject_jit() -> Callable:
    if SUBJECT == "numba":
        nb = _numba()
        if nb is None:
            raise SubjectUnavailable("OXJIT_TEST_JIT=numba but numba is not installed")
        return nb.njit
    try:
        from oxjit import njit
    except Exception as e:
        raise SubjectUnavailable(
            f"cannot import the jit under test (OXJIT_TEST_JIT=oxjit): {type(e).__name__}: {e}\n"
            "build it with `.venv/bin/maturin develop --release`, or validate the fixtures "
            "against Numba with OXJIT_TEST_JIT=numba"
        ) from e
    return njit


@contextmanager
def quiet_oracle() -> Iterator[None]:
    """Oracles run with warnings silenced: CPython's NumPy scalars warn on the int8
    wrap-around that is the expected behaviour, Numba warns about its own matters."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@contextmanager
def subject_context() -> Iterator[None]:
    """The jit under test runs with the session's warning filters (warnings are errors),
    except Numba's own warning category when Numba is the subject."""
    with warnings.catch_warnings():
        nb = _numba()
        if SUBJECT == "numba" and nb is not None:
            warnings.simplefilter("ignore", nb.core.errors.NumbaWarning)
        yield


_trampolines: dict[str, Callable] = {}


def _trampoline(label: str) -> Callable:
    """A one-line function whose *file name* is ``label``, so that a traceback dumped while
    compiled code hangs names the call (the C-level dump cannot print anything else)."""
    if label not in _trampolines:
        ns: dict[str, Any] = {}
        code = compile(
            "def call(thunk):\n    return thunk()\n", f"<kernel call: {label}>", "exec"
        )
        exec(code, ns)  # noqa: S102
        _trampolines[label] = ns["call"]
    return _trampolines[label]


def guarded(label: str, thunk: Callable[[], Any]) -> Any:
    """Runs ``thunk()``; if it does not return within ``CALL_TIMEOUT`` seconds (compiled code
    in an endless loop holds the GIL, so nothing in Python can interrupt it), the process
    prints every thread's traceback (the frame ``<kernel call: ...>`` names the call) and exits."""
    import faulthandler

    if CALL_TIMEOUT <= 0:
        return thunk()
    kwargs: dict[str, Any] = {"exit": True}
    if WATCHDOG_FD is not None:
        kwargs["file"] = WATCHDOG_FD
    faulthandler.dump_traceback_later(CALL_TIMEOUT, **kwargs)
    try:
        return _trampoline(label)(thunk)
    finally:
        faulthandler.cancel_dump_traceback_later()
