"""Arrays allocated by compiled code: ownership, the Python side of the runtime, no leaks.

The differential fixtures (tests/kernels/run/np_creation.py ...) check values; this file
checks what they cannot see: who owns the memory, that every path (return, reassignment,
early return, exception, views outliving their base, tuples) gives it back, and that the
process does not grow over many calls.
"""

import gc
import resource

import numpy as np
import pytest
from oxjit import _native, njit


def live():
    gc.collect()
    return _native.runtime_stats()["live_blocks"]


@njit
def make(n):
    return np.arange(n)


@njit
def make_tuple(n):
    a = np.zeros(n)
    b = np.ones((n, 2), np.int32)
    return a, b


@njit
def view_of_local(n):
    a = np.zeros((n, 4))
    return a[1:, ::2]


@njit
def reassign_in_loop(n):
    a = np.zeros(n)
    for i in range(10):
        a = np.full(n, float(i))
    return a.sum()


@njit
def raise_after_alloc(n):
    a = np.zeros(n)
    b = a.reshape((n, 1))
    if n > 2:
        raise ValueError("too big")
    return b


@njit
def callee(n):
    return np.ones(n)


@njit
def caller(n):
    x = callee(n)
    y = callee(n + 1)
    return x.sum() + y.sum()


@njit
def passthrough(a):
    b = a
    return b


@njit
def bad_shape(n):
    return np.zeros((2, n))


def test_returned_array_owns_runtime_memory():
    a = make(5)
    assert type(a.base).__name__ == "MemInfo"
    assert a.base.refcount == 1
    assert a.base.nbytes == 5 * 8
    assert a.flags.writeable and a.flags.c_contiguous
    np.testing.assert_array_equal(a, np.arange(5))


def test_view_of_local_keeps_block_alive():
    before = live()
    v = view_of_local(5)
    assert v.shape == (4, 2)
    assert live() == before + 1
    v[:] = 3.0
    del v
    assert live() == before


def test_tuple_of_new_arrays():
    before = live()
    a, b = make_tuple(3)
    assert a.base is not b.base
    assert b.dtype == np.int32 and b.shape == (3, 2)
    del a, b
    assert live() == before


@pytest.mark.parametrize(
    "call",
    [
        lambda: make(100),
        lambda: make_tuple(10),
        lambda: view_of_local(7),
        lambda: reassign_in_loop(50),
        lambda: raise_after_alloc(2),
        lambda: caller(30),
    ],
)
def test_no_block_outlives_its_last_reference(call):
    call()  # compile first: compilation itself allocates nothing in the runtime
    before = live()
    for _ in range(200):
        call()
    assert live() == before


def test_exception_path_releases_locals():
    raise_after_alloc(1)
    before = live()
    for _ in range(100):
        with pytest.raises(ValueError, match="too big"):
            raise_after_alloc(5)
    assert live() == before


def test_negative_dimension_is_value_error():
    with pytest.raises(ValueError, match="negative dimensions"):
        bad_shape(-1)


def test_borrowed_argument_returned_as_same_object():
    a = np.arange(4.0)
    assert passthrough(a) is a


def test_rss_flat_over_100k_allocating_calls():
    """The issue's acceptance test: 100k calls that allocate and return arrays."""
    n = 10_000  # 80 KB per array: every call really allocates
    for _ in range(2000):
        make(n)
    gc.collect()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    live0 = live()
    for _ in range(100_000):
        make(n)
    gc.collect()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert live() == live0
    # ru_maxrss is in KiB; a leak of one array per call would be 8 GB.
    assert rss1 - rss0 < 20_000, (rss0, rss1)


@njit
def mask_and_fancy(a, idx):
    b = a[a > 0.5]
    c = a[idx]
    a[idx] = 0.0
    return b.sum() + c.sum()


@njit
def fused_expression(a, b):
    return (a * b + 1.0) / (a - b * 2.0)


def test_advanced_indexing_and_fusion_release_memory():
    a = np.linspace(0.0, 1.0, 50)
    idx = np.array([1, 3, 5])
    mask_and_fancy(a.copy(), idx)
    fused_expression(a, a)
    before = live()
    for _ in range(300):
        mask_and_fancy(a.copy(), idx)
        fused_expression(a, a)
    assert live() == before


def test_fused_expression_allocates_only_its_result():
    a = np.linspace(1.0, 2.0, 1000)
    fused_expression(a, a)
    s0 = _native.runtime_stats()
    r = fused_expression(a, a)
    s1 = _native.runtime_stats()
    # One array for the result; the temporaries of `a * b + 1.0` etc. are fused away.
    assert s1["allocs"] - s0["allocs"] == 1
    np.testing.assert_array_equal(r, (a * a + 1.0) / (a - a * 2.0))


@njit
def take_bad(a, idx):
    b = a * 2.0
    return b[idx]


@njit
def assign_overlap_bad(a):
    a[1:] = a[:2]


def test_errors_after_allocation_release_everything():
    a = np.arange(5.0)
    take_bad(a, np.array([0, 1]))
    before = live()
    for _ in range(50):
        with pytest.raises(IndexError):
            take_bad(a, np.array([0, 7]))
        with pytest.raises(ValueError):
            assign_overlap_bad(np.arange(6.0))
    assert live() == before
