"""Numba-style type objects, for explicit signatures and for ``Dispatcher.signatures``.

>>> from oxjit.types import float64, int64
>>> sig = float64(float64[:], int64)
>>> sig
(Array(float64, 1, 'A', False, aligned=True), int64) -> float64
>>> str(float64[:, ::1]), str(UniTuple(int64, 3))
('array(float64, 2d, C)', 'UniTuple(int64 x 3)')
>>> sig._text()       # what the Rust signature parser reads
'float64(float64[:], int64)'

Every object prints as Numba prints it (``str`` and ``repr``), compares equal by value and is
hashable. Pure Python: importing this module costs nothing.
"""

__all__ = [
    "Array",
    "Boolean",
    "Complex",
    "DictType",
    "Float",
    "Integer",
    "ListType",
    "NoneType",
    "Number",
    "Signature",
    "Tuple",
    "Type",
    "UniTuple",
    "UnicodeType",
    "b1",
    "bool_",
    "boolean",
    "c8",
    "c16",
    "complex64",
    "complex128",
    "f4",
    "f8",
    "float32",
    "float64",
    "i1",
    "i2",
    "i4",
    "i8",
    "int8",
    "int16",
    "int32",
    "int64",
    "intp",
    "none",
    "string",
    "u1",
    "u2",
    "u4",
    "u8",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintp",
    "unicode_type",
    "void",
]


class Type:
    """Base of every type object. ``str`` gives Numba's short name, ``repr`` Numba's repr."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def _key(self):
        return self.name

    def __str__(self):
        return self.name

    def __repr__(self):
        return self.name

    def __eq__(self, other):
        return type(self) is type(other) and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((type(self).__name__, self._key()))

    def __call__(self, *args):
        """``float64(float64[:], int64)``: a signature with this type as the return type."""
        if len(args) == 1 and isinstance(args[0], (tuple, list)):
            args = tuple(args[0])
        return Signature(self, args)

    def _text(self):
        """The spelling the Rust signature parser (``parse_signature``) reads."""
        return self.name


class Number(Type):
    """A scalar number type: ``int64``, ``float32``, ``complex128`` ..."""

    __slots__ = ("bitwidth",)

    def __init__(self, name, bitwidth):
        super().__init__(name)
        self.bitwidth = bitwidth

    def __getitem__(self, dims):
        """``float64[:]``, ``float64[:, ::1]`` (C), ``float64[::1, :]`` (F): an array type."""
        if not isinstance(dims, tuple):
            dims = (dims,)
        if not dims:
            raise TypeError("an array type needs at least one ':' dimension")
        contiguous = []
        for k, d in enumerate(dims):
            if not isinstance(d, slice) or d.start is not None or d.stop is not None:
                raise TypeError(f"array dimensions are written ':' or '::1', not {d!r}")
            if d.step is not None:
                if d.step != 1:
                    raise TypeError(
                        f"only '::1' marks a contiguous axis, not a step of {d.step!r}"
                    )
                contiguous.append(k)
        ndim = len(dims)
        if not contiguous:
            layout = "A"
        elif contiguous == [ndim - 1]:
            layout = "C"
        elif contiguous == [0]:
            layout = "F"
        else:
            raise TypeError(
                "'::1' must be on the first (F) or the last (C) axis, and only one"
            )
        return Array(self, ndim, layout)


class Boolean(Number):
    """``boolean`` (Numba prints it ``bool``)."""

    __slots__ = ()


class Integer(Number):
    """``int8`` ... ``uint64``; ``signed`` tells which."""

    __slots__ = ("signed",)

    def __init__(self, name, bitwidth):
        super().__init__(name, bitwidth)
        self.signed = not name.startswith("u")


class Float(Number):
    """``float32``, ``float64``."""

    __slots__ = ()


class Complex(Number):
    """``complex64``, ``complex128``; ``underlying_float`` is the type of each part."""

    __slots__ = ()

    @property
    def underlying_float(self):
        return float32 if self.bitwidth == 64 else float64


class NoneType(Type):
    """``none``, also spelled ``void`` as a return type."""

    __slots__ = ()


class UnicodeType(Type):
    """Python's ``str`` (``unicode_type``; ``string`` is the same object), as in Numba."""

    __slots__ = ()


