"""Thread counts for ``parallel=True`` loops, as ``numba.set_num_threads`` and friends.

The thread pool is oxjit's own (Rust, in the runtime that compiled code calls): no OpenMP or
TBB. The default thread count is ``config.NUMBA_NUM_THREADS``, read at import from
``OXJIT_NUM_THREADS`` or ``NUMBA_NUM_THREADS`` (else the number of cores this process may
run on). ``set_num_threads(n)`` sets the count for loops started by the calling Python thread
(each Python thread has its own setting, as in Numba); unlike Numba's, it may exceed the
default: the pool grows at run time.

>>> import oxjit
>>> oxjit.set_num_threads(2)
>>> oxjit.get_num_threads()
2
"""

import operator

from oxjit.decorators import _native_module

__all__ = ["get_num_threads", "get_thread_id", "set_num_threads", "threading_layer"]


def set_num_threads(n):
    """Sets the number of threads parallel loops started by this Python thread use (``n >= 1``)."""
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"the number of threads must be an integer, not {type(n).__name__}") from None
    if n < 1:
        raise ValueError(f"the number of threads must be at least 1, not {n}")
    _native_module()._set_num_threads(n)


def get_num_threads():
    """The number of threads parallel loops started by this Python thread use."""
    return _native_module()._get_num_threads()


def get_thread_id():
    """The index (``0 .. get_num_threads() - 1``) of the calling thread in the running parallel
    loop; 0 outside one. Mostly useful inside compiled code."""
    return _native_module()._get_thread_id()


def threading_layer():
    """The threading layer in use: always ``"oxjit"`` (a thread pool of its own)."""
    return "oxjit"

