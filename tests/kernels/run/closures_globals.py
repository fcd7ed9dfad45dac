# Global constants and closure variables are frozen when a kernel compiles: ints, floats,
# bools, tuples and NumPy arrays (read-only). Closures come from factory functions (the
# harness compiles the function the factory returns).

import math

import numpy as np

GRAVITY = 9.81
N_STEPS = 100
VERBOSE = False
WEIGHTS = (0.25, 0.5, 0.25)
LOOKUP = np.array([1.0, 2.0, 4.0, 8.0])
INT_TABLE = np.arange(10, dtype=np.int64) * 3
BIG = 2**62


def fall_distance(t):
    return 0.5 * GRAVITY * t * t
# run: fall_distance(2.0)
# run: fall_distance(0)


def smooth3(a, b, c):
    return WEIGHTS[0] * a + WEIGHTS[1] * b + WEIGHTS[2] * c
# run: smooth3(1.0, 2.0, 3.0)
# run: smooth3(0, 4, 0)


def table_lookup(i):
    return LOOKUP[i] + INT_TABLE[-1 - i]
# run: table_lookup(0)
# run: table_lookup(3)
# run: table_lookup(-1)


def steps_and_flag(x):
    s = 0.0
    for _ in range(N_STEPS):
        s += x
    if VERBOSE:
        s = -s
    return s
# run: steps_and_flag(0.1)


def big_global(x):
    return x + BIG + BIG
# run: big_global(0)
# run: big_global(-1)


def global_array_sum():
    s = 0.0
    for v in LOOKUP:
        s += v
    return (s, LOOKUP.shape[0], INT_TABLE.size)
# run: global_array_sum()


def make_scaler(k):
    def scale(x):
        return x * k
    return scale
# factory
# run: make_scaler(3)(4)
# run: make_scaler(2.5)(4)
# run: make_scaler(-1)(INT64_MIN)


def make_poly(coeffs):
    # A closure over a tuple of coefficients (Horner).
    def poly(x):
        r = 0.0
        r = r * x + coeffs[0]
        r = r * x + coeffs[1]
        r = r * x + coeffs[2]
        return r
    return poly
# factory
# run: make_poly((1.0, -3.0, 2.0))(2.0)
# run: make_poly((1, 0, -1))(0.5)


def make_threshold(level, inclusive):
    def above(x):
        if inclusive:
            return x >= level
        return x > level
    return above
# factory
# run: make_threshold(1.0, True)(1.0)
# run: make_threshold(1.0, False)(1.0)


def make_table_reader(table):
    # A closure over a NumPy array.
    def read(i):
        return table[i] * 2
    return read
# factory
# run: make_table_reader(np.array([1, 2, 3]))(2)
# run: make_table_reader(np.array([1.5, -2.5]))(-1)


def make_damped(omega, gamma):
    # A closure calling math and a global constant.
    def x_of_t(t):
        return math.exp(-gamma * t) * math.cos(omega * t) * GRAVITY
    return x_of_t
# factory
# run: make_damped(2.0, 0.1)(1.0)
# run: make_damped(0.0, 0.0)(3.0)
