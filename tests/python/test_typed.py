"""oxjit.typed.Dict / List: built in Python, shared with compiled code (not copied, not
reflected), returned by compiled code, their Python API, type objects, and memory."""

import gc
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import oxjit
from oxjit import TypingError, _native, njit, types
from oxjit.typed import Dict, List


def live():
    gc.collect()
    return _native.runtime_stats()["live_blocks"]


# ---------------------------------------------------------------------------------------
# Shared with compiled code


@njit
def bump(d, k):
    d[k] = d.get(k, 0.0) + 1.0
    return len(d)


def test_dict_from_python_is_mutated_in_place():
    d = Dict.empty(key_type=types.int64, value_type=types.float64)
    d[1] = 2.5
    assert bump(d, 1) == 1
    assert bump(d, 7) == 2
    assert dict(d) == {1: 3.5, 7: 1.0}
    assert list(d) == [1, 7]


@njit
def degree_map(adj):
    out = {}
    for v in range(len(adj)):
        out[v] = len(adj[v])
        for w in adj[v]:
            out[v] += 0 * w
    return out


def test_list_of_lists_in_dict_out():
    # A graph package builds adjacency lists in Python, passes them in, reads a Dict back.
    adj = List()
    for nbrs in ([1, 2], [0], [0, 3, 4], [2], [2]):
        inner = List.empty_list(types.int64)
        for w in nbrs:
            inner.append(w)
        adj.append(inner)
    deg = degree_map(adj)
    assert isinstance(deg, Dict)
    assert list(deg.items()) == [(0, 2), (1, 1), (2, 3), (3, 1), (4, 1)]
    assert repr(deg).startswith("DictType[int64,int64]<iv=None>(")


@njit
def append_twice(l, x):
    l.append(x)
    l.append(x)


def test_typed_list_is_shared_not_reflected():
    l = List([1.5])
    append_twice(l, 2)
    assert l == List([1.5, 2.0, 2.0])
    assert list(l) == [1.5, 2.0, 2.0] and all(type(x) is float for x in l)


@njit
def roundtrip(x):
    return x


def test_returned_containers_share_the_native_object():
    d = Dict.empty(types.int64, types.int64)
    d2 = roundtrip(d)
    assert d2 is not d and d2 == d
    d2[5] = 6
    assert d[5] == 6
    l = List([1, 2])
    l2 = roundtrip(l)
    l2.append(3)
    assert list(l) == [1, 2, 3]


@njit
def make_groups(labels):
    groups = {}
    for i in range(len(labels)):
        g = labels[i]
        if g not in groups:
            groups[g] = List.empty_list(types.int64)
        groups[g].append(i)
    return groups


def test_kernel_made_dict_of_typed_lists_used_from_python():
    groups = make_groups(np.array([2, 0, 2, 1, 0]))
    assert {k: list(v) for k, v in groups.items()} == {2: [0, 2], 0: [1, 4], 1: [3]}
    groups[2].append(9)
    assert list(make_groups.py_func.__globals__["roundtrip"](groups)[2]) == [0, 2, 9]


@njit
def count_items(a):
    # `{}` typed by the item assignment of the `else` branch (inference is a fixpoint).
    d = {}
    for x in a:
        if x in d:
            d[x] += 1
        else:
            d[x] = 1
    return d


def test_counting_pattern_with_empty_literal():
    d = count_items(np.array([3, 1, 3, 3]))
    assert dict(d) == {3: 3, 1: 1}


def test_untyped_empty_containers_cannot_be_passed():
    with pytest.raises(TypeError, match="empty Dict"):
        bump(Dict(), 1)
    with pytest.raises(TypeError, match="empty List"):
        append_twice(List(), 1)


# ---------------------------------------------------------------------------------------
# The Python API


