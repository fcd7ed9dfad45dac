"""``@vectorize``: a scalar function compiled into a genuine ``numpy.ufunc``.

>>> import numpy as np
>>> from oxjit import vectorize
>>> @vectorize(["float64(float64, float64)", "float32(float32, float32)"], identity=0)
... def add(x, y):
...     return x + y
>>> isinstance(add, np.ufunc), add.types
(True, ['dd->d', 'ff->f'])
>>> add.reduce(np.arange(4.0))
6.0

Each signature is compiled when the decorator runs (one inner loop per signature, in order, as
Numba registers them), so NumPy's own type resolution picks the loop and NumPy supplies
broadcasting, ``out=``, ``where=``, ``dtype=``, scalars and the ufunc methods. Kernels follow
NumPy's error model (``1.0 / 0.0`` is ``inf`` with NumPy's warning, not ``ZeroDivisionError``).

Not yet: ``@vectorize`` without signatures (Numba's lazy ``DUFunc``), ``target="parallel"``
and ``"cuda"``, and ``@guvectorize``.
"""

from types import FunctionType

from oxjit.decorators import _native_module, _options, _signatures
from oxjit.errors import UnsupportedError

__all__ = ["vectorize"]

_TARGETS = ("cpu",)


def vectorize(ftylist_or_function=(), **kws):
    """Turns a scalar function into a NumPy ufunc, as ``numba.vectorize``.

    Forms: ``@vectorize(["f8(f8, f8)", ...], identity=..., nopython=True, target="cpu",
    cache=False, fastmath=False)`` and ``@vectorize("f8(f8)")``; signatures may be strings or
    oxjit type objects (``float64(float64, float64)``). ``identity`` is ``None`` (the default),
    ``0``, ``1`` or ``"reorderable"``.
    """
    if isinstance(ftylist_or_function, FunctionType) or (
        type(ftylist_or_function).__name__ == "Dispatcher"
        and type(ftylist_or_function).__module__ == "oxjit._native"
    ):
        _lazy_error()
    sigs = _signature_list(ftylist_or_function)
    if not sigs:
        _lazy_error()
    identity = kws.pop("identity", None)
    target = kws.pop("target", "cpu")
    if target not in _TARGETS:
        raise UnsupportedError(
            f"vectorize(): target={target!r} is not supported yet (only 'cpu')"
        )
    opts = _options(
        "vectorize",
        kws.pop("locals", None),
        kws.pop("cache", False),
        kws.pop("pipeline_class", None),
        kws.pop("boundscheck", None),
        kws,
    )
    # NumPy's semantics inside a ufunc: division by zero gives inf/nan (and NumPy's warning),
    # as in Numba, whose ufunc kernels always use the NumPy error model.
    opts["error_model"] = "numpy"

    def wrap(func):
        if (
            type(func).__name__ == "Dispatcher"
            and type(func).__module__ == "oxjit._native"
        ):
            func = func.py_func
        if not isinstance(func, FunctionType):
            raise TypeError(
                f"vectorize() must decorate a Python function, not {type(func).__name__}"
            )
        native = _native_module()
        kernel = native.Dispatcher(func, opts, [])
        return native.make_ufunc(kernel, sigs, func.__name__, func.__doc__, identity)

    return wrap


def _signature_list(spec):
    if isinstance(spec, (list, tuple)) and len(spec) == 0:
        return []
    return _signatures(spec)


def _lazy_error():
    raise NotImplementedError(
        "oxjit.vectorize() needs its signatures for now, e.g. "
        "@vectorize(['float64(float64, float64)']): the lazy form without signatures "
        "(which compiles a loop per new input dtype) is not implemented yet"
    )