class Array(Type):
    """``Array(dtype, ndim, layout, readonly=False)``; prints ``array(float64, 1d, C)``."""

    __slots__ = ("dtype", "layout", "ndim", "readonly")

    def __init__(self, dtype, ndim, layout="A", readonly=False):
        if not isinstance(dtype, Number):
            raise TypeError(f"array element type must be a number type, not {dtype!r}")
        if not isinstance(ndim, int) or ndim < 0:
            raise TypeError(f"ndim must be a non-negative int, not {ndim!r}")
        if layout not in ("C", "F", "A"):
            raise ValueError(f"layout must be 'C', 'F' or 'A', not {layout!r}")
        self.dtype = dtype
        self.ndim = ndim
        self.layout = layout
        self.readonly = bool(readonly)
        prefix = "readonly " if self.readonly else ""
        super().__init__(f"{prefix}array({dtype}, {ndim}d, {layout})")

    @property
    def mutable(self):
        return not self.readonly

    def _key(self):
        return (self.dtype.name, self.ndim, self.layout, self.readonly)

    def __repr__(self):
        return f"Array({self.dtype}, {self.ndim}, '{self.layout}', {self.readonly}, aligned=True)"

    def _text(self):
        if self.readonly:
            raise TypeError(
                f"{self}: read-only arrays cannot be written in a signature yet"
            )
        if self.ndim == 0:
            raise TypeError(f"{self}: 0-d arrays cannot be written in a signature")
        dims = [":"] * self.ndim
        if self.layout == "C":
            dims[-1] = "::1"
        elif self.layout == "F":
            dims[0] = "::1"
        return f"{self.dtype._text()}[{', '.join(dims)}]"


class UniTuple(Type):
    """A tuple of ``count`` items of one type: ``UniTuple(int64, 3)`` prints ``UniTuple(int64 x 3)``."""

    __slots__ = ("count", "dtype")

    def __init__(self, dtype, count):
        if not isinstance(dtype, Type):
            raise TypeError(f"UniTuple needs a type, not {dtype!r}")
        self.dtype = dtype
        self.count = int(count)
        super().__init__(f"UniTuple({dtype} x {self.count})")

    @property
    def types(self):
        return (self.dtype,) * self.count

    def _key(self):
        return (self.dtype, self.count)

    def __repr__(self):
        return f"UniTuple({self.dtype!r}, {self.count})"

    def _text(self):
        return f"UniTuple({self.dtype._text()}, {self.count})"


class Tuple(Type):
    """A tuple of mixed types: ``Tuple((int64, float64))`` (``Tuple(int64, float64)`` works too).

    As in Numba, a tuple whose items all have one type is a :class:`UniTuple`.
    """

    __slots__ = ("types",)

    def __new__(cls, *types):
        items = _tuple_items(types)
        if items and all(t == items[0] for t in items):
            return UniTuple(items[0], len(items))
        return super().__new__(cls)

    def __init__(self, *types):
        items = _tuple_items(types)
        for t in items:
            if not isinstance(t, Type):
                raise TypeError(f"Tuple items must be types, not {t!r}")
        self.types = items
        super().__init__(f"Tuple({', '.join(str(t) for t in items)})")

    @property
    def count(self):
        return len(self.types)

    def _key(self):
        return self.types

    def __repr__(self):
        return f"Tuple({self.types!r})"

    def _text(self):
        return f"Tuple({', '.join(t._text() for t in self.types)})"


class DictType(Type):
    """``numba.typed.Dict``'s type: ``DictType(int64, float64)`` prints
    ``DictType[int64,float64]<iv=None>``. Give it to ``Dict.empty`` (as its parts) or use it in
    a signature."""

    __slots__ = ("key_type", "value_type")

    def __init__(self, key_type, value_type):
        key_type, value_type = as_type(key_type), as_type(value_type)
        self.key_type = key_type
        self.value_type = value_type
        super().__init__(f"DictType[{key_type},{value_type}]<iv=None>")

    def _key(self):
        return (self.key_type, self.value_type)

    def __repr__(self):
        return f"DictType({self.key_type}, {self.value_type})"

    def _text(self):
        return f"DictType({self.key_type._text()}, {self.value_type._text()})"


class ListType(Type):
    """``numba.typed.List``'s type: ``ListType(int64)`` prints ``ListType[int64]``."""

    __slots__ = ("item_type",)

    def __init__(self, item_type):
        item_type = as_type(item_type)
        self.item_type = item_type
        super().__init__(f"ListType[{item_type}]")

    @property
    def dtype(self):
        return self.item_type

    def _key(self):
        return self.item_type

    def __repr__(self):
        return f"ListType({self.item_type})"

    def _text(self):
        return f"ListType({self.item_type._text()})"


_PY_TYPES = {"int": "int64", "float": "float64", "bool": "boolean", "complex": "complex128"}


def as_type(t):
    """A type object for ``t``: an oxjit type, a Numba type (read from how it prints), a NumPy
    scalar type or dtype, or ``int``/``float``/``bool``/``complex``."""
    if isinstance(t, Type):
        return t
    return _Foreign(type_text(t))


