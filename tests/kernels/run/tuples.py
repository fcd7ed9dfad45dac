# Tuples: building, constant (and negative constant) indexing, unpacking, swapping,
# nesting, heterogeneous tuples, tuples as arguments and results, len().


def minmax(a, b):
    if a < b:
        return (a, b)
    return (b, a)
# run: minmax(3, 1)
# run: minmax(1, 3)
# run: minmax(2.5, -0.0)
# hypothesis: minmax(ints, ints)


def swap_unpack(a, b):
    a, b = b, a
    return a - b
# run: swap_unpack(10, 3)
# run: swap_unpack(0.5, 2.0)


def tuple_index(t):
    return t[0] + t[1] * 10 + t[-1] * 100
# run: tuple_index((1, 2, 3))
# run: tuple_index((1.5, 2.5, -3.5))
# run: tuple_index((1, 2.0, True))


def heterogeneous(t):
    # (int, float, bool): each element keeps its own type.
    n, x, flag = t
    if flag:
        return n * x
    return x - n
# run: heterogeneous((3, 0.5, True))
# run: heterogeneous((3, 0.5, False))


def nested(t):
    (a, b), (c, (d, e)) = t
    return ((a + c, b * d), e)
# run: nested(((1, 2), (3, (4, 5))))
# run: nested(((1.5, 2), (3, (4, True))))


def nested_index(t):
    return t[1][1][0] - t[0][-1]
# run: nested_index(((1, 2), (3, (4, 5))))


def divmod_like(a, b):
    q = a // b
    return q, a - q * b
# run: divmod_like(17, 5)
# run: divmod_like(-17, 5)
# run: divmod_like(17.5, 5.0)


def stats3(a, b, c):
    mean = (a + b + c) / 3.0
    lo = min(a, b, c)
    hi = max(a, b, c)
    return (mean, lo, hi, hi - lo)
# run: stats3(1.0, 2.0, 3.0)
# run: stats3(3, 1, 2)
# run: stats3(-0.0, 0.0, nan)
# hypothesis: stats3(finite_floats, finite_floats, finite_floats)


def tuple_len(t):
    return len(t) * 10 + len((1, 2))
# run: tuple_len((1, 2, 3))
# run: tuple_len((1.0,))
# run: tuple_len(())


def rotate3(t):
    a, b, c = t
    return (b, c, a)
# run: rotate3((1, 2, 3))
# run: rotate3((1.0, 2.0, nan))


def accumulate_pairs(n):
    # A tuple carried through a loop (Fibonacci pairs).
    pair = (0, 1)
    for _ in range(n):
        pair = (pair[1], pair[0] + pair[1])
    return pair
# run: accumulate_pairs(0)
# run: accumulate_pairs(10)
# run: accumulate_pairs(90)
# run: accumulate_pairs(100)


def complex_from_parts(p):
    re, im = p
    return re + im * 1j
# run: complex_from_parts((1.0, 2.0))
# run: complex_from_parts((-0.0, -0.0))


def shape_tuple(a):
    # a.shape is a tuple; unpack it and return a new one.
    rows, cols = a.shape
    return (cols, rows, a.shape[0] * a.shape[-1])
# run: shape_tuple(np.zeros((3, 4)))
# run: shape_tuple(np.zeros((0, 5), dtype=np.int8))


def single_element(x):
    t = (x,)
    return t
# run: single_element(5)
# run: single_element(nan)
