# `*t` in calls and tuple displays unpacks a tuple whose length is known when compiling;
# `def f(*args)` receives the extra positional arguments as a tuple; tuples slice with
# constant bounds (Numba's static slices).
import numpy as np


def add3(x, y, z):
    return x + 10 * y + 100 * z


def forward(t):
    return add3(*t), add3(1, *t[1:]), add3(*t[:1], *(5, 6))
# run: forward((1, 2, 3))
# run: forward((1.5, 2, -3))


def keep_last_axis(p):
    return np.sqrt((p * p).sum(axis=-1)).reshape(*p.shape[:-1], 1)
# run: keep_last_axis(np.arange(12.0).reshape(2, 2, 3))


def grow_shape(a):
    return np.zeros((*a.shape, 2)).shape, (0, *a.shape, *a.shape[::-1])
# run: grow_shape(np.ones((3, 4)))
# run: grow_shape(np.ones(5))


def tuple_slices(t):
    return t[1:], t[:-1], t[::2], t[::-1], t[-2:], t[5:], t[1:3]
# run: tuple_slices((1, 2, 3, 4))
# run: tuple_slices((1, 2.5, 3, True))


def total(*args):
    s = 0
    for i in range(len(args)):
        s += args[i]
    return s, len(args)
# run: total(1, 2, 3)
# run: total(1.5, 2.5)


def first_rest(a, *rest):
    return a, rest
# run: first_rest(1)
# run: first_rest(1, 2.5, (3, 4))


def calls_varargs(n):
    return total(n, 2, 3), first_rest(n), first_rest(n, 1.5, 2), first_rest(*(n, n))
# run: calls_varargs(7)


def forwards_varargs(*args):
    return add3(*args)
# run: forwards_varargs(1, 2, 3)


def total_iter(*values):
    s = 0.0
    for v in values:
        s += v
    return s
# run: total_iter(1.0, 2.0, 3.0)
# run: total_iter(1, 2)
