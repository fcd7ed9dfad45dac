# numba.typed.List in compiled code (Numba's ListType): List(), List(iterable),
# List.empty_list(type), methods, indexing and slicing, items cast to the item type, nested
# List[List[int]] (adjacency lists), lists of arrays and of dicts, typed lists passed between
# compiled functions, returned as typed.List.
import numpy as np
from numba import types
from numba.typed import Dict, List

INT_LIST = types.ListType(types.int64)


def empty_list_append(n):
    l = List.empty_list(types.int64)
    for i in range(n):
        l.append(i * i)
    return l, len(l)
# run: empty_list_append(5)
# run: empty_list_append(0)


def untyped_then_append(n):
    l = List()
    for i in range(n):
        l.append(i / 2)
    return l
# run: untyped_then_append(4)


def from_iterables(n):
    a = List(range(n))
    b = List(np.arange(n) * 0.5)
    c = List([1, 2, 3])
    return a, b, c
# run: from_iterables(4)


def item_cast(n):
    l = List.empty_list(types.float64)
    for i in range(n):
        l.append(i)
    l.append(True)
    l[0] = 7
    return l
# run: item_cast(3)


def int32_items():
    l = List.empty_list(types.int32)
    l.append(5)
    l.append(-3)
    return l, l[0] + l[1]
# run: int32_items()


def index_and_negative(k):
    l = List([10, 20, 30])
    return l[k], l[-1]
# run: index_and_negative(0)
# run: index_and_negative(-3)
# run: index_and_negative(3)


def setitem_out_of_range(k):
    l = List([1.5, 2.5])
    l[k] = 0.0
    return l
# run: setitem_out_of_range(1)
# run: setitem_out_of_range(-3)


def methods():
    l = List.empty_list(types.float64)
    l.append(1.0)
    l.extend([2.0, 3.0, 2.0])
    l.insert(0, 9.0)
    x = l.pop()
    y = l.pop(0)
    n2 = l.count(2.0)
    i3 = l.index(3.0)
    l.reverse()
    c = l.copy()
    c.append(100.0)
    l.sort()
    return l, c, x, y, n2, i3, 2.0 in l, 5.0 in l, sum(l), len(c)
# run: methods()


def slicing(n):
    l = List(range(n))
    return l[1:], l[::2], l[-2:], l[:0]
# run: slicing(6)


def clear_and_reuse():
    l = List([1, 2, 3])
    l.clear()
    n0 = len(l)
    l.append(4)
    return l, n0
# run: clear_and_reuse()


def pop_empty():
    l = List.empty_list(types.int64)
    return l.pop()
# run: pop_empty()


def iterate_and_enumerate(l_n):
    l = List()
    for i in range(l_n):
        l.append(i + 1)
    s = 0
    for x in l:
        s += x
    t = 0
    for i, x in enumerate(l):
        t += i * x
    return s, t
# run: iterate_and_enumerate(5)


def nested_lists(n):
    adj = List([List.empty_list(types.int64) for _ in range(n)])
    for i in range(n):
        for j in range(i):
            adj[i].append(j)
    return adj
# run: nested_lists(4)


def adjacency(src, dst, n):
    adj = List.empty_list(INT_LIST)
    for _ in range(n):
        adj.append(List.empty_list(types.int64))
    for e in range(len(src)):
        adj[src[e]].append(dst[e])
        adj[dst[e]].append(src[e])
    return adj


def degrees(src, dst, n):
    adj = adjacency(src, dst, n)
    out = np.zeros(n, dtype=np.int64)
    for i in range(n):
        out[i] = len(adj[i])
    return out
# run: degrees(np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3]), 5)


def bfs_order(src, dst, n, start):
    adj = adjacency(src, dst, n)
    seen = np.zeros(n, dtype=np.bool_)
    order = List.empty_list(types.int64)
    queue = List.empty_list(types.int64)
    queue.append(start)
    seen[start] = True
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        order.append(v)
        for w in adj[v]:
            if not seen[w]:
                seen[w] = True
                queue.append(w)
    return order
# run: bfs_order(np.array([0, 0, 1, 2, 4]), np.array([1, 2, 3, 3, 5]), 6, 0)
# run: bfs_order(np.array([0, 0, 1, 2, 4]), np.array([1, 2, 3, 3, 5]), 6, 4)


def communities(labels):
    # A label -> members map built as a Dict of typed lists.
    groups = Dict.empty(types.int64, INT_LIST)
    for i in range(len(labels)):
        g = labels[i]
        if g not in groups:
            groups[g] = List.empty_list(types.int64)
        groups[g].append(i)
    return groups
# run: communities(np.array([2, 0, 2, 1, 0, 2]))


def list_of_arrays(n):
    l = List()
    for i in range(n):
        l.append(np.arange(i + 1) * 1.0)
    l[0][0] = -1.0
    total = 0.0
    for a in l:
        total += a.sum()
    return l, total
# run: list_of_arrays(3)


def list_of_dicts(n):
    l = List()
    for i in range(n):
        d = Dict.empty(types.int64, types.float64)
        d[i] = i * 0.5
        l.append(d)
    l[0][100] = 1.0
    return l
# run: list_of_dicts(3)


def typed_list_equality():
    a = List([1, 2, 3])
    b = List([1, 2, 3])
    c = List([1, 2])
    return a == b, a == c, a != c
# run: typed_list_equality()


def sum_list(l):
    s = 0.0
    for x in l:
        s += x
    return s


def pass_between_functions(n):
    l = List.empty_list(types.float64)
    for i in range(n):
        l.append(i * 1.5)
    return sum_list(l), len(l)
# run: pass_between_functions(4)


def mutate_in_callee(l):
    l.append(99)
    l[0] = -1


def callee_mutates_shared(n):
    l = List(range(n))
    mutate_in_callee(l)
    return l
# run: callee_mutates_shared(3)
