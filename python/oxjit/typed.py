"""Typed containers shared with compiled code, as ``numba.typed``: :class:`Dict` and :class:`List`.

>>> from oxjit import njit, types
>>> from oxjit.typed import Dict, List
>>> d = Dict.empty(key_type=types.int64, value_type=types.float64)
>>> d[1] = 2.5
>>> @njit
... def bump(d, k):
...     d[k] = d.get(k, 0.0) + 1.0
>>> bump(d, 1); bump(d, 7)
>>> d
DictType[int64,float64]<iv=None>({1: 3.5, 7: 1.0})
>>> l = List([1, 2, 3])
>>> l
ListType[int64]([1, 2, 3])

A container holds a reference to a native runtime object (the one compiled code uses): passing
it to a jitted function passes that object, so the function's changes are the caller's
(nothing is copied or reflected back). A dict (``{}``, ``dict()``, ``Dict()``) or a typed list
returned by compiled code comes back as one of these classes. Items convert with Numba's rules
(``d[1] = 2`` in a dict of float64 values stores ``2.0``; a float key in a dict of int64 keys is
a ``TypingError``). ``Dict()`` and ``List()`` take their types from their first item.
"""

import sys as _sys

if __name__ != "oxjit.typed":
    # Imported under another name (``sys.modules["numba"] = oxjit`` makes ``numba.typed`` load
    # this file again): use the one module, so that there is one ``Dict`` class.
    import oxjit.typed as _canonical

    _sys.modules[__name__] = _canonical
else:
    from collections.abc import ItemsView as _ItemsViewBase
    from collections.abc import KeysView as _KeysViewBase
    from collections.abc import MutableMapping as _MutableMapping
    from collections.abc import MutableSequence as _MutableSequence
    from collections.abc import ValuesView as _ValuesViewBase

    from oxjit.decorators import _native_module
    from oxjit.types import type_text as _type_text

    __all__ = ["Dict", "List"]

    _native = _native_module()

    class Dict(_native.TypedDict, _MutableMapping):
        """A typed dictionary (``numba.typed.Dict``): keys are numbers or tuples of numbers,
        values numbers, tuples, arrays, typed lists or dicts. Insertion-ordered.

        ``Dict()`` is typed by its first item; ``Dict.empty(key_type, value_type)`` is typed
        from the start. ``Dict(mapping)`` and ``Dict(iterable of pairs)`` copy the items.
        """

        __slots__ = ()
        __hash__ = None

        def __init__(self, *args, **kwargs):
            if len(args) > 1:
                raise TypeError(f"Dict expected at most 1 argument, got {len(args)}")
            if args:
                self.update(args[0])
            if kwargs:
                raise TypeError("Dict() does not take keyword items (keys are numbers)")

        @classmethod
        def empty(cls, key_type, value_type, n_keys=0):
            """A new empty dict with keys of ``key_type`` and values of ``value_type``
            (``types.int64``, ``types.float64[:]``, ``types.ListType(types.int64)`` ...)."""
            d = cls()
            d._set_types(_type_text(key_type), _type_text(value_type))
            return d

        def keys(self):
            return KeysView(self)

        def items(self):
            return ItemsView(self)

        def values(self):
            return ValuesView(self)

        def __repr__(self):
            return f"{self._type_str()}({self})"

        def __str__(self):
            return "{" + ", ".join(f"{k}: {v}" for k, v in self._items()) + "}"

    class KeysView(_KeysViewBase):
        __slots__ = ()

        def __iter__(self):
            return iter(self._mapping._keys())

    class ItemsView(_ItemsViewBase):
        __slots__ = ()

        def __iter__(self):
            return iter(self._mapping._items())

    class ValuesView(_ValuesViewBase):
        __slots__ = ()

        def __iter__(self):
            return (v for _, v in self._mapping._items())

    class List(_native.TypedList, _MutableSequence):
        """A typed list (``numba.typed.List``) of numbers, tuples, arrays, typed lists or dicts.

        ``List()`` is typed by its first item, ``List(iterable)`` by the iterable's first item,
        ``List.empty_list(item_type)`` from the start.
        """

        __slots__ = ()
        __hash__ = None

        def __init__(self, iterable=None, *args, **kwargs):
            if args or kwargs:
                raise TypeError("List() takes at most one iterable")
            if iterable is not None:
                self.extend(iterable)

        @classmethod
        def empty_list(cls, item_type, allocated=0):
            """A new empty list of ``item_type`` items, with room for ``allocated``."""
            lst = cls()
            lst._set_type(_type_text(item_type), int(allocated))
            return lst

        def sort(self, key=None, reverse=False):
            """Sorts in place (as ``list.sort``)."""
            self[:] = sorted(self._items(), key=key, reverse=reverse)

        def __eq__(self, other):
            if not isinstance(other, List):
                return NotImplemented
            return self._items() == other._items()

        def __ne__(self, other):
            r = self.__eq__(other)
            return r if r is NotImplemented else not r

        def __repr__(self):
            return f"{self._type_str()}({self})"

        def __str__(self):
            return "[" + ", ".join(f"{x}" for x in self._items()) + "]"
