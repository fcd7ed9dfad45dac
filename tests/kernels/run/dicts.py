# Dictionaries in compiled code (Numba's DictType): `{}` typed by its first item assignment,
# literals, dict() and typed.Dict, lookups (KeyError), get/pop/setdefault/popitem/update/copy/
# clear, deletion, iteration over keys/values/items, int/float/bool/tuple keys, values that are
# arrays, typed lists and dicts, comprehensions, dicts returned as typed.Dict.
import numpy as np
from numba import types
from numba.typed import Dict, List


def count_ints(a):
    # (Numba cannot type `d.get` of a `{}` not yet assigned an item: typed.Dict.empty.)
    d = Dict.empty(types.int64, types.int64)
    for x in a:
        d[x] = d.get(x, 0) + 1
    return d
# run: count_ints(np.array([3, 1, 3, 2, 1, 3]))
# run: count_ints(np.array([7]))


def count_to_pairs(a):
    d = {}
    for x in a:
        if x in d:
            d[x] += 1
        else:
            d[x] = 1
    out = []
    for k, v in d.items():
        out.append((k, v))
    return out
# run: count_to_pairs(np.array([5, 5, 1, 9, 1, 5, 0]))


def literal_lookup(k):
    d = {1: 2.5, 3: 4.0, -7: 0.5}
    return d[k], len(d)
# run: literal_lookup(3)
# run: literal_lookup(-7)
# run: literal_lookup(2)


def literal_int_key_float_dict(k):
    # An int key is cast to the float key type.
    d = {1.0: 10, 2.5: 20}
    return d[k], k in d
# run: literal_int_key_float_dict(1)
# run: literal_int_key_float_dict(2.5)


def contains_not_in(k):
    d = {}
    for i in range(0, 20, 3):
        d[i] = i * 0.5
    return k in d, k not in d
# run: contains_not_in(9)
# run: contains_not_in(10)


def get_with_default(k):
    d = {}
    d[1] = 1.5
    d[2] = -2.0
    return d.get(k, 7.0), d.get(k, 3)
# run: get_with_default(2)
# run: get_with_default(5)


def get_optional(k):
    d = {}
    d[10] = 2.5
    v = d.get(k)
    if v is None:
        return -1.0
    return v * 2.0
# run: get_optional(10)
# run: get_optional(11)


def get_optional_returned(k):
    d = {}
    d[10] = 4
    return d.get(k)
# run: get_optional_returned(10)
# run: get_optional_returned(3)


def overwrite_keeps_order():
    d = {}
    d[5] = 1
    d[1] = 2
    d[3] = 3
    d[1] = 20
    keys = []
    vals = []
    for k, v in d.items():
        keys.append(k)
        vals.append(v)
    return keys, vals, len(d)
# run: overwrite_keeps_order()


def delete_every(n, step):
    d = Dict.empty(types.int64, types.int64)
    for i in range(n):
        d[i] = i * i
    for i in range(0, n, step):
        del d[i]
    keys = []
    for k in d:
        keys.append(k)
    total = 0
    for v in d.values():
        total += v
    return keys, total, len(d)
# run: delete_every(10, 3)
# run: delete_every(50, 2)
# run: delete_every(4, 1)


def delete_missing(k):
    d = Dict.empty(types.int64, types.float64)
    d[1] = 1.0
    del d[k]
    return len(d)
# run: delete_missing(1)
# run: delete_missing(2)


def delete_then_reinsert(n):
    d = Dict.empty(types.int64, types.int64)
    for i in range(n):
        d[i] = i
    for i in range(n):
        if i % 2 == 0:
            del d[i]
    for i in range(n):
        if i % 4 == 0:
            d[i] = -i
    out = []
    for k, v in d.items():
        out.append((k, v))
    return out
# run: delete_then_reinsert(12)


def pop_and_default(k):
    d = {}
    d[1] = 10
    d[2] = 20
    x = d.pop(2, -1)
    y = d.pop(k, -1)
    return x, y, len(d)
# run: pop_and_default(1)
# run: pop_and_default(9)


