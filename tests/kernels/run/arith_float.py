# float64 arithmetic: IEEE results bit for bit (signed zeros, inf, nan), int/float
# promotion, division by zero raising ZeroDivisionError, and small numeric recipes.

import math


def fadd(a, b):
    return a + b
# run: fadd(0.1, 0.2)
# run: fadd(-0.0, -0.0)
# run: fadd(-0.0, 0.0)
# run: fadd(inf, -inf)
# run: fadd(1e308, 1e308)
# run: fadd(5e-324, -5e-324)
# hypothesis: fadd(floats, floats)


def fsub(a, b):
    return a - b
# run: fsub(0.0, 0.0)
# run: fsub(-0.0, 0.0)
# run: fsub(1.0, 1e-17)
# run: fsub(inf, inf)
# hypothesis: fsub(floats, floats)


def fmul(a, b):
    return a * b
# run: fmul(-0.0, 5.0)
# run: fmul(0.0, inf)
# run: fmul(-1.0, nan)
# run: fmul(1e-200, 1e-200)
# hypothesis: fmul(floats, floats)


def fdiv(a, b):
    return a / b
# run: fdiv(1.0, 3.0)
# run: fdiv(-1.0, inf)
# run: fdiv(inf, inf)
# run: fdiv(1.0, 0.0)
# run: fdiv(0.0, 0.0)
# run: fdiv(1.0, -0.0)
# run: fdiv(nan, 0.0)
# hypothesis: fdiv(floats, floats)


def fneg(a):
    return -a
# run: fneg(0.0)
# run: fneg(-0.0)
# run: fneg(nan)
# run: fneg(-inf)
# hypothesis: fneg(floats)


def int_plus_float(i, x):
    return i + x
# run: int_plus_float(1, 0.5)
# run: int_plus_float(2**53 + 1, 0.0)
# run: int_plus_float(INT64_MAX, 1.0)
# run: int_plus_float(-3, -0.0)
# run: int_plus_float(0, -0.0)
# hypothesis: int_plus_float(ints, floats)


def lerp(a, b, t):
    return a + (b - a) * t
# run: lerp(0.0, 10.0, 0.25)
# run: lerp(-1.0, 1.0, 0.5)
# run: lerp(1.0, 1.0, nan)
# hypothesis: lerp(finite_floats, finite_floats, unit_floats)


def hypot_by_hand(x, y):
    # Scaled to avoid overflow, as textbooks do it.
    ax = abs(x)
    ay = abs(y)
    big = max(ax, ay)
    small = min(ax, ay)
    if big == 0.0:
        return 0.0
    r = small / big
    return big * (1.0 + r * r) ** 0.5
# run: hypot_by_hand(3.0, 4.0)
# run: hypot_by_hand(1e200, 1e200)
# run: hypot_by_hand(0.0, -0.0)
# run: hypot_by_hand(-5.0, 12.0)
# hypothesis: hypot_by_hand(small_floats, small_floats)


def quadratic_roots(a, b, c):
    # Numerically stable roots of a*x**2 + b*x + c (assumes real roots).
    disc = b * b - 4.0 * a * c
    if disc < 0.0:
        return (math.nan, math.nan)
    sq = disc ** 0.5
    if b >= 0.0:
        q = -0.5 * (b + sq)
    else:
        q = -0.5 * (b - sq)
    return (q / a, c / q)
# run: quadratic_roots(1.0, -3.0, 2.0)
# run: quadratic_roots(1.0, 1e8, 1.0)
# run: quadratic_roots(2.0, -4.0, 2.0)
# run: quadratic_roots(1.0, 0.0, 1.0)


def float_pow(x, y):
    return x ** y
# run: float_pow(2.0, 0.5)
# run: float_pow(2.0, -1.0)
# run: float_pow(-8.0, 1.0 / 3.0)
# run: float_pow(-2.0, 3.0)
# run: float_pow(0.0, -1.0)
# run: float_pow(-0.0, 3.0)
# run: float_pow(nan, 0.0)
# run: float_pow(1.0, nan)
# run: float_pow(inf, -0.5)
# run: float_pow(10.0, 400.0)
# hypothesis: float_pow(pos_floats, small_floats)


def compensated_sum(n):
    # Kahan summation of 0.1 added n times.
    s = 0.0
    c = 0.0
    for _ in range(n):
        y = 0.1 - c
        t = s + y
        c = (t - s) - y
        s = t
    return s
# run: compensated_sum(0)
# run: compensated_sum(10)
# run: compensated_sum(1000)


def naive_sum(n):
    s = 0.0
    for _ in range(n):
        s += 0.1
    return s
# run: naive_sum(10)
# run: naive_sum(1000)


def celsius_to_fahrenheit(c):
    return c * 9 / 5 + 32
# run: celsius_to_fahrenheit(100)
# run: celsius_to_fahrenheit(-40)
# run: celsius_to_fahrenheit(36.6)
# run: celsius_to_fahrenheit(-273.15)
