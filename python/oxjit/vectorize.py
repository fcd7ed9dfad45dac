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

Both can be called from ``@njit`` code and from other kernels, as in Numba: on numbers the
call gives a number, with an array argument a new array (broadcasting) or the output array
passed last (or as ``out=``). An eager ufunc uses the first signature every argument casts to
safely (Numba's rule: with ``["f8(f8)", "i8(i8)"]`` an int64 argument takes the float64
loop), a lazy one compiles its function for the argument element types.

``@guvectorize`` makes a generalized ufunc from a function over array views that writes its
outputs (its last arguments), as Numba's:

>>> from oxjit import guvectorize
>>> @guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")
... def dot(x, y, out):
...     s = 0.0
...     for i in range(x.shape[0]):
...         s += x[i] * y[i]
...     out[0] = s
>>> dot(np.ones((2, 3)), np.arange(3.0))
array([3., 3.])

The layout names each operand's core dimensions; NumPy loops over the remaining (outer)
dimensions with broadcasting, and handles ``out=``, ``axes=`` and ``axis=``. Array operands
reach the kernel as ``A``-layout views of their declared ndim; an input with no core
dimensions (``()``) is its scalar value when the signature gives a scalar type
(``"void(float64[:], int64, float64[:])"``) and a 1-element array when it gives ``float64[:]``;
an output with none is a 1-element array (write ``out[0]``). A bad layout raises
``ValueError`` when decorating. ``@guvectorize(layout)`` alone gives a :class:`LazyGUFunc`,
called with its outputs (``f(x, y, out)``), that compiles a loop per new combination of
operand types.

