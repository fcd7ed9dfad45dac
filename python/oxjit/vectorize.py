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

Without signatures (``@vectorize`` or ``@vectorize()``) the result is a :class:`LazyUFunc`
that compiles a loop per new combination of input types, as Numba's ``DUFunc``.

Not yet: ``target="parallel"`` and ``"cuda"``, and ``@guvectorize``.
"""

from types import FunctionType

from oxjit.decorators import _native_module, _options, _signatures
from oxjit.errors import UnsupportedError

__all__ = ["LazyUFunc", "vectorize"]

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
        # `@vectorize` with no parentheses: the lazy form.
        return vectorize(**kws)(ftylist_or_function)
    sigs = _signature_list(ftylist_or_function)
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
        if not sigs:
            return LazyUFunc(func, kernel, identity, native)
        return native.make_ufunc(kernel, sigs, func.__name__, func.__doc__, identity)

    return wrap


class LazyUFunc:
    """``@vectorize`` without signatures (Numba's ``DUFunc``): a ufunc-like object that
    compiles a loop the first time it meets a new combination of input types (typed as Numba
    types them: a Python int is int64, a float float64, an array its dtype) and then runs the
    genuine ``numpy.ufunc`` holding that loop, so every call has NumPy's semantics.

    ``reduce``, ``accumulate``, ``outer`` and ``at`` pick the loop from their operands the same
    way. ``types`` lists the loops compiled so far, as ``ufunc.types`` does.
    """

    def __init__(self, func, kernel, identity, native):
        self._kernel = kernel
        self._identity = identity
        self._native = native
        self._loops = {}
        self.__name__ = func.__name__
        self.__qualname__ = getattr(func, "__qualname__", func.__name__)
        self.__doc__ = func.__doc__
        self.__wrapped__ = func
        self.nin = func.__code__.co_argcount
        self.nout = 1
        self.nargs = self.nin + 1
        self.identity = identity

    def _type_name(self, x):
        np = _numpy()
        if isinstance(x, np.ndarray):
            return str(self._native.typeof(x.dtype.type(0)))
        t = self._native.typeof(x)
        if isinstance(t, tuple):  # an array description
            return t[1]
        return str(t)

    def _ufunc(self, names):
        key = tuple(names)
        uf = self._loops.get(key)
        if uf is None:
            sig = "(" + ", ".join(key) + ")"
            uf = self._native.make_ufunc(
                self._kernel, [sig], self.__name__, self.__doc__, self._identity
            )
            self._loops[key] = uf
        return uf

    def _for(self, operands):
        return self._ufunc([self._type_name(_as_operand(x)) for x in operands])

    def __call__(self, *args, **kwargs):
        if len(args) < self.nin:
            raise TypeError(
                f"{self.__name__}() takes {self.nin} input arguments ({len(args)} given)"
            )
        return self._for(args[: self.nin])(*args, **kwargs)

    def reduce(self, array, *args, **kwargs):
        a = _numpy().asarray(array)
        return self._for([a] * self.nin).reduce(a, *args, **kwargs)

    def accumulate(self, array, *args, **kwargs):
        a = _numpy().asarray(array)
        return self._for([a] * self.nin).accumulate(a, *args, **kwargs)

    def reduceat(self, array, indices, *args, **kwargs):
        a = _numpy().asarray(array)
        return self._for([a] * self.nin).reduceat(a, indices, *args, **kwargs)

    def outer(self, a, b, **kwargs):
        return self._for([a, b]).outer(a, b, **kwargs)

    def at(self, a, indices, b=None):
        operands = [a] if b is None else [a, b]
        return self._for(operands).at(a, indices, *([] if b is None else [b]))

    @property
    def types(self):
        return [t for uf in self._loops.values() for t in uf.types]

    @property
    def ntypes(self):
        return len(self._loops)

    def __repr__(self):
        return f"<oxjit lazy ufunc '{self.__name__}'>"


def _as_operand(x):
    """Lists and tuples are typed as the arrays NumPy makes of them."""
    if isinstance(x, (list, tuple)):
        return _numpy().asarray(x)
    return x


def _numpy():
    """NumPy, imported on first use (``import oxjit`` does not import it)."""
    import numpy

    return numpy


def _signature_list(spec):
    if isinstance(spec, (list, tuple)) and len(spec) == 0:
        return []
    return _signatures(spec)
