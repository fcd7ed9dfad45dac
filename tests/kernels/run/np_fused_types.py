# Types inside fused array expressions: Numba evaluates a whole expression as one scalar
# expression, so each operator's intermediate has the scalar operator's type (int32 * int32
# is int64, float32 * 0.1 is float64) and only the result is cast to the array's dtype,
# while an explicit ufunc call (np.multiply) keeps its loop's type.
import numpy as np


def int_chain(a, b, c):
    return (a * b) / c
# run: int_chain(np.array([100000, 3, -70000], np.int32), np.array([100000, 5, 70000], np.int32), np.ones(3, np.int32))
# run: int_chain(np.array([300, -7], np.int16), np.array([300, 9], np.int16), np.array([2, 3], np.int16))


def ufunc_chain(a, b, c):
    return np.multiply(a, b) / c
# run: ufunc_chain(np.array([100000, 3, -70000], np.int32), np.array([100000, 5, 70000], np.int32), np.ones(3, np.int32))


def f32_literals(a, b):
    return a * 0.1 + b / 3
# run: f32_literals(np.linspace(0.1, 3.0, 9, dtype=np.float32), np.linspace(-2.0, 5.0, 9, dtype=np.float32))


def f32_exp(a):
    return np.exp(a + 1) - np.sqrt(a * 2 + 1)
# run: f32_exp(np.linspace(0.1, 3.0, 11, dtype=np.float32))


def f32_pure(a, b):
    return (a * b + a) / b
# run: f32_pure(np.linspace(0.1, 3.0, 11, dtype=np.float32), np.linspace(1.5, 2.5, 11, dtype=np.float32))


def int8_sum_then_scale(a, b):
    return (a + b) * 0.5
# run: int8_sum_then_scale(np.array([100, -100, 127], np.int8), np.array([100, -100, 1], np.int8))


def bools(a, b):
    return (a + b) * 2
# run: bools(np.array([True, False, True]), np.array([True, True, False]))


def mixed_sign(a, b):
    return (a + b) * 1
# run: mixed_sign(np.array([1, 2**31], np.uint32), np.array([-5, 7], np.int32))


def shifts(a):
    return (a << 40) >> 38
# run: shifts(np.array([1, 3, -2], np.int32))


def floordiv_chain(a, b):
    return (a * 3) // b - a % b
# run: floordiv_chain(np.array([7, -7, 100000], np.int32), np.array([2, 2, -3], np.int32))
# run: floordiv_chain(np.array([7.5, -7.5, 0.0], np.float32), np.array([2.0, 2.0, -0.5], np.float32))
