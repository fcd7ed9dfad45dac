"""Prints `UFUNC_LOOPS` rows for crates/oxjit_frontend/src/templates.rs.

Each row lists NumPy's loops of one ufunc in `ufunc.types` order, as Numba sees them: loops
Numba's `ufunc_db` has no implementation for, or over types compiled code lacks (`g` long
double, `m`/`M` datetimes), are marked `!`; object loops are dropped; float16 (`e`) loops
are shown as float32 (Numba resolves them to its float32 loop). Run with the venv:

    .venv/bin/python tools/gen_ufunc_loops.py add subtract ...   # rows to paste
"""
import sys

import numpy as np
from numba.np import ufunc_db

KNOWN = set("?bBhHiIlLqQfdFD")


def rows(names):
    for name in names:
        uf = getattr(np, name)
        impl = ufunc_db.get_ufunc_info(uf)
        loops = []
        for t in uf.types:
            if "O" in t:
                continue
            ins, out = t.split("->")
            shown = t.replace("e", "f")
            ok = t in impl and all(c in KNOWN for c in (ins + out).replace("e", "f"))
            if "e" in t:
                ok = ok or shown in impl
            loops.append(shown if ok else "!" + shown)
        body = ", ".join(f'"{l}"' for l in loops)
        yield f'    ("{name}", &[{body}]),'


if __name__ == "__main__":
    for r in rows(sys.argv[1:]):
        print(r)