def pop_missing(k):
    d = {}
    d[1] = 1.5
    return d.pop(k)
# run: pop_missing(1)
# run: pop_missing(0)


def popitem_lifo(n):
    d = {}
    for i in range(n):
        d[i * 10] = i
    out = []
    while len(d) > 0:
        out.append(d.popitem())
    return out
# run: popitem_lifo(4)


def popitem_empty():
    d = {}
    d[1] = 2
    d.popitem()
    return d.popitem()
# run: popitem_empty()


def setdefault_values(n):
    d = Dict.empty(types.int64, types.int64)
    firsts = []
    for i in range(n):
        firsts.append(d.setdefault(i % 3, i))
    return firsts, len(d)
# run: setdefault_values(7)


def copy_is_independent():
    d = {}
    d[1] = 1.0
    c = d.copy()
    c[2] = 2.0
    d[1] = 5.0
    return len(d), len(c), c[1], d[1]
# run: copy_is_independent()


def clear_and_reuse():
    d = {}
    for i in range(10):
        d[i] = i
    d.clear()
    n0 = len(d)
    d[42] = 1
    return n0, len(d), d[42]
# run: clear_and_reuse()


def update_merges():
    a = {}
    a[1] = 1
    a[2] = 2
    b = {}
    b[2] = 20
    b[3] = 30
    a.update(b)
    out = []
    for k, v in a.items():
        out.append((k, v))
    return out
# run: update_merges()


def views_lengths_and_lists():
    d = {}
    d[3] = 1.5
    d[1] = 2.5
    return len(d.keys()), len(d.values()), len(d.items()), list(d.keys()), list(d.values()), list(d.items())
# run: views_lengths_and_lists()


def enumerate_keys():
    d = {}
    d[10] = 1
    d[20] = 2
    d[30] = 3
    s = 0
    for i, k in enumerate(d):
        s += i * k
    return s
# run: enumerate_keys()


def mutate_during_iteration():
    # Numba's iterator stops when the dict's size changes.
    d = {}
    d[1] = 1
    d[2] = 2
    for k in d:
        d[k + 10] = 0
    return len(d)
# run: mutate_during_iteration()


def assign_during_iteration():
    d = {}
    d[1] = 1
    d[2] = 2
    for k in d:
        d[k] = k * 100
    return list(d.values())
# run: assign_during_iteration()


def float_keys():
    d = {}
    d[0.5] = 1
    d[-0.0] = 2
    d[0.0] = 3
    d[np.inf] = 4
    return len(d), d[0.5], d[0.0], d[np.inf], 1.5 in d
# run: float_keys()


def nan_keys():
    d = {}
    d[np.nan] = 1
    d[np.nan] = 2
    return len(d), np.nan in d
# run: nan_keys()


def bool_keys():
    d = {}
    d[True] = 1
    d[False] = 0
    return d[True], d[False], len(d)
# run: bool_keys()


def tuple_keys(n):
    d = {}
    for i in range(n):
        for j in range(n):
            d[(i, j)] = i * n + j
    return d[(1, 2)], d[(n - 1, 0)], (0, 0) in d, (n, 0) in d, len(d)
# run: tuple_keys(3)


def tuple_key_subscript(n):
    d = {}
    for i in range(n):
        d[i, i + 1] = i
    return d[2, 3], len(d)
# run: tuple_key_subscript(5)


def mixed_tuple_keys():
    d = {}
    d[(1, 2.5)] = 10
    d[(1, 2)] = 20
    d[(2, 2.5)] = 30
    return d[(1, 2.5)], d[(1, 2.0)], len(d)
# run: mixed_tuple_keys()


def small_int_keys(a):
    d = {}
    d[a[0]] = 0
    for x in a:
        d[x] = d.get(x, 0) + 1
    return d[a[0]], len(d)
# run: small_int_keys(np.array([1, 2, 2, -3], dtype=np.int32))
# run: small_int_keys(np.array([200, 5, 200], dtype=np.uint8))
# run: small_int_keys(np.array([1.5, 2.5, 1.5], dtype=np.float32))


