"""Python lists crossing the boundary, and list memory.

The differential fixtures (tests/kernels/run/lists.py) check values against Numba; this file
checks what only Python sees: reflection of list arguments into the caller's list (and
identity), boxing of returned lists, the type key of list arguments and dispatch on it, the
error messages at the boundary, and that no runtime block leaks over many calls.
"""

import gc

import numpy as np
import pytest
from oxjit import TypingError, _native, njit


def live():
    gc.collect()
    return _native.runtime_stats()["live_blocks"]


@njit
def append_n(l, n):
    for i in range(n):
        l.append(i)
    return len(l)


@njit
def read_only(l):
    s = 0
    for x in l:
        s += x
    return s


@njit
def same_list(l):
    l.append(1)
    return l


@njit
def make_list(n):
    return [i * 0.5 for i in range(n)]


@njit
def make_arrays(n):
    out = []
    for i in range(n):
        out.append(np.full(3, float(i)))
    return out


@njit
def nested(n):
    return [[i] * i for i in range(n)]


@njit
def raise_after(l, n):
    l.append(5)
    tmp = [np.zeros(4) for _ in range(n)]
    if n > 2:
        raise ValueError("too many")
    return len(tmp)


@njit
def inner(l):
    l.append(len(l))


@njit
def outer(l):
    inner(l)
    inner(l)
    return l[-1]


@njit
def kind(l):
    return l[0]


@njit
def arrays_in(l):
    l.pop()
    l.append(l[0] * 2)
    return len(l)


# --- reflection -------------------------------------------------------------------------


def test_mutations_are_reflected():
    l = [10, 20]
    assert append_n(l, 3) == 5
    assert l == [10, 20, 0, 1, 2]
    assert type(l[0]) is int


def test_unchanged_list_keeps_its_items():
    items = [1, 2, 3]
    first = items[0]
    assert read_only(items) == 6
    assert items == [1, 2, 3] and items[0] is first


def test_mutations_before_an_exception_are_reflected():
    # As in Numba: the list is written back even though the call raised.
    l = [0]
    with pytest.raises(ValueError, match="too many"):
        raise_after(l, 3)
    assert l == [0, 5]


def test_returned_argument_is_the_same_object():
    l = [1.5]
    r = same_list(l)
    assert r is l
    assert l == [1.5, 1.0]


def test_callee_mutations_reach_the_caller():
    l = [7]
    assert outer(l) == 2
    assert l == [7, 1, 2]


def test_reflection_of_array_items_keeps_the_objects():
    a, b = np.zeros(2), np.ones(2)
    l = [a, b]
    assert arrays_in(l) == 2
    assert l[0] is a
    assert isinstance(l[1], np.ndarray) and l[1].tolist() == [0.0, 0.0]
    assert l[1] is not b


# --- boxing --------------------------------------------------------------------------------


def test_returned_lists_are_new_python_lists():
    r = make_list(4)
    assert type(r) is list and r == [0.0, 0.5, 1.0, 1.5]
    assert all(type(x) is float for x in r)
    assert make_list(0) == []
    arrs = make_arrays(2)
    assert [a.tolist() for a in arrs] == [[0.0] * 3, [1.0] * 3]
    assert nested(3) == [[], [1], [2, 2]]


# --- type keys and dispatch ------------------------------------------------------------------


def test_dispatch_on_element_type():
    assert kind([1, 2]) == 1 and type(kind([1, 2])) is int
    assert kind([1.5]) == 1.5
    assert kind([True]) is True
    assert kind([(1, 2.5)]) == (1, 2.5)
    sigs = [str(s) for s in kind.signatures]
    assert len(sigs) == 4, sigs
    assert any("reflected list(int64)" in s for s in sigs), sigs
    assert any("reflected list(float64)" in s for s in sigs), sigs


def test_typeof_list():
    from oxjit import typeof

    assert "reflected list(int64)" in str(typeof([1, 2]))


# --- errors --------------------------------------------------------------------------------


def test_empty_list_argument():
    with pytest.raises(ValueError, match="empty list"):
        read_only([])


def test_heterogeneous_list_argument():
    with pytest.raises(TypeError, match=r"can't unbox heterogeneous list: int64 != float64"):
        read_only([1, 2.0])


def test_unsupported_item_type():
    with pytest.raises(TypeError, match="list of"):
        read_only([None])


def test_nested_list_argument_cannot_be_reflected():
    # Numba's error: inner lists cannot be written back into the caller's lists.
    with pytest.raises(TypeError, match=r"cannot reflect element of reflected container: reflected list\(reflected list\(int64\)"):
        read_only([[1], [2]])


def test_min_of_empty_list_raises_stop_iteration_as_numba():
    @njit
    def smallest(n):
        l = [1.0]
        l.pop()
        for i in range(n):
            l.append(float(i))
        return min(l)

    assert smallest(3) == 0.0
    with pytest.raises(StopIteration):
        smallest(0)


def test_typing_error_has_the_line():
    @njit
    def bad(n):
        l = [n, (n, n)]
        return len(l)

    with pytest.raises(TypingError, match="E0304") as e:
        bad(1)
    assert "l = [n, (n, n)]" in str(e.value)


def test_index_error_message():
    @njit
    def get(l, i):
        return l[i]

    with pytest.raises(IndexError, match="getitem out of range"):
        get([1, 2], 2)


# --- beyond Numba --------------------------------------------------------------------------


def test_np_array_of_a_list_of_tuples():
    # Numba 0.68 cannot lower this (UniTuple is no NumPy dtype); NumPy's result.
    @njit
    def rows(n):
        return np.array([(i, i * 0.5) for i in range(n)])

    r = rows(3)
    assert r.dtype == np.float64 and r.tolist() == [[0.0, 0.0], [1.0, 0.5], [2.0, 1.0]]


def test_empty_list_return_takes_the_other_return_type():
    # Numba cannot type `return []` next to `return [n]`; CPython's result.
    @njit
    def maybe(n):
        if n == 0:
            return []
        return [n, n + 1]

    assert maybe(0) == [] and maybe(2) == [2, 3]


# --- memory --------------------------------------------------------------------------------


def test_no_leaks_over_many_calls():
    l = [1, 2, 3]
    read_only(l)
    make_list(3)
    make_arrays(2)
    nested(3)
    before = live()
    for _ in range(100_000):
        read_only(l)
        make_list(3)
    for _ in range(20_000):
        make_arrays(2)
        nested(4)
        arrays_in([np.zeros(1), np.ones(1)])
    assert live() == before


def test_no_leaks_on_exceptions():
    l = [1]
    with pytest.raises(ValueError):
        raise_after(l, 3)
    before = live()
    for _ in range(2_000):
        with pytest.raises(ValueError):
            raise_after([1], 3)
        raise_after([1], 1)
    assert live() == before


@njit
def percentiles_of(a, q0, q1):
    return np.percentile(a, [q0, q1])


def test_no_leak_when_a_numpy_call_with_a_list_raises():
    a = np.arange(10.0)
    np.testing.assert_array_equal(percentiles_of(a, 0.0, 50.0), np.percentile(a, [0.0, 50.0]))
    before = live()
    for _ in range(1_000):
        with pytest.raises(ValueError, match="Percentiles must be in the range"):
            percentiles_of(a, 10.0, 500.0)
    assert live() == before


def test_returned_array_items_outlive_the_list():
    arrs = make_arrays(3)
    gc.collect()
    assert arrs[2].tolist() == [2.0, 2.0, 2.0]
    del arrs
    gc.collect()