def test_dict_api():
    d = Dict()
    d[3] = 1.5
    d[1] = 2
    assert d._type_str() == "DictType[int64,float64]<iv=None>"
    assert d[1] == 2.0 and type(d[1]) is float
    assert len(d) == 2 and 3 in d and 4 not in d
    assert d.get(4) is None and d.get(4, 7) == 7.0 and d.get(3, 7) == 1.5
    assert list(d.keys()) == [3, 1] and list(d.values()) == [1.5, 2.0]
    assert list(d.items()) == [(3, 1.5), (1, 2.0)]
    assert str(d) == "{3: 1.5, 1: 2.0}"
    assert repr(d) == "DictType[int64,float64]<iv=None>({3: 1.5, 1: 2.0})"
    assert d.setdefault(9, 4.0) == 4.0 and d.setdefault(9, 5.0) == 4.0
    assert d.pop(9) == 4.0 and d.pop(9, None) is None
    d.update({5: 5.0, 3: 0.5})
    assert dict(d) == {3: 0.5, 1: 2.0, 5: 5.0}
    assert d.popitem() == (5, 5.0)
    del d[3]
    with pytest.raises(KeyError):
        del d[3]
    with pytest.raises(KeyError):
        d[42]
    c = d.copy()
    c[8] = 8.0
    assert 8 not in d and isinstance(c, Dict)
    assert d == {1: 2.0} and d != {1: 3.0}
    d.clear()
    assert len(d) == 0


def test_dict_key_and_value_casts_follow_numba():
    d = Dict.empty(types.int64, types.float64)
    d[1] = True
    assert d[1] == 1.0
    with pytest.raises(TypingError, match="cannot safely cast float64 to int64"):
        d[2.5] = 1.0
    with pytest.raises(TypingError):
        d["a"] = 1.0
    t = Dict.empty(types.UniTuple(types.int64, 2), types.int64)
    t[(1, 2)] = 3
    assert t[(1, 2)] == 3 and (2, 1) not in t
    with pytest.raises(TypingError):
        t[(1, 2, 3)] = 0


def test_list_api():
    l = List()
    for x in (3, 1, 2):
        l.append(x)
    assert l._type_str() == "ListType[int64]"
    assert len(l) == 3 and l[0] == 3 and l[-1] == 2
    l.extend([5, 4])
    l.insert(0, 9)
    assert list(l) == [9, 3, 1, 2, 5, 4]
    assert l.pop() == 4 and l.pop(0) == 9
    l.remove(1)
    assert l.index(5) == 2 and l.count(3) == 1 and 2 in l
    l.sort()
    assert list(l) == [2, 3, 5]
    l.sort(reverse=True)
    l.reverse()
    assert list(l) == [2, 3, 5]
    s = l[1:]
    assert isinstance(s, List) and list(s) == [3, 5]
    l[0] = 20
    l[1:2] = [30, 31]
    assert list(l) == [20, 30, 31, 5]
    del l[::2]
    assert list(l) == [30, 5]
    with pytest.raises(IndexError):
        l[5]
    with pytest.raises(TypingError):
        l.append(1.5)
    assert str(l) == "[30, 5]" and repr(l) == "ListType[int64]([30, 5])"
    assert List([1, 2]) == List([1, 2]) and List([1, 2]) != [1, 2]
    c = l.copy()
    c.clear()
    assert len(c) == 0 and len(l) == 2
    e = List.empty_list(types.float64, allocated=100)
    assert len(e) == 0 and e._type_str() == "ListType[float64]"


def test_type_objects_and_typeof():
    dt = types.DictType(types.int64, types.float64)
    lt = types.ListType(types.int64)
    assert str(dt) == "DictType[int64,float64]<iv=None>" and repr(dt) == "DictType(int64, float64)"
    assert str(lt) == "ListType[int64]" and lt.item_type == types.int64
    d = Dict.empty(types.int64, types.float64)
    assert oxjit.typeof(d) == dt
    assert oxjit.typeof(List([1])) == lt
    # Types given as NumPy types or Python builtins are accepted too.
    assert Dict.empty(np.int32, float)._type_str() == "DictType[int32,float64]<iv=None>"


@njit("float64(DictType(int64, float64))")
def total_sig(d):
    s = 0.0
    for v in d.values():
        s += v
    return s


def test_explicit_signature_with_dict_type():
    d = Dict.empty(types.int64, types.float64)
    d[1] = 1.5
    d[2] = 2.0
    assert total_sig(d) == 3.5
    sig = types.float64(types.DictType(types.int64, types.float64))
    assert njit(sig)(total_sig.py_func)(d) == 3.5


