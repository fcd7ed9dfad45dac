"""Numba's high-level extension API: ``@overload`` and ``@register_jitable``.

``@overload(func)`` registers a *typing function* for a Python function ``func``. When compiled
code calls ``func``, the typing functions are called, newest first, with the ``oxjit.types``
objects of the call's arguments (``typing(*arg_types, **kw_types)``); the first one that returns
an implementation (a plain Python function, a lambda or a jitted function) wins, and that
implementation is compiled with ``jit_options`` and called instead. A typing function that
returns ``None`` declines those types::

    def clip01(x):
        return min(max(x, 0.0), 1.0)

    @overload(clip01)
    def _clip01(x):
        if isinstance(x, types.Float):
            return lambda x: min(max(x, 0.0), 1.0)

``@register_jitable`` makes a plain function callable from compiled code (it stays a plain
function for Python callers): an overload whose implementation is the function itself.

Numba's low-level API (``intrinsic``, ``models``, ``box``/``unbox``, ``lower_builtin`` ...)
works on Numba's own IR and LLVM bindings and has no oxjit counterpart: those names exist so
imports succeed, and using one raises ``NotImplementedError`` naming it.
"""

from __future__ import annotations

import threading


class _Overloaded:
    """One overloaded Python function: its typing functions and the implementations compiled
    for each argument-type combination."""

    def __init__(self, func):
        self.func = func
        self.templates = []  # (typing function, jit options), in registration order
        self.resolved = {}  # (arg types, kw types) -> dispatcher or None


_lock = threading.RLock()
_entries: list[_Overloaded] = []
_handles: dict[int, int] = {}  # id(func) -> handle (the entry keeps func alive)


def _entry_for(func) -> _Overloaded:
    with _lock:
        h = _handles.get(id(func))
        if h is not None and _entries[h].func is func:
            return _entries[h]
        entry = _Overloaded(func)
        _entries.append(entry)
        _handles[id(func)] = len(_entries) - 1
        return entry


def _handle_of(func):
    """The handle of ``func`` if implementations were registered for it (called by the
    compiler when it meets a plain Python function in compiled code)."""
    h = _handles.get(id(func))
    if h is not None and _entries[h].func is func:
        return h
    return None


def _jit(impl, options):
    from ._native import Dispatcher
    from .decorators import njit

    if isinstance(impl, Dispatcher):
        return impl
    py_func = getattr(impl, "py_func", None)
    if py_func is not None and callable(py_func):
        impl = py_func
    opts = {
        k: v
        for k, v in options.items()
        if k not in ("nopython", "no_cpython_wrapper", "no_cfunc_wrapper", "forceobj")
    }
    return njit(**opts)(impl)


def _resolve(handle, arg_types, kw_types):
    """The dispatcher implementing overload ``handle`` for these types, or ``None``."""
    entry = _entries[handle]
    key = (tuple(arg_types), tuple(sorted(kw_types.items())))
    with _lock:
        if key in entry.resolved:
            return entry.resolved[key]
        found = None
        for typing, options in reversed(entry.templates):
            impl = typing(*arg_types, **kw_types)
            if impl is None:
                continue
            if not callable(impl):
                raise TypeError(
                    f"the typing function {typing.__qualname__} returned {impl!r}; it must return an implementation (a function) or None"
                )
            found = _jit(impl, options)
            break
        entry.resolved[key] = found
        return found


def overload(
    func, jit_options=None, strict=True, inline="never", prefer_literal=False, **kwargs
):
    """Registers the decorated typing function as an implementation source for ``func`` in
    compiled code (Numba's ``numba.extending.overload``). ``jit_options`` are the options the
    returned implementation is compiled with; ``inline`` is accepted and ignored (LLVM inlines
    small callees anyway)."""
    options = dict(jit_options or {})

    def decorate(typing):
        if not callable(typing):
            raise TypeError(f"@overload decorates a typing function, not {typing!r}")
        entry = _entry_for(func)
        with _lock:
            entry.templates.append((typing, options))
            entry.resolved.clear()
        return typing

    return decorate


def register_jitable(*args, **kwargs):
    """``@register_jitable`` / ``@register_jitable(**jit_options)``: ``fn`` stays a plain Python
    function and becomes callable from compiled code, compiled with those options."""

    def wrap(fn):
        overload(fn, jit_options=kwargs)(lambda *a, **k: fn)
        return fn

    if len(args) == 1 and not kwargs and callable(args[0]):
        return wrap(args[0])
    if args:
        raise TypeError("register_jitable takes only keyword options")
    return wrap


def _unsupported(name):
    def fail(*args, **kwargs):
        raise NotImplementedError(
            f"numba.extending.{name} works on Numba's own IR and type system, which oxjit does not have; "
            "use @overload or @register_jitable (both supported) for functions compiled code calls"
        )

    fail.__name__ = name
    fail.__qualname__ = name
    return fail


_LOW_LEVEL = (
    "overload_method",
    "overload_attribute",
    "overload_classmethod",
    "intrinsic",
    "typeof_impl",
    "type_callable",
    "register_model",
    "make_attribute_wrapper",
    "lower_builtin",
    "box",
    "unbox",
    "NativeValue",
)
for _name in _LOW_LEVEL:
    globals()[_name] = _unsupported(_name)
del _name

__all__ = ["overload", "register_jitable", "models"] + list(_LOW_LEVEL)


class _Models:
    def __getattr__(self, name):
        return _unsupported(f"models.{name}")


models = _Models()
