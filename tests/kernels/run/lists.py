# Lists: literals, empty lists typed by their first use, append/len/indexing/iteration,
# lists as results (boxed into new Python lists) and as arguments (reflected back into the
# caller's list), methods, comprehensions, slicing, operators, builtins over lists, lists of
# tuples, arrays and lists, and NumPy functions taking lists.
import numpy as np


def literal_sum():
    l = [1, 2, 3]
    s = 0
    for x in l:
        s += x
    return s, len(l)
# run: literal_sum()


def literal_unify():
    # Items unify Numba's way: int and float make a list of float64.
    return [1, 2.5, True]
# run: literal_unify()


def empty_then_append(n):
    out = []
    for i in range(n):
        out.append(i * i)
    return out
# run: empty_then_append(5)
# run: empty_then_append(1)


def append_widens(n):
    # A list variable's element type widens like any variable: int64 -> float64.
    l = [1]
    for i in range(n):
        l.append(i / 2)
    return l
# run: append_widens(3)


def index_negative(l):
    return l[0], l[-1], l[len(l) - 1], l[-len(l)]
# run: index_negative([3, 1, 4, 1, 5])
# run: index_negative([2.5])


def index_out_of_range(l, i):
    return l[i]
# run: index_out_of_range([1, 2, 3], 3)
# run: index_out_of_range([1, 2, 3], -4)
# run: index_out_of_range([1, 2, 3], -3)


def setitem(l, i, v):
    l[i] = v
    return l[i]
# run: setitem([1, 2, 3], 0, 10)
# run: setitem([1.0, 2.0], -1, 7)
# run: setitem([1, 2, 3], 5, 0)


def iterate_enumerate_zip(a, b):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    for x, y in zip(a, b):
        s += x * y
    return s
# run: iterate_enumerate_zip([1.0, 2.0, 3.0], [4.0, 5.0])


def reflect_append(l, n):
    for i in range(n):
        l.append(i)
    return len(l)
# run: reflect_append([7, 8], 3)


def reflect_clear_extend(l):
    tail = [l[0] * 10, l[-1] * 10]
    l.clear()
    l.extend(tail)
    return l
# run: reflect_clear_extend([1, 2, 3])


def reflect_unchanged(l):
    return sum(l)
# run: reflect_unchanged([1, 2, 3])
# run: reflect_unchanged([0.5, 0.25])


def callee_appends(l, x):
    l.append(x)


def shared_with_callee(n):
    l = [0]
    for i in range(n):
        callee_appends(l, i + 1)
    alias = l
    alias.append(-1)
    return l
# run: shared_with_callee(3)


def pop_insert(n):
    l = [i for i in range(n)]
    a = l.pop()
    b = l.pop(0)
    l.insert(0, 100)
    l.insert(-1, 200)
    l.insert(1000, 300)
    l.insert(-1000, 400)
    return a, b, l
# run: pop_insert(6)


def pop_errors(k):
    l = [1, 2]
    if k == 0:
        l.pop()
        l.pop()
        return l.pop()
    return l.pop(k)
# run: pop_errors(0)
# run: pop_errors(5)
# run: pop_errors(-2)


def remove_index_count(l, v):
    c = l.count(v)
    i = l.index(v)
    l.remove(v)
    return c, i, l
# run: remove_index_count([1, 2, 3, 2, 1], 2)
# run: remove_index_count([1.5, 2.5], 1.5)
# run: remove_index_count([1, 2], 5)


def remove_missing(l, v):
    l.append(v + 1)
    l.remove(v)
    return l
# run: remove_missing([1, 2], 3)


def reverse_sort_copy(l):
    c = l.copy()
    l.reverse()
    r = list(l)
    l.sort()
    d = c[:]
    d.sort(reverse=True)
    return c, r, l, d
# run: reverse_sort_copy([3, 1, 2, 5, 4, 1])
# run: reverse_sort_copy([2.5, -1.0, 0.0, 10.0])


def sorted_min_max_sum(l):
    return sorted(l), sorted(l, reverse=True), min(l), max(l), sum(l)
# run: sorted_min_max_sum([5, 3, 8, 1])
# run: sorted_min_max_sum([0.5, -2.0, 1.5])
# run: sorted_min_max_sum([True, False, True])


def comprehension(n):
    sq = [i * i for i in range(n)]
    ev = [x for x in sq if x % 2 == 0]
    pairs = [i * 10 + j for i in range(3) for j in range(i)]
    i = -1
    doubled = [2.0 * i for i in sq]
    return sq, ev, pairs, doubled, i