def test_numba_alias_gives_the_same_classes(tmp_path):
    code = textwrap.dedent(
        """
        import sys, oxjit
        sys.modules["numba"] = oxjit
        from numba.typed import Dict, List
        from numba import typed
        import oxjit.typed
        assert Dict is oxjit.typed.Dict and List is oxjit.typed.List and typed is oxjit.typed
        from numba import types, njit
        @njit
        def f():
            d = Dict.empty(types.int64, types.int64)
            d[1] = 2
            return d
        assert isinstance(f(), Dict)
        print("ok")
        """
    )
    script = tmp_path / "alias.py"
    script.write_text(code)
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


# ---------------------------------------------------------------------------------------
# Arrays in containers (adopted: kept alive after Python lets go)


@njit
def store_args(d, a):
    d[0] = a
    d[1] = a[1:]


def test_arrays_stored_from_kernels_outlive_the_caller():
    d = Dict.empty(types.int64, types.float64[:])
    a = np.arange(4.0)
    store_args(d, a)
    del a
    gc.collect()
    np.testing.assert_array_equal(d[0], [0.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(d[1], [1.0, 2.0, 3.0])
    d[1][0] = 10.0
    assert d[0][1] == 10.0  # one buffer, as in Python


def test_arrays_stored_from_python():
    l = List()
    a = np.ones(3)
    l.append(a)
    assert l[0] is a
    del a
    gc.collect()
    assert l[0].sum() == 3.0


@njit(nogil=True)
def store_nogil(d, a, n):
    for i in range(n):
        d[i] = a


def test_adoption_without_the_gil_from_threads():
    d = Dict.empty(types.int64, types.float64[:])
    a = np.arange(3.0)
    before = sys.getrefcount(a)
    threads = [threading.Thread(target=store_nogil, args=(d, a, 50)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(d) == 50 and sys.getrefcount(a) == before + 50
    d.clear()
    assert sys.getrefcount(a) == before


# ---------------------------------------------------------------------------------------
# Memory


FLOAT_LIST = types.ListType(types.float64)


@njit
def churn(n):
    d = {}
    for i in range(n):
        d[i] = np.ones(2) * i
    l = List()
    for k, v in d.items():
        l.append(v)
    for i in range(0, n, 2):
        del d[i]
    nested = Dict.empty(types.int64, FLOAT_LIST)
    nested[0] = List.empty_list(types.float64)
    nested[0].append(1.0)
    return len(d) + len(l) + len(nested)


@njit
def raises_midway(n):
    d = {}
    for i in range(n):
        d[i] = np.zeros(1)
    return d[n + 1]


@njit
def keep(d, a):
    d[len(d)] = a
    return d


def test_no_leaks():
    churn(10)
    base = live()
    for _ in range(100_000):
        churn(3)
    assert live() == base
    for _ in range(1000):
        with pytest.raises(KeyError):
            raises_midway(3)
    assert live() == base
    d = Dict.empty(types.int64, types.float64[:])
    a = np.ones(2)
    for _ in range(1000):
        keep(d, a)
    assert live() > base
    del d
    assert live() == base
    refs = sys.getrefcount(a)
    for _ in range(1000):
        l = List()
        l.append(a)
        l.extend([a, a])
        l.pop()
        del l
    assert sys.getrefcount(a) == refs and live() == base


def test_same_results_as_numba():
    numba = pytest.importorskip("numba")
    from numba import typed as nt

    def kernel(d, l):
        for k, v in d.items():
            l.append(k * v)
        d[100] = len(l) * 1.5
        return d, l

    nd = nt.Dict.empty(numba.types.int64, numba.types.float64)
    od = Dict.empty(types.int64, types.float64)
    for k in (3, 1, 2):
        nd[k] = k / 2
        od[k] = k / 2
    nl = nt.List.empty_list(numba.types.float64)
    ol = List.empty_list(types.float64)
    r_nb = numba.njit(kernel)(nd, nl)
    r_ox = njit(kernel)(od, ol)
    assert list(r_nb[0].items()) == list(r_ox[0].items())
    assert list(r_nb[1]) == list(r_ox[1])


# ---------------------------------------------------------------------------------------
# Compiled code hashes and probes inline; the runtime (Python's side) must agree


@njit
def find_all(d, keys):
    n = 0
    for k in keys:
        if k in d:
            n += 1
    return n


@njit
def fill_from(d, keys):
    for i in range(len(keys)):
        d[keys[i]] = i


@pytest.mark.parametrize(
    "key_type, keys",
    [
        (types.int64, np.array([-1, 0, 1, 2**62, -(2**63), 7, -7], dtype=np.int64)),
        (types.int32, np.array([-1, 5, 2**31 - 1], dtype=np.int32)),
        (types.uint8, np.array([0, 255, 7], dtype=np.uint8)),
        (types.uint64, np.array([2**64 - 1, 0, 3], dtype=np.uint64)),
        (types.float64, np.array([0.5, -0.0, 0.0, np.inf, -1e300])),
        (types.float32, np.array([0.5, -2.25, 3e38], dtype=np.float32)),
        (types.boolean, np.array([True, False])),
        (types.complex128, np.array([1 + 2j, -0.5j])),
    ],
)
def test_python_and_compiled_code_find_the_same_keys(key_type, keys):
    d = Dict.empty(key_type, types.int64)
    for i, k in enumerate(keys):
        d[k] = i
    # Every key was stored, so compiled code finds each (-0.0 and 0.0 are two keys, as in Numba).
    assert find_all(d, keys) == len(keys)
    e = Dict.empty(key_type, types.int64)
    fill_from(e, keys)
    assert all(k in e for k in keys.tolist()) and len(e) == len(d)


@njit
def tuple_keys_in(d, n):
    c = 0
    for i in range(n):
        if (i, i * 0.5) in d:
            c += d[(i, i * 0.5)]
    return c


def test_tuple_keys_across_the_boundary():
    d = Dict.empty(types.Tuple((types.int64, types.float64)), types.int64)
    for i in range(100):
        d[(i, i * 0.5)] = 1
    assert tuple_keys_in(d, 200) == 100


@njit
def strided_keys(n, stride):
    d = {}
    for i in range(n):
        d[i * stride] = i
    s = 0
    for i in range(n):
        s += d[i * stride]
    return s


def test_pathological_integer_keys_stay_fast():
    # Keys that share their low bits (an identity hash) are separated by the probe sequence.
    import time

    t = time.perf_counter()
    assert strided_keys(50_000, 1 << 32) == 50_000 * 49_999 // 2
    assert time.perf_counter() - t < 5.0


@njit
def grow_all(lists):
    for l in lists:
        l.append(len(l))
    return len(lists)


def test_python_list_of_typed_lists_is_refused():
    # A Python list (reflected) of typed lists is refused for now, as nested lists are.
    ls = [List([1]), List([2, 3])]
    with pytest.raises(TypeError, match="cannot reflect element of reflected container"):
        grow_all(ls)
    assert [list(l) for l in ls] == [[1], [2, 3]]


@njit(parallel=True)
def private_dicts(n):
    out = np.zeros(n)
    for i in oxjit.prange(n):
        d = {}
        for j in range(i + 1):
            d[j] = j * 0.5
        out[i] = len(d) + d[i]
    return out


def test_dicts_made_inside_parallel_iterations():
    np.testing.assert_array_equal(private_dicts(50), np.arange(50) * 1.5 + 1)


@njit(parallel=True)
def shared_dict(n):
    d = {0: 0}
    for i in oxjit.prange(n):
        d[i] = i
    return len(d)


def test_shared_containers_cannot_change_in_parallel_loops():
    with pytest.raises(TypingError, match="E0320"):
        shared_dict(10)


@njit
def optional_unwrap(k):
    d = {1: 2.5}
    return d.get(k) + 1.0


def test_optional_value_used_as_a_number():
    assert optional_unwrap(1) == 3.5
    with pytest.raises(TypeError, match="expected float64, got None"):
        optional_unwrap(2)
