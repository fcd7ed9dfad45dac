# NumPy ufuncs on scalars: result types as Numba picks NumPy's loops (np.sqrt(int64) is
# float64, np.sqrt(int8) is float32, np.abs(int32) stays int32, np.minimum(int, float) is
# float64), with NaN, inf, signed zeros and integer edge cases.

import numpy as np


def unary_float(x):
    return (np.sqrt(x), np.exp(x), np.log(x), np.log2(x), np.log10(x), np.log1p(x), np.expm1(x))
# run: unary_float(2.5)
# run: unary_float(0.0)
# run: unary_float(-1.0)
# run: unary_float(inf)
# run: unary_float(nan)
# run: unary_float(7)
# run: unary_float(np.int32(3))
# run: unary_float(np.int8(3))
# run: unary_float(np.uint8(200))
# run: unary_float(np.uint64(10))
# run: unary_float(np.float32(1.5))
# run: unary_float(True)


def trig(x):
    return (np.sin(x), np.cos(x), np.tan(x), np.arcsin(x), np.arccos(x), np.arctan(x))
# run: trig(0.5)
# run: trig(-0.0)
# run: trig(2.0)
# run: trig(np.float32(0.25))
# run: trig(1)
# run: trig(np.int16(-1))


def hyperbolic(x):
    return (np.sinh(x), np.cosh(x), np.tanh(x), np.arcsinh(x), np.arccosh(x), np.arctanh(x))
# run: hyperbolic(0.5)
# run: hyperbolic(1.5)
# run: hyperbolic(np.float32(0.75))
# run: hyperbolic(2)
# run: hyperbolic(-inf)


def binary_float(x, y):
    return (np.arctan2(x, y), np.hypot(x, y), np.copysign(x, y))
# run: binary_float(1.0, 2.0)
# run: binary_float(-0.0, -1.0)
# run: binary_float(3, 4)
# run: binary_float(np.float32(3), np.int64(4))
# run: binary_float(np.int8(3), np.uint8(4))
# run: binary_float(inf, nan)
# run: binary_float(True, False)


def absolute(x):
    return (np.abs(x), np.absolute(x), np.fabs(x))
# run: absolute(-2.5)
# run: absolute(-0.0)
# run: absolute(-7)
# run: absolute(INT64_MIN)
# run: absolute(np.int8(-128))
# run: absolute(np.int32(-5))
# run: absolute(np.uint16(7))
# run: absolute(np.float32(-1.5))
# run: absolute(True)
# run: absolute(nan)


def abs_complex(z):
    return np.abs(z)
# run: abs_complex(3 + 4j)
# run: abs_complex(np.complex64(1 - 1j))


def sign(x):
    return np.sign(x)
# run: sign(-2.5)
# run: sign(0.0)
# run: sign(-0.0)
# run: sign(nan)
# run: sign(inf)
# run: sign(-7)
# run: sign(0)
# run: sign(np.int8(5))
# run: sign(np.uint8(5))
# run: sign(np.float32(-3))
# run: sign(True)


def rounding(x):
    return (np.floor(x), np.ceil(x), np.trunc(x), np.rint(x))
# run: rounding(2.5)
# run: rounding(-2.5)
# run: rounding(3.5)
# run: rounding(-0.4)
# run: rounding(nan)
# run: rounding(np.float32(1.5))
# run: rounding(7)
# run: rounding(np.int32(-7))
# run: rounding(np.uint8(9))


def rounding_bool(x):
    return (np.floor(x), np.ceil(x), np.trunc(x))
# run: rounding_bool(True)


def power(x, y):
    return np.power(x, y)
# run: power(2.0, 0.5)
# run: power(2, 10)
# run: power(np.int32(3), np.int32(4))
# run: power(np.int8(3), np.uint8(4))
# run: power(2, 0.5)
# run: power(np.float32(2), 3)
# run: power(-8.0, 1.0 / 3.0)
# run: power(0.0, -1.0)
# run: power(2, 70)
# run: power(np.uint64(3), np.uint64(3))


def min_max(x, y):
    return (np.minimum(x, y), np.maximum(x, y), np.fmin(x, y), np.fmax(x, y))
# run: min_max(1.0, 2.0)
# run: min_max(2.0, 1.0)
# run: min_max(nan, 1.0)
# run: min_max(1.0, nan)
# run: min_max(0.0, -0.0)
# run: min_max(-0.0, 0.0)
# run: min_max(3, 5)
# run: min_max(3, 5.5)
# run: min_max(np.int32(-3), np.int32(5))
# run: min_max(np.int8(-3), np.uint8(200))
# run: min_max(np.uint64(3), np.uint64(UINT64_MAX))
# run: min_max(np.float32(1.5), 2)
# run: min_max(True, False)
# run: min_max(np.uint64(3), -1)


def classify(x):
    return (np.isnan(x), np.isinf(x), np.isfinite(x))
# run: classify(1.0)
# run: classify(nan)
# run: classify(-inf)
# run: classify(3)
# run: classify(np.float32(inf))
# run: classify(True)
# run: classify(complex(1.0, nan))
# run: classify(complex(inf, 0.0))


def angles(x):
    return (np.deg2rad(x), np.rad2deg(x))
# run: angles(180.0)
# run: angles(1.0)
# run: angles(90)
# run: angles(np.float32(45))
# run: angles(np.int8(30))


def in_a_loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += np.sqrt(np.abs(a[i])) * np.sign(a[i]) + np.maximum(a[i], 0.0)
    return s
# run: in_a_loop(np.array([-4.0, 9.0, 0.25, -0.0]))
# run: in_a_loop(np.arange(-3, 4))