# run: comprehension(6)
# run: comprehension(0)


def comprehension_over_array(a):
    return [x + 1.0 for x in a if x > 0]
# run: comprehension_over_array(np.array([1.0, -2.0, 3.0, 0.5]))


def slicing(l):
    return l[1:], l[:-1], l[::2], l[::-1], l[1:4:2], l[10:], l[-2:]
# run: slicing([0, 1, 2, 3, 4, 5])
# run: slicing([1.5])


def operators(a, b):
    c = a + b
    d = a * 2
    e = 2 * b
    f = [0] * 3
    return c, d, e, f, a == b, a != b, a == a[:], a < b, b <= a, 3 in a, 3 not in b
# run: operators([1, 2, 3], [4, 5])
# run: operators([1, 2], [1, 2])


def iadd_extends_in_place(l):
    alias = l
    l += [9, 8]
    return alias
# run: iadd_extends_in_place([1])


def imul_in_place(l, n):
    alias = l
    l *= n
    return alias, len(l)
# run: imul_in_place([1, 2], 3)
# run: imul_in_place([1.5], 0)


def truthiness(n):
    l = [i for i in range(n)]
    if l:
        return 1
    return 0
# run: truthiness(0)
# run: truthiness(2)


def while_pop(n):
    stack = [0]
    total = 0
    while stack:
        x = stack.pop()
        total += x
        if x < n:
            stack.append(x + 1)
            stack.append(x + 2)
    return total
# run: while_pop(5)


def list_constructor(n, a, t):
    r = list(range(n))
    x = list(a)
    y = list(t)
    e = list()
    e.append(1.5)
    return r, x, y, e
# run: list_constructor(4, np.array([1.0, 2.0]), (3, 4, 5))


def lists_of_tuples(n):
    l = [(i, i * 0.5) for i in range(n)]
    l.append((10, 2.5))
    s = 0.0
    for a, b in l:
        s += a * b
    return l, s, len(l)
# run: lists_of_tuples(3)


def tuple_list_argument(l):
    s = 0
    for a, b in l:
        s += a - b
    return s
# run: tuple_list_argument([(1, 2), (5, 3)])


def lists_of_arrays(n):
    l = []
    for i in range(n):
        l.append(np.full(2, float(i)))
    m = l[-1]
    l.pop(0)
    t = 0.0
    for a in l:
        t += a.sum()
    return l, t, m
# run: lists_of_arrays(3)


def array_list_argument(l):
    s = 0.0
    for a in l:
        s += a[0]
    l[0][0] = 100.0
    return s
# run: array_list_argument([np.arange(3.0), np.ones(2)])


def append_array_argument(l, a):
    l.append(a)
    return len(l)
# run: append_array_argument([np.zeros(2)], np.ones(2))


def lists_of_lists(n):
    grid = [[i * j for j in range(n)] for i in range(n)]
    grid[0].append(99)
    row = grid[1]
    row[0] = -1
    return grid
# run: lists_of_lists(3)


def np_array_of_list(n):
    l = [i * 0.5 for i in range(n)]
    return np.array(l), np.asarray([1, 2, 3]), np.array([True, False])
# run: np_array_of_list(4)


def np_array_of_list_argument(l):
    return np.array(l)
# run: np_array_of_list_argument([1, 2, 3])
# run: np_array_of_list_argument([1.5, 2.5])


def percentile_with_list(a):
    return np.percentile(a, [10, 50, 90]), np.quantile(a, [0.25, 0.75])
# run: percentile_with_list(np.arange(10.0))


def percentile_list_variable(a, q):
    qs = [x / 100.0 for x in q]
    return np.percentile(a, q), np.quantile(a, qs)
# run: percentile_list_variable(np.arange(7.0), [25, 50, 100])


def grow_while_iterating(n):
    # The loop sees items appended during the iteration, as in Python.
    l = [0]
    for x in l:
        if x < n:
            l.append(x + 1)
    return l
# run: grow_while_iterating(4)


def slice_assignment(l):
    l[1:3] = [10, 20, 30]
    l[:1] = [7]
    l[::2] = l[::2][::-1]
    return l
# run: slice_assignment([1, 2, 3, 4, 5])


def extended_slice_wrong_size(l):
    l[::2] = [1]
    return l
# run: extended_slice_wrong_size([1, 2, 3, 4])


def min_of_empty(n):
    l = [1.0]
    l.pop()
    for i in range(n):
        l.append(i * 1.5)
    return min(l), max(l)
# run: min_of_empty(2)


def empty_list_argument(l):
    return len(l)
# run: empty_list_argument([])
