"""Exceptions raised by oxjit.

The compiler's diagnostics become exactly these classes (mapped in one place, the Rust
extension's ``errors.rs``), so ``except oxjit.TypingError`` catches every compile error.

>>> from oxjit.errors import TypingError
>>> e = TypingError("error[E0301]: cannot add ...", filename="k.py", lineno=4, col=12, code="E0301")
>>> (e.filename, e.lineno, e.col, e.code)
('k.py', 4, 12, 'E0301')
"""

__all__ = [
    "InternalError",
    "NumbaParallelSafetyWarning",
    "NumbaPerformanceWarning",
    "OxjitWarning",
    "TypingError",
    "UnsupportedError",
]


class _Located(Exception):
    """An error that may point into the user's source: ``filename``, ``lineno`` (1-based),
    ``col`` (1-based) and ``code`` (``"E0301"``) locate the primary span, or are ``None``."""

    def __init__(self, msg="", filename=None, lineno=None, col=None, code=None):
        super().__init__(msg)
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        self.col = col
        self.code = code

    def __str__(self):
        return str(self.msg)


class TypingError(_Located):
    """An ill-typed program: the message shows ``file:line:col``, the source line and a caret."""


class UnsupportedError(TypingError):
    """Valid Python that oxjit does not compile yet (a ``try`` statement, object mode ...)."""


class InternalError(_Located):
    """A bug in oxjit (a Rust panic is caught and raised as this); please report it."""


class OxjitWarning(UserWarning):
    """A compiler warning: the message shows ``file:line:col``, the source line and a caret."""


class NumbaPerformanceWarning(OxjitWarning):
    """Code that compiles but runs slower than asked (a ``prange`` loop that runs serially)."""


class NumbaParallelSafetyWarning(OxjitWarning):
    """A parallel loop whose result may depend on how its iterations were split."""
