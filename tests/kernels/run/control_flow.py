# if/elif/else, nested branches, conditional expressions and early returns.

import math


def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    else:
        return 0
# run: sign(5)
# run: sign(-0.0)
# run: sign(nan)
# run: sign(-inf)
# run: sign(INT64_MIN)
# hypothesis: sign(floats)


def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
# run: clamp(5, 0, 10)
# run: clamp(-5, 0, 10)
# run: clamp(15, 0, 10)
# run: clamp(0.5, 0.0, 1.0)
# run: clamp(nan, 0.0, 1.0)
# hypothesis: clamp(small_ints, int_range(-100, 0), int_range(0, 100))


def relu(x):
    return x if x > 0.0 else 0.0
# run: relu(3.5)
# run: relu(-2.0)
# run: relu(-0.0)
# run: relu(nan)
# hypothesis: relu(floats)


def leaky_relu(x, slope):
    return x if x >= 0 else slope * x
# run: leaky_relu(2.0, 0.01)
# run: leaky_relu(-2.0, 0.01)
# run: leaky_relu(-3, 0.5)
# run: leaky_relu(4, 0.5)


def grade(score):
    if score >= 90:
        g = 4
    elif score >= 80:
        g = 3
    elif score >= 70:
        g = 2
    elif score >= 60:
        g = 1
    else:
        g = 0
    return g
# run: grade(95)
# run: grade(80)
# run: grade(79.99)
# run: grade(60)
# run: grade(-1)
# hypothesis: grade(int_range(-10, 110))


def triangle_kind(a, b, c):
    if a <= 0 or b <= 0 or c <= 0:
        return -1
    if a + b <= c or a + c <= b or b + c <= a:
        return 0
    if a == b and b == c:
        return 3
    if a == b or b == c or a == c:
        return 2
    return 1
# run: triangle_kind(3, 4, 5)
# run: triangle_kind(2, 2, 2)
# run: triangle_kind(2, 2, 3)
# run: triangle_kind(1, 2, 3)
# run: triangle_kind(0, 1, 1)
# hypothesis: triangle_kind(int_range(-2, 6), int_range(-2, 6), int_range(-2, 6))


def piecewise(x):
    # A hat function with a flat top.
    if x < -2.0 or x > 2.0:
        y = 0.0
    elif x < -1.0:
        y = x + 2.0
    elif x <= 1.0:
        y = 1.0
    else:
        y = 2.0 - x
    return y
# run: piecewise(-3.0)
# run: piecewise(-1.5)
# run: piecewise(0.0)
# run: piecewise(1.5)
# run: piecewise(nan)
# hypothesis: piecewise(floats)


def nested_ternary(x):
    return -1 if x < 0 else (0 if x == 0 else (1 if x < 10 else 2))
# run: nested_ternary(-3)
# run: nested_ternary(0)
# run: nested_ternary(7)
# run: nested_ternary(10)


def safe_log(x):
    if x <= 0.0:
        return -math.inf
    return math.log(x)
# run: safe_log(1.0)
# run: safe_log(0.0)
# run: safe_log(-1.0)
# run: safe_log(math.e)


def leap_year(y):
    if y % 4 != 0:
        return False
    if y % 100 != 0:
        return True
    return y % 400 == 0
# run: leap_year(1900)
# run: leap_year(2000)
# run: leap_year(2023)
# run: leap_year(2024)
# run: leap_year(-4)
# hypothesis: leap_year(small_ints)


def quadrant(x, y):
    if x >= 0:
        if y >= 0:
            return 1
        return 4
    else:
        if y >= 0:
            return 2
        return 3
# run: quadrant(1.0, 1.0)
# run: quadrant(-1.0, 1.0)
# run: quadrant(-1.0, -1.0)
# run: quadrant(1.0, -1.0)
# run: quadrant(-0.0, -0.0)


def branch_assign_unify(flag, n):
    # `x` is an int on one path and a float on the other: it is float64 everywhere.
    if flag:
        x = n
    else:
        x = n / 2
    return x
# run: branch_assign_unify(True, 3)
# run: branch_assign_unify(False, 3)
