"""oxjit: a just-in-time compiler for numeric Python, written in Rust; a drop-in for Numba's ``@njit``.

>>> import numpy as np
>>> from oxjit import njit
>>> @njit
... def total(a):
...     s = 0.0
...     for i in range(a.shape[0]):
...         s += a[i]
...     return s
>>> total(np.arange(4.0))
6.0

``import oxjit`` loads the native compiler (and with it LLVM), as ``import numba`` does, so
that decorating and the first compile pay no loading cost; it does not import NumPy.
"""

from oxjit import config, types
from oxjit.decorators import jit, njit, prange
from oxjit.errors import InternalError, TypingError, UnsupportedError
from oxjit.parallel import get_num_threads, get_thread_id, set_num_threads, threading_layer
from oxjit.types import (
    b1,
    bool_,
    boolean,
    c8,
    c16,
    complex64,
    complex128,
    f4,
    f8,
    float32,
    float64,
    i1,
    i2,
    i4,
    i8,
    int8,
    int16,
    int32,
    int64,
    intp,
    none,
    u1,
    u2,
    u4,
    u8,
    uint8,
    uint16,
    uint32,
    uint64,
    uintp,
    void,
)
from oxjit.vectorize import guvectorize, vectorize

__version__ = "0.1.0"


def __getattr__(name):
    # `oxjit.typed` (Dict, List) is imported on first use: it loads the native extension.
    if name == "typed":
        import oxjit.typed

        return oxjit.typed
    raise AttributeError(f"module 'oxjit' has no attribute {name!r}")


def typeof(value):
    """The type oxjit gives ``value`` as an argument (``typeof(1.0)`` is ``float64``), as ``numba.typeof``."""
    from oxjit.decorators import _native_module

    return types._from_desc(_native_module().typeof(value))


__all__ = [
    "InternalError",
    "TypingError",
    "UnsupportedError",
    "__version__",
    "b1",
    "bool_",
    "boolean",
    "c8",
    "c16",
    "complex64",
    "complex128",
    "config",
    "f4",
    "f8",
    "float32",
    "float64",
    "get_num_threads",
    "get_thread_id",
    "guvectorize",
    "i1",
    "i2",
    "i4",
    "i8",
    "int8",
    "int16",
    "int32",
    "int64",
    "intp",
    "jit",
    "njit",
    "none",
    "prange",
    "set_num_threads",
    "threading_layer",
    "typed",
    "typeof",
    "types",
    "u1",
    "u2",
    "u4",
    "u8",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintp",
    "vectorize",
    "void",
]


def _start():
    if config.DISABLE_JIT:
        return
    from oxjit.decorators import _native_module

    _native_module()


_start()
