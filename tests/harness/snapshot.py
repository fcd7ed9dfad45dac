"""Numba's outcomes recorded per fixture file, so the suite keeps an exact oracle on machines
without Numba.

``tests/kernels/run/<name>.numba.json`` maps each ``# run:`` call text to what Numba did:
``{"value": <v>, "args": {"0": <array after the call>, ...}}`` or ``{"raises": "ZeroDivisionError"}``.
Values are encoded losslessly: floats as ``float.hex`` (sign of zero and NaN kept), ints as
JSON ints, arrays as dtype, shape and base64 bytes. ``OXJIT_BLESS=1`` (with Numba installed)
rewrites the files; when Numba is installed the harness also checks the recorded outcome
still matches the live one.
"""

from __future__ import annotations

import base64
import builtins
import json
from pathlib import Path
from typing import Any

import numpy as np

from .compare import RecordedTyped, typed_container


def encode(v: Any) -> Any:
    tc = typed_container(v)
    if tc is not None:
        return {"typed": {"kind": tc[0], "type": tc[1], "items": [encode(x) for x in tc[2]]}}
    if v is None:
        return {"none": True}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        return {"int": v}
    if isinstance(v, float):
        return {"float": v.hex()}
    if isinstance(v, complex):
        return {"complex": [v.real.hex(), v.imag.hex()]}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, list):
        return {"list": [encode(x) for x in v]}
    if isinstance(v, np.ndarray):
        return {
            "array": {
                "dtype": v.dtype.str,
                "shape": list(v.shape),
                "data": base64.b64encode(np.ascontiguousarray(v).tobytes()).decode(
                    "ascii"
                ),
            }
        }
    raise TypeError(f"cannot record a {type(v).__name__} in a Numba snapshot")


def decode(d: Any) -> Any:
    ((kind, body),) = d.items()
    if kind == "none":
        return None
    if kind == "bool":
        return bool(body)
    if kind == "int":
        return int(body)
    if kind == "float":
        return float.fromhex(body)
    if kind == "complex":
        return complex(float.fromhex(body[0]), float.fromhex(body[1]))
    if kind == "str":
        return str(body)
    if kind == "tuple":
        return tuple(decode(x) for x in body)
    if kind == "list":
        return [decode(x) for x in body]
    if kind == "typed":
        return RecordedTyped(body["kind"], body["type"], [decode(x) for x in body["items"]])
    if kind == "array":
        dt = np.dtype(body["dtype"])
        raw = base64.b64decode(body["data"])
        return np.frombuffer(raw, dtype=dt).reshape(body["shape"]).copy()
    raise ValueError(f"unknown snapshot entry kind {kind!r}")


def exception_class(name: str) -> type[BaseException]:
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, BaseException):
        return cls
    raise ValueError(f"snapshot names an unknown exception class {name!r}")


def snapshot_path(fixture: Path) -> Path:
    return fixture.with_name(fixture.stem + ".numba.json")


def load(fixture: Path) -> dict[str, Any]:
    p = snapshot_path(fixture)
    if not p.exists():
        return {}
    return json.loads(p.read_text(encoding="utf-8"))


def write(fixture: Path, entries: dict[str, Any]) -> None:
    p = snapshot_path(fixture)
    # One call per line, so that a re-recording diffs line by line.
    lines = [
        f" {json.dumps(k)}: {json.dumps(v, sort_keys=True)}"
        for k, v in sorted(entries.items())
    ]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    if not p.exists() or p.read_text(encoding="utf-8") != text:
        p.write_text(text, encoding="utf-8")
