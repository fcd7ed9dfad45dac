"""Exact comparison of kernel results, and the text shown when two results differ.

"Equal" is strict on purpose, because a kernel's result is its spec:

- same Python type (``int`` is not ``bool`` is not ``numpy.int64``), same tuple shape;
- floats compared bit for bit (so ``-0.0 != 0.0``), except that any NaN matches any NaN;
- complex numbers compared part by part with the float rule;
- arrays: same dtype, same shape, and every element equal under the rules above;
- typed containers (``numba.typed`` / ``oxjit.typed`` ``Dict`` and ``List``, whichever jit
  made them): same kind, same type as Numba prints it (``DictType[int64,float64]<iv=None>``),
  and the same items in the same order under the rules above.

``difference(expected, actual)`` returns ``None`` when the two are equal, else a short
sentence naming the first difference (with its path inside tuples and arrays), which the
harness puts in the failure message.
"""

from __future__ import annotations

import math
import struct

import numpy as np

__all__ = ["RecordedTyped", "describe", "difference", "float_same", "numba_boxed", "typed_container"]


class RecordedTyped:
    """A typed container read back from a Numba snapshot: kind, type text and items."""

    def __init__(self, kind: str, type_text: str, items: list) -> None:
        self.kind = kind
        self.type_text = type_text
        self.items = items

    def __repr__(self) -> str:
        return f"{self.type_text}({self.items!r})"


def typed_container(v: object) -> tuple[str, str, list] | None:
    """``(kind, type text, items)`` of a ``numba.typed``/``oxjit.typed`` container (a dict's
    items as ``(key, value)`` tuples), else ``None``."""
    if isinstance(v, RecordedTyped):
        return (v.kind, v.type_text, v.items)
    module = type(v).__module__ or ""
    kind = type(v).__name__
    if kind not in ("Dict", "List") or not (module.startswith("numba.typed") or module == "oxjit.typed"):
        return None
    if module == "oxjit.typed":
        text = v._type_str()  # type: ignore[attr-defined]
    else:
        text = str(v._dict_type if kind == "Dict" else v._list_type)  # type: ignore[attr-defined]
    items = [tuple(kv) for kv in v.items()] if kind == "Dict" else list(v)  # type: ignore[attr-defined]
    return (kind, text, items)


def float_same(a: float, b: float) -> bool:
    """Bit-exact float equality where every NaN matches every NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return struct.pack("<d", a) == struct.pack("<d", b)


def _type_name(v: object) -> str:
    if isinstance(v, np.ndarray):
        return f"ndarray[{v.dtype}, shape={v.shape}]"
    t = type(v)
    if t.__module__ in ("builtins",):
        return t.__name__
    return f"{t.__module__}.{t.__qualname__}"


def describe(v: object) -> str:
    """A value and its type, precise enough to see why two values differ."""
    tc = typed_container(v)
    if tc is not None:
        return f"{tc[1]}({', '.join(describe(x) for x in tc[2])})"
    if isinstance(v, BaseException):
        lines = str(v).strip().splitlines()
        more = " ..." if len(lines) > 1 else ""
        return f"raised {type(v).__name__}: {lines[0] if lines else ''}{more}"
    if isinstance(v, float):
        return f"{v!r} (float{', ' + v.hex() if math.isfinite(v) else ''})"
    if isinstance(v, np.ndarray):
        flags = "C" if v.flags.c_contiguous else ("F" if v.flags.f_contiguous else "A")
        body = np.array2string(v, threshold=40, max_line_width=100, floatmode="unique")
        return f"{body} ({_type_name(v)}, layout {flags})"
    if isinstance(v, tuple):
        return (
            "(" + ", ".join(describe(x) for x in v) + ("," if len(v) == 1 else "") + ")"
        )
    if isinstance(v, list):
        return "[" + ", ".join(describe(x) for x in v) + "]"
    return f"{v!r} ({_type_name(v)})"


def _array_difference(e: np.ndarray, a: np.ndarray, where: str) -> str | None:
    if e.dtype != a.dtype:
        return f"{where}: dtype {e.dtype} expected, got {a.dtype}"
    if e.shape != a.shape:
        return f"{where}: shape {e.shape} expected, got {a.shape}"
    if e.size == 0:
        return None
    kind = e.dtype.kind
    if kind in "fc":
        parts = (
            [("real", e.real, a.real), ("imag", e.imag, a.imag)]
            if kind == "c"
            else [("", e, a)]
        )
        for label, ep, ap in parts:
            ep64 = np.ascontiguousarray(ep, dtype=np.float64)
            ap64 = np.ascontiguousarray(ap, dtype=np.float64)
            both_nan = np.isnan(ep64) & np.isnan(ap64)
            same_bits = ep64.view(np.uint64) == ap64.view(np.uint64)
            bad = ~(both_nan | same_bits)
            if bad.any():
                idx = tuple(int(i) for i in np.argwhere(bad)[0])
                part = f".{label}" if label else ""
                return (
                    f"{where}[{', '.join(map(str, idx))}]{part}: "
                    f"{describe(float(ep64[idx]))} expected, got {describe(float(ap64[idx]))}"
                )
        return None
    bad = e != a
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return (
            f"{where}[{', '.join(map(str, idx))}]: {e[idx]!r} expected, got {a[idx]!r}"
        )
    return None


def difference(expected: object, actual: object, where: str = "result") -> str | None:
    """``None`` if ``actual`` equals ``expected`` exactly, else where and how they differ."""
    te, ta = typed_container(expected), typed_container(actual)
    if te is not None or ta is not None:
        if te is None or ta is None:
            return f"{where}: {describe(expected)} expected, got {describe(actual)}"
        if te[:2] != ta[:2]:
            return f"{where}: a {te[1]} expected, got a {ta[1]}"
        return difference(te[2], ta[2], f"{where}.items")
    if type(expected) is not type(actual):
        return f"{where}: type {_type_name(expected)} expected, got {_type_name(actual)} ({actual!r})"
    if isinstance(expected, float):
        if float_same(expected, actual):  # type: ignore[arg-type]
            return None
        return f"{where}: {describe(expected)} expected, got {describe(actual)}"
    if isinstance(expected, complex):
        assert isinstance(actual, complex)
        if float_same(expected.real, actual.real) and float_same(
            expected.imag, actual.imag
        ):
            return None
        return f"{where}: {expected!r} expected, got {actual!r} (compared part by part, bit-exact)"
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, type(expected))
        if len(expected) != len(actual):
            return f"{where}: {type(expected).__name__} of {len(expected)} expected, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = difference(e, a, f"{where}[{i}]")
            if d is not None:
                return d
        return None
    if isinstance(expected, np.ndarray):
        return _array_difference(expected, actual, where)  # type: ignore[arg-type]
    if isinstance(expected, np.generic):
        # Only CPython produces NumPy scalars; compare them like 0-d arrays.
        return _array_difference(np.asarray(expected), np.asarray(actual), where)
    if expected == actual:
        return None
    return f"{where}: {describe(expected)} expected, got {describe(actual)}"


def numba_boxed(v: object) -> object:
    """A CPython result with NumPy scalars turned into the Python scalars Numba returns.

    Used only when Numba is not installed and CPython stands in as the oracle: Numba (and
    oxjit) box a ``float32`` as ``float``, an ``int8`` as ``int``, ``bool_`` as ``bool`` ...
    """
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.complexfloating):
        return complex(v)
    if isinstance(v, tuple):
        return tuple(numba_boxed(x) for x in v)
    if isinstance(v, list):
        return [numba_boxed(x) for x in v]
    return v
