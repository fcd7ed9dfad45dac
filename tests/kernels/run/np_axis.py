"""Reductions along one axis (Numba supports sum, argmin and argmax with axis=)."""
import numpy as np


def sum_axis0(a):
    return np.sum(a, axis=0)
# run: sum_axis0(np.arange(12.0).reshape(3, 4))
# run: sum_axis0(np.arange(24, dtype=np.int32).reshape(2, 3, 4))
# run: sum_axis0(np.asfortranarray(np.arange(12.0).reshape(3, 4) / 7.0))
# run: sum_axis0(np.arange(30.0).reshape(5, 6)[::2, 1::2])
# run: sum_axis0(np.zeros((0, 3)))
# run: sum_axis0(np.array([True, False, True, True]).reshape(2, 2))
# run: sum_axis0(np.linspace(0.1, 1.0, 10))


def sum_axis_method(a, k):
    return a.sum(axis=k)
# run: sum_axis_method(np.arange(12.0).reshape(3, 4) / 3.0, 1)
# run: sum_axis_method(np.arange(12.0).reshape(3, 4) / 3.0, 0)
# run: sum_axis_method(np.arange(12.0).reshape(3, 4) / 3.0, -1)
# run: sum_axis_method(np.arange(24.0).reshape(2, 3, 4) * 0.1, 1)
# run: sum_axis_method(np.arange(24.0).reshape(2, 3, 4) * 0.1, 2)
# run: sum_axis_method(np.arange(24, dtype=np.uint8).reshape(2, 3, 4), -3)
# run: sum_axis_method(np.arange(12.0).reshape(3, 4), 2)


def sum_axis_positional(a):
    return a.sum(1), np.sum(a, 0)
# run: sum_axis_positional(np.arange(6, dtype=np.int16).reshape(2, 3))
# run: sum_axis_positional(np.array([[1.5, -0.0], [nan, 2.0]]))


def argmin_axis(a, k):
    return np.argmin(a, axis=k)
# run: argmin_axis(np.array([[3.0, 1.0, 2.0], [0.5, 0.5, 4.0]]), 0)
# run: argmin_axis(np.array([[3.0, 1.0, 2.0], [0.5, 0.5, 4.0]]), 1)
# run: argmin_axis(np.array([[3.0, nan, 2.0], [nan, 0.5, nan]]), 1)
# run: argmin_axis(np.arange(24, dtype=np.int64).reshape(2, 3, 4) % 5, 2)
# run: argmin_axis(np.arange(24, dtype=np.int64).reshape(2, 3, 4) % 5, 1)


def argmax_axis(a, k):
    return a.argmax(axis=k)
# run: argmax_axis(np.array([[3.0, 1.0, 2.0], [0.5, 7.0, 7.0]]), 1)
# run: argmax_axis(np.array([[3.0, 1.0, 2.0], [0.5, 7.0, 7.0]]), 0)
# run: argmax_axis(np.asfortranarray(np.arange(12.0).reshape(3, 4) % 5), 0)
# run: argmax_axis(np.array([[True, False], [True, True]]), 1)


def sum_axis_of_expression(a, b):
    return (a * b).sum(axis=0) + np.sum(a - b, axis=0)
# run: sum_axis_of_expression(np.arange(6.0).reshape(2, 3), np.ones((2, 3)) * 0.5)
