# `a, b = seq` for lists and arrays (along the first axis): the length is checked when it
# runs (Numba raises ValueError without a message).
import numpy as np


def unpack_list(n):
    l = [i * 1.5 for i in range(n)]
    a, b = l
    return a + b
# run: unpack_list(2)
# run: unpack_list(3)
# run: unpack_list(0)


def unpack_array(x):
    a, b = x
    return a + b
# run: unpack_array(np.arange(2.0))
# run: unpack_array(np.arange(3.0))
# run: unpack_array(np.ones((2, 2)))


def unpack_list_of_arrays(x):
    rows = [x[i] * 2.0 for i in range(x.shape[0])]
    first, second = rows
    return first - second
# run: unpack_list_of_arrays(np.arange(6.0).reshape(2, 3))


def unpack_in_loop(pts):
    s = 0.0
    for i in range(pts.shape[0]):
        x, y = pts[i]
        s += x * y
    return s
# run: unpack_in_loop(np.arange(8.0).reshape(4, 2))