``guvectorize(..., target="parallel")`` splits each large outer loop (at least 2^15 core
elements in all) into chunks run by oxjit's thread pool (``set_num_threads`` applies); smaller
ones run on the calling thread. Not yet: ``vectorize(target="parallel")``, ``"cuda"``,
``writable_args=``, and fixed-size (``(3)``) or optional (``(n?)``) core dimensions.
"""

from types import FunctionType

from oxjit.decorators import _native_module, _options, _signatures
from oxjit.errors import UnsupportedError

__all__ = ["LazyGUFunc", "LazyUFunc", "guvectorize", "vectorize"]

_TARGETS = ("cpu",)
_GU_TARGETS = ("cpu", "parallel")


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
    opts = _kernel_options("vectorize", kws)

    def wrap(func):
        func = _python_function("vectorize", func)
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

    Compiled code may call it too: the compiler's host recognises the class and compiles
    ``_kernel`` (the dispatcher of the scalar function) for the arguments' element types.
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
        return _type_name(self._native, x)

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


def guvectorize(*args, **kws):
    """Turns a function over array views into a NumPy generalized ufunc, as
    ``numba.guvectorize``.

    Forms: ``@guvectorize(["void(float64[:], float64[:], float64[:])", ...], "(n),(n)->()")``
    (eager: a genuine ``numpy.ufunc`` with a layout, one loop per signature) and
    ``@guvectorize("(n),(n)->()")`` (lazy, :class:`LazyGUFunc`). Options: ``identity``,
    ``target="cpu"`` or ``"parallel"``, ``nopython``, ``fastmath``, ``cache``, ``boundscheck``,
    ``nogil``. Signatures may be strings or oxjit type objects (``void(float64[:], float64[:])``).
    """
    if len(args) == 1:
        ftylist, layout = [], args[0]
    elif len(args) == 2:
        ftylist, layout = args
    else:
        raise TypeError("guvectorize() takes one or two positional arguments")
    if isinstance(layout, FunctionType) or not isinstance(layout, str):
        raise TypeError(
            'guvectorize() needs a layout string such as "(n),(n)->()": '
            "@guvectorize([signatures...], layout) or @guvectorize(layout)"
        )
    native = _native_module()
    # A bad layout is reported now, at decoration, for both forms.
    nin, nout, core_ndims, layout = native.gufunc_layout(layout)
    sigs = (
        []
        if isinstance(ftylist, (list, tuple)) and len(ftylist) == 0
        else _signatures(ftylist)
    )
    identity = kws.pop("identity", None)
    target = kws.pop("target", "cpu")
    if target not in _GU_TARGETS:
        raise UnsupportedError(
            f"guvectorize(): target={target!r} is not supported (only 'cpu' and 'parallel')"
        )
    kws.pop("is_dynamic", None)  # Numba's internal marker of the lazy form
    writable = kws.pop("writable_args", ())
    if writable:
        raise UnsupportedError(
            "guvectorize(): writable_args= is not supported yet (inputs are read-only operands "
            "of the NumPy gufunc; write results to the outputs)"
        )
    opts = _kernel_options("guvectorize", kws)

    def wrap(func):
        func = _python_function("guvectorize", func)
        if func.__code__.co_argcount != nin + nout:
            raise TypeError(
                f"guvectorize(): {func.__name__}() takes {func.__code__.co_argcount} arguments "
                f"but the layout {layout!r} has {nin + nout} operands ({nin} inputs, then "
                f"{nout} outputs, which the function writes)"
            )
        kernel = native.Dispatcher(func, opts, [])
        if not sigs:
            return LazyGUFunc(
                func, kernel, (nin, nout, core_ndims, layout), identity, target, native
            )
        return native.make_gufunc(
            kernel, sigs, layout, func.__name__, func.__doc__, identity, target
        )

    return wrap


class LazyGUFunc:
    """``@guvectorize(layout)`` without signatures (Numba's dynamic ``GUFunc``): compiles a
    loop the first time it meets a new combination of operand types and then runs the genuine
    generalized ufunc holding that loop.

    As in Numba, every operand is passed, the outputs too (``f(x, y, out)`` or
    ``f(x, y, out=out)``): their dtypes choose the loop. An input with no core dimensions
    (``()``) reaches the kernel as a scalar, an output with none as a 1-element array.
    """

    def __init__(self, func, kernel, layout, identity, target, native):
        self._kernel = kernel
        self._identity = identity
        self._target = target
        self._native = native
        self._loops = {}
        self.nin, self.nout, self._core_ndims, self.signature = layout
        self.nargs = self.nin + self.nout
        self.identity = identity
        self.__name__ = func.__name__
        self.__qualname__ = getattr(func, "__qualname__", func.__name__)
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def _operand_type(self, k, x):
        name = _type_name(self._native, _as_operand(x))
        nd = self._core_ndims[k]
        if nd == 0:
            return name if k < self.nin else f"{name}[:]"
        return f"{name}[{', '.join([':'] * nd)}]"

    def _gufunc(self, operands):
        key = tuple(self._operand_type(k, x) for k, x in enumerate(operands))
        uf = self._loops.get(key)
        if uf is None:
            uf = self._native.make_gufunc(
                self._kernel,
                ["void(" + ", ".join(key) + ")"],
                self.signature,
                self.__name__,
                self.__doc__,
                self._identity,
                self._target,
            )
            self._loops[key] = uf
        return uf

    def __call__(self, *args, **kwargs):
        if "out" in kwargs:
            out = kwargs.pop("out")
            args += tuple(out) if isinstance(out, tuple) else (out,)
        if len(args) != self.nargs:
            raise TypeError(
                f"{self.__name__}() takes {self.nin} inputs and {self.nout} output"
                f"{'s' if self.nout != 1 else ''} ({len(args)} given): a lazy gufunc is "
                f"called with its outputs, as `{self.__name__}(x, ..., out)`"
            )
        return self._gufunc(args)(*args, **kwargs)

    @property
    def types(self):
        return [t for uf in self._loops.values() for t in uf.types]

    @property
    def ntypes(self):
        return len(self._loops)

    def __repr__(self):
        return f"<oxjit lazy gufunc '{self.__name__}' {self.signature}>"


def _kernel_options(who, kws):
    """The compile options of a ufunc kernel from the decorator's remaining keywords."""
    opts = _options(
        who,
        kws.pop("locals", None),
        kws.pop("cache", False),
        kws.pop("pipeline_class", None),
        kws.pop("boundscheck", None),
        kws,
    )
    # NumPy's semantics inside a ufunc: division by zero gives inf/nan (and NumPy's warning),
    # as in Numba, whose ufunc kernels always use the NumPy error model.
    opts["error_model"] = "numpy"
    return opts


def _python_function(who, func):
    """The Python function a decorator was given (an @njit dispatcher gives its own)."""
    if type(func).__name__ == "Dispatcher" and type(func).__module__ == "oxjit._native":
        func = func.py_func
    if not isinstance(func, FunctionType):
        raise TypeError(f"{who}() must decorate a Python function, not {type(func).__name__}")
    return func


def _type_name(native, x):
    """The scalar type name of an operand: an array's dtype, a Python value as Numba types it."""
    np = _numpy()
    if isinstance(x, np.ndarray):
        return str(native.typeof(x.dtype.type(0)))
    t = native.typeof(x)
    if isinstance(t, tuple):  # an array description
        return t[1]
    return str(t)


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
