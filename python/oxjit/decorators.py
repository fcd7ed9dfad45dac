"""``@njit`` and ``@jit``: every form Numba accepts, turned into a native ``Dispatcher``.

>>> from oxjit import njit
>>> @njit(boundscheck=True)
... def first(a):
...     return a[0]

Python decides *what* to compile (the function, its options, its explicit signatures); the
native extension decides *how*. This module is the only place that imports ``oxjit._native``,
and it does so on the first decoration, so that ``import oxjit`` stays cheap.
"""

from types import FunctionType

from oxjit import config
from oxjit.errors import UnsupportedError
from oxjit.types import Type, signature_text

__all__ = ["jit", "njit", "prange"]

# Options that change the generated code or the dispatcher; checked and applied natively.
_OPTIONS = frozenset(
    {
        "cache",
        "boundscheck",
        "fastmath",
        "nogil",
        "error_model",
        "parallel",
        "inline",
        "nopython",
        "forceobj",
    }
)
# Numba options that have no effect in nopython mode (looplift: object mode only; the wrapper
# flags and _nrt: Numba internals) or no effect yet (debug: no debug info is emitted yet).
_IGNORED = frozenset(
    {
        "looplift",
        "debug",
        "no_cpython_wrapper",
        "no_cfunc_wrapper",
        "_nrt",
        "no_rewrites",
    }
)

_native = None


def _native_module():
    global _native
    if _native is None:
        from oxjit import _native as native
        from oxjit import config

        # The default thread count of parallel loops (read from the environment at import).
        native._set_default_num_threads(config.NUMBA_NUM_THREADS)
        _native = native
    return _native


def prange(*args):
    """A ``range`` that marks a loop as parallel (for ``parallel=True``); from Python it is ``range``."""
    return range(*args)


def _options(fname, locals, cache, pipeline_class, boundscheck, options):
    if options.get("forceobj") or ("nopython" in options and not options["nopython"]):
        raise UnsupportedError(
            f"{fname}(): object mode (forceobj=True or nopython=False) is not supported: "
            "oxjit compiles every function in nopython mode; remove the option"
        )
    if pipeline_class is not None:
        raise UnsupportedError(
            f"{fname}(): pipeline_class= is not supported (oxjit has no Numba compiler pipeline)"
        )
    if locals:
        raise UnsupportedError(
            f"{fname}(): locals= type declarations are not supported yet"
        )
    unknown = sorted(set(options) - _OPTIONS - _IGNORED)
    if unknown:
        raise TypeError(f"{fname}() got an unexpected keyword argument {unknown[0]!r}")
    if config.BOUNDSCHECK is not None:
        boundscheck = config.BOUNDSCHECK
    opts = {"nopython": True, "boundscheck": boundscheck}
    if cache:
        opts["cache"] = bool(cache)
    for key, value in options.items():
        if key in _OPTIONS and key not in ("nopython", "forceobj"):
            opts[key] = value
    return opts


def _signatures(sigs):
    """Explicit signatures as the texts the native parser reads."""
    if isinstance(sigs, tuple) and all(isinstance(t, Type) for t in sigs):
        # A tuple of argument types: one signature, return type inferred.
        return [signature_text(sigs)]
    if isinstance(sigs, (list, tuple)):
        return [signature_text(s) for s in sigs]
    return [signature_text(sigs)]


def _wrap(func, opts, sigs, fname):
    if type(func).__name__ == "Dispatcher" and type(func).__module__ == "oxjit._native":
        func = func.py_func
    if not isinstance(func, FunctionType):
        raise TypeError(
            f"{fname}() must decorate a Python function, not {type(func).__name__}"
        )
    if config.DISABLE_JIT:
        return func
    return _native_module().Dispatcher(func, opts, sigs)


def jit(
    signature_or_function=None,
    locals=None,
    cache=False,
    pipeline_class=None,
    boundscheck=None,
    **options,
):
    """Compiles a function to machine code, in nopython mode (the default since Numba 0.59).

    Accepted forms: ``@jit``, ``@jit(...)``, ``@jit("float64(float64[:])")``,
    ``@jit(["int64(int64)", "float64(float64)"])``, ``@jit(float64(float64[:]))``, ``jit(func)``.
    Options: ``cache``, ``boundscheck``, ``fastmath`` (``True`` or a set of LLVM flag names),
    ``nogil``, ``error_model`` (``"python"`` or ``"numpy"``), ``parallel``, ``inline``,
    ``nopython=True``. Object mode (``forceobj=True``, ``nopython=False``) is not supported.
    """
    return _decorate(
        "jit",
        signature_or_function,
        locals,
        cache,
        pipeline_class,
        boundscheck,
        options,
    )


def njit(*args, **kws):
    """``jit`` in nopython mode: ``@njit``, ``@njit(...)``, ``@njit("sig")``, ``njit(func)``."""
    return _decorate(
        "njit",
        args[0] if args else None,
        kws.pop("locals", None),
        kws.pop("cache", False),
        kws.pop("pipeline_class", None),
        kws.pop("boundscheck", None),
        kws,
        extra=args[1:],
    )


def _decorate(
    fname, target, locals, cache, pipeline_class, boundscheck, options, extra=()
):
    if extra:
        raise TypeError(
            f"{fname}() takes at most 1 positional argument ({1 + len(extra)} given)"
        )
    opts = _options(fname, locals, cache, pipeline_class, boundscheck, options)
    if target is None:
        return lambda func: _wrap(func, opts, [], fname)
    if isinstance(target, FunctionType) or (
        type(target).__name__ == "Dispatcher"
        and type(target).__module__ == "oxjit._native"
    ):
        return _wrap(target, opts, [], fname)
    sigs = _signatures(target)
    return lambda func: _wrap(func, opts, sigs, fname)