def array_values(n):
    d = {}
    for i in range(n):
        d[i] = np.arange(i + 1.0)
    d[0][0] = 7.0
    total = 0.0
    for v in d.values():
        total += v.sum()
    return d[0], d[n - 1], total
# run: array_values(4)


def array_values_replaced(n):
    d = {}
    for i in range(n):
        d[i % 2] = np.ones(i + 1) * i
    return d[0], d[1]
# run: array_values_replaced(5)


def argument_arrays_in_dict(a):
    d = {}
    d[0] = a
    d[1] = a[1:]
    d[1][0] = 100.0
    return d[0].sum() + d[1].sum(), d
# run: argument_arrays_in_dict(np.arange(4.0))


def nested_dicts(n):
    outer = {}
    for i in range(n):
        inner = {}
        for j in range(i + 1):
            inner[j] = float(i * j)
        outer[i] = inner
    outer[0][99] = -1.0
    return len(outer[0]), outer[n - 1][n - 1], outer
# run: nested_dicts(3)


def typed_list_values(n):
    d = {}
    for i in range(n):
        key = i % 3
        if key not in d:
            d[key] = List.empty_list(types.int64)
        d[key].append(i)
    return d
# run: typed_list_values(8)


def dict_comprehension(n):
    d = {i: i * i for i in range(n) if i % 2 == 1}
    return d
# run: dict_comprehension(8)


def dict_empty_of_arrays(n):
    d = Dict.empty(key_type=types.int64, value_type=types.float64[:])
    for i in range(n):
        d[i] = np.full(2, i * 1.5)
    return d
# run: dict_empty_of_arrays(3)


PAIR = types.UniTuple(types.int64, 2)


def dict_empty_tuple_keys():
    d = Dict.empty(PAIR, types.float64)
    d[(1, 2)] = 0.5
    d[(2, 1)] = 1.5
    return d[(2, 1)], len(d)
# run: dict_empty_tuple_keys()


def constructors():
    a = dict()
    a[1] = 2
    b = Dict()
    b[2.5] = 3
    return a, b
# run: constructors()


def value_cast_into_float():
    d = Dict.empty(types.int64, types.float64)
    d[1] = 2
    d[2] = True
    return d
# run: value_cast_into_float()


def typed_through_branches(flag):
    d = {}
    if flag:
        d[1] = 1.5
    else:
        d[2] = 2.5
    for i in range(3):
        d[i + 10] = i * 0.5
    return d
# run: typed_through_branches(True)
# run: typed_through_branches(False)


def dict_equality():
    a = {}
    b = {}
    for i in range(4):
        a[i] = i * 2.0
    for i in range(3, -1, -1):
        b[i] = i * 2.0
    c = a.copy()
    c[0] = 9.0
    return a == b, a != b, a == c, a != c
# run: dict_equality()


def truth_and_len():
    d = {}
    empty = 0 if d else 1
    d[1] = 0
    full = 1 if d else 0
    return empty, full, len(d)
# run: truth_and_len()


def sorted_keys():
    d = {}
    for k in (5, -2, 9, 0):
        d[k] = k
    return sorted(d)
# run: sorted_keys()


def many_operations(n):
    # Growth, deletions and re-insertions across several resizes, checked against a list.
    d = {}
    for i in range(n):
        d[(i * 7919) % n] = i
    for i in range(0, n, 3):
        del d[(i * 7919) % n]
    for i in range(0, n, 5):
        d[(i * 104729) % (2 * n)] = -i
    s = 0
    for k, v in d.items():
        s += k * 31 + v
    return len(d), s
# run: many_operations(1000)
# run: many_operations(37)


def sum_of_values_by_key(keys, values):
    d = Dict.empty(types.int64, types.float64)
    for i in range(len(keys)):
        k = keys[i]
        d[k] = d.get(k, 0.0) + values[i]
    return d
# run: sum_of_values_by_key(np.array([2, 1, 2, 3, 1]), np.array([1.0, 0.5, 0.25, 2.0, 4.0]))