def type_text(t):
    """The text the native type parser reads for any object :func:`as_type` accepts."""
    if isinstance(t, Type):
        return t._text()
    if isinstance(t, type) and t.__module__ == "builtins" and t.__name__ in _PY_TYPES:
        return _PY_TYPES[t.__name__]
    module = type(t).__module__ or ""
    if module.startswith("numba.core.types"):
        return str(t)
    name = getattr(t, "name", None) if module.startswith("numpy") else None
    if name is None and isinstance(t, type) and (t.__module__ or "").startswith("numpy"):
        name = t.__name__
    if isinstance(name, str) and name in _SCALARS:
        return name
    raise TypeError(f"expected a type (such as oxjit.types.int64), not {t!r}")


class _Foreign(Type):
    """A type given as another library's type object, kept as the text it parses from."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text
        super().__init__(text)

    def _text(self):
        return self.text


def _tuple_items(types):
    if len(types) == 1 and isinstance(types[0], (tuple, list)):
        return tuple(types[0])
    return tuple(types)


class Signature:
    """A function signature: ``return_type`` (``None`` when only arguments were given) and ``args``.

    Prints as Numba does: ``(int64, int64) -> int64``.
    """

    __slots__ = ("args", "return_type")

    def __init__(self, return_type, args):
        args = tuple(args)
        for a in args:
            if not isinstance(a, Type):
                raise TypeError(f"signature arguments must be types, not {a!r}")
        if return_type is not None and not isinstance(return_type, Type):
            raise TypeError(f"the return type must be a type, not {return_type!r}")
        self.return_type = return_type
        self.args = args

    def __eq__(self, other):
        return isinstance(other, Signature) and (self.return_type, self.args) == (
            other.return_type,
            other.args,
        )

    def __hash__(self):
        return hash((self.return_type, self.args))

    def __repr__(self):
        ret = "" if self.return_type is None else f" -> {self.return_type}"
        return f"{self.args!r}{ret}"

    __str__ = __repr__

    def _text(self):
        args = ", ".join(a._text() for a in self.args)
        ret = "" if self.return_type is None else self.return_type._text()
        return f"{ret}({args})"


boolean = bool_ = b1 = Boolean("bool", 1)
int8 = i1 = Integer("int8", 8)
int16 = i2 = Integer("int16", 16)
int32 = i4 = Integer("int32", 32)
int64 = i8 = intp = Integer("int64", 64)
uint8 = u1 = Integer("uint8", 8)
uint16 = u2 = Integer("uint16", 16)
uint32 = u4 = Integer("uint32", 32)
uint64 = u8 = uintp = Integer("uint64", 64)
float32 = f4 = Float("float32", 32)
float64 = f8 = Float("float64", 64)
complex64 = c8 = Complex("complex64", 64)
complex128 = c16 = Complex("complex128", 128)
none = void = NoneType("none")
unicode_type = string = UnicodeType("unicode_type")

_SCALARS = {
    t.name: t
    for t in (
        boolean,
        int8,
        int16,
        int32,
        int64,
        uint8,
        uint16,
        uint32,
        uint64,
        float32,
        float64,
        complex64,
        complex128,
    )
}


def signature_text(sig):
    """The Rust-parser text of one signature given as a string, a :class:`Signature`, or a
    tuple/list of argument types (``(float64, int64)``: arguments only, return type inferred)."""
    if isinstance(sig, str):
        return sig
    if isinstance(sig, Signature):
        return sig._text()
    if isinstance(sig, (tuple, list)) and all(isinstance(t, Type) for t in sig):
        return Signature(None, sig)._text()
    raise TypeError(
        f"a signature must be a string like 'float64(float64[:])', a Signature or a tuple of types, not {sig!r}"
    )


def _from_desc(desc):
    """Builds a type object from the native extension's description of a type.

    ``"int64"`` (a scalar), ``"unicode_type"``, ``None`` (none), ``("array", dtype, ndim, layout, readonly)``,
    ``("tuple", [items])``, ``("dict", key, value)``, ``("listtype", item)``,
    ``("opaque", text)`` (a type with no object here yet).
    """
    if desc is None:
        return none
    if isinstance(desc, str):
        return unicode_type if desc == "unicode_type" else _SCALARS[desc]
    kind = desc[0]
    if kind == "array":
        return Array(_SCALARS[desc[1]], desc[2], desc[3], desc[4])
    if kind == "tuple":
        return Tuple(tuple(_from_desc(d) for d in desc[1]))
    if kind == "dict":
        return DictType(_from_desc(desc[1]), _from_desc(desc[2]))
    if kind == "listtype":
        return ListType(_from_desc(desc[1]))
    return Type(desc[1])
