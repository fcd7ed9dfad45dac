"""Run-time configuration read from the environment once, at import (as ``numba.config``).

- ``DISABLE_JIT`` (``OXJIT_DISABLE_JIT=1``, or ``NUMBA_DISABLE_JIT=1``): ``@njit`` returns the
  plain Python function, for debugging with pdb or coverage.
- ``BOUNDSCHECK`` (``OXJIT_BOUNDSCHECK``, or ``NUMBA_BOUNDSCHECK``): ``None`` when unset;
  ``1``/``0`` forces bounds checking on/off for every function, whatever its ``boundscheck=``.

Both may also be assigned at run time, before the functions concerned are decorated.
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
