"""Run-time configuration read from the environment once, at import (as ``numba.config``).

- ``DISABLE_JIT`` (``OXJIT_DISABLE_JIT=1``, or ``NUMBA_DISABLE_JIT=1``): ``@njit`` returns the
  plain Python function, for debugging with pdb or coverage.
- ``BOUNDSCHECK`` (``OXJIT_BOUNDSCHECK``, or ``NUMBA_BOUNDSCHECK``): ``None`` when unset;
  ``1``/``0`` forces bounds checking on/off for every function, whatever its ``boundscheck=``.

Both may also be assigned at run time, before the functions concerned are decorated.

- ``NUMBA_NUM_THREADS`` (``OXJIT_NUM_THREADS``, or ``NUMBA_NUM_THREADS``): the default number of
  threads of ``parallel=True`` loops; ``NUMBA_DEFAULT_NUM_THREADS`` is the number of cores this
  process may run on. Read once, at import.
"""

import os


def _flag(*names):
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return bool(int(value))
            except ValueError:
                raise ValueError(
                    f"environment variable {name} must be 0 or 1, not {value!r}"
                ) from None
    return None


DISABLE_JIT = bool(_flag("OXJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT"))
BOUNDSCHECK = _flag("OXJIT_BOUNDSCHECK", "NUMBA_BOUNDSCHECK")


def _cores():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _threads(*names):
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            try:
                n = int(value)
            except ValueError:
                n = 0
            if n < 1:
                raise ValueError(f"environment variable {name} must be a positive integer, not {value!r}")
            return n
    return NUMBA_DEFAULT_NUM_THREADS


NUMBA_DEFAULT_NUM_THREADS = _cores()
NUMBA_NUM_THREADS = _threads("OXJIT_NUM_THREADS", "NUMBA_NUM_THREADS")
