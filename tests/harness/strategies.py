"""The strategy vocabulary of ``# hypothesis:`` directives.

Scalars: ``ints`` (the whole int64 range, edges first), ``small_ints`` (-1000..1000),
``nonneg_ints`` (0..1000), ``pos_ints`` (1..10**6), ``nonzero_ints`` (int64 without 0),
``shift_counts`` (0..63), ``floats`` (any float64: nan, ±inf, -0.0, subnormals),
``finite_floats``, ``small_floats`` (finite, |x| <= 1e6), ``pos_floats`` (finite, > 0),
``unit_floats`` ([0, 1]), ``bools``, ``complexes`` (any parts), ``finite_complexes``.
Arrays (1-D, C-contiguous, length 0..8): ``f64_arrays`` (any floats), ``finite_f64_arrays``,
``i64_arrays`` (small ints), ``bool_arrays``.
Strings: ``texts`` (0..12 characters mixing ASCII, Latin-1, BMP and astral ones, spaces and
commas), ``short_texts`` (0..3 of the same, so searches find something).
Builders: ``int_range(lo, hi)``, ``float_range(lo, hi)``, ``arrays_of(dtype, elements,
max_len=8, min_len=0)``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_INT_EDGES = [
    0,
    1,
    -1,
    2,
    -2,
    INT64_MIN,
    INT64_MAX,
    INT64_MIN + 1,
    INT64_MAX - 1,
    2**31 - 1,
    -(2**31),
    2**32,
    2**53 + 1,
]
_FLOAT_EDGES = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.5,
    -2.5,
    1e16,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
]
_NONFINITE = [math.inf, -math.inf, math.nan]


def int_range(lo: int, hi: int) -> st.SearchStrategy[int]:
    edges = [v for v in (lo, hi, 0, 1, -1) if lo <= v <= hi]
    return st.one_of(st.sampled_from(edges), st.integers(lo, hi))


def float_range(lo: float, hi: float) -> st.SearchStrategy[float]:
    edges = [v for v in (lo, hi, 0.0, -0.0, 1.0, -1.0, 0.5) if lo <= v <= hi]
    return st.one_of(st.sampled_from(edges), st.floats(lo, hi, allow_nan=False))


ints = st.one_of(st.sampled_from(_INT_EDGES), st.integers(INT64_MIN, INT64_MAX))
small_ints = int_range(-1000, 1000)
nonneg_ints = int_range(0, 1000)
pos_ints = int_range(1, 10**6)
nonzero_ints = ints.filter(lambda v: v != 0)
shift_counts = int_range(0, 63)
finite_floats = st.one_of(
    st.sampled_from(_FLOAT_EDGES + [-x for x in _FLOAT_EDGES]),
    st.floats(allow_nan=False, allow_infinity=False),
)
floats = st.one_of(st.sampled_from(_NONFINITE), finite_floats, st.floats())
small_floats = float_range(-1e6, 1e6)
pos_floats = st.floats(
    min_value=0.0, exclude_min=True, allow_infinity=False, allow_nan=False
)
unit_floats = float_range(0.0, 1.0)
bools = st.booleans()
# Characters of every width (kind 1, 2 and 4 strings), cased letters (σ/Σ for the final-sigma
# rule, ß for the full upper-case mapping), digits, whitespace and a separator.
_TEXT_CHARS = st.sampled_from(list("abcAB01 ,\téÿßΣσ日\u3000😀"))
texts = st.text(alphabet=_TEXT_CHARS, max_size=12)
short_texts = st.text(alphabet=_TEXT_CHARS, max_size=3)
complexes = st.builds(complex, floats, floats)
finite_complexes = st.builds(complex, finite_floats, finite_floats)


def arrays_of(
    dtype: Any, elements: st.SearchStrategy, max_len: int = 8, min_len: int = 0
) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.dtype(dtype), st.integers(min_len, max_len), elements=elements)


f64_arrays = arrays_of(np.float64, st.floats())
finite_f64_arrays = arrays_of(np.float64, st.floats(-1e6, 1e6, allow_nan=False))
i64_arrays = arrays_of(np.int64, st.integers(-1000, 1000))
bool_arrays = arrays_of(np.bool_, st.booleans())

VOCABULARY: dict[str, Any] = {
    name: value
    for name, value in globals().items()
    if isinstance(value, st.SearchStrategy)
    or name in ("int_range", "float_range", "arrays_of")
}
VOCABULARY["np"] = np
