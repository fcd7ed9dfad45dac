# The builtins of the issue: abs, min, max, round, int, float, bool, len, range.


def abs_all(i, x):
    return (abs(i), abs(x))
# run: abs_all(-5, -2.5)
# run: abs_all(0, -0.0)
# run: abs_all(INT64_MIN, -inf)
# run: abs_all(INT64_MAX, nan)
# hypothesis: abs_all(ints, floats)


def abs_bool(b):
    return abs(b)
# run: abs_bool(True)
# run: abs_bool(False)


def min_max2(a, b):
    return (min(a, b), max(a, b))
# run: min_max2(1, 2)
# run: min_max2(2.5, -1)
# run: min_max2(nan, 1.0)
# run: min_max2(1.0, nan)
# run: min_max2(-0.0, 0.0)
# run: min_max2(0.0, -0.0)
# run: min_max2(INT64_MIN, INT64_MAX)
# hypothesis: min_max2(floats, floats)
# hypothesis: min_max2(ints, ints)


def min_max3(a, b, c):
    return (min(a, b, c), max(a, b, c))
# run: min_max3(3, 1, 2)
# run: min_max3(3, 1.5, 2)
# run: min_max3(True, 2, 3)
# run: min_max3(nan, 1.0, 2.0)
# run: min_max3(1.0, nan, 2.0)
# hypothesis: min_max3(small_ints, small_ints, small_ints)


def round_half_even(x):
    return round(x)
# run: round_half_even(0.5)
# run: round_half_even(1.5)
# run: round_half_even(2.5)
# run: round_half_even(-2.5)
# run: round_half_even(-0.5)
# run: round_half_even(2.675)
# run: round_half_even(1e15 + 0.5)
# run: round_half_even(7)
# hypothesis: round_half_even(small_floats)


def round_digits(x, n):
    return round(x, n)
# run: round_digits(2.675, 2)
# run: round_digits(1.005, 2)
# run: round_digits(-0.0, 1)
# run: round_digits(1234.5678, -2)
# run: round_digits(0.5, 0)
# run: round_digits(1.5, 0)
# run: round_digits(inf, 2)
# run: round_digits(nan, 2)
# run: round_digits(5e-324, 400)
# run: round_digits(12345, -2)
# run: round_digits(-15, -1)


def to_int(x):
    return int(x)
# run: to_int(3.9)
# run: to_int(-3.9)
# run: to_int(-0.0)
# run: to_int(True)
# run: to_int(42)
# run: to_int(1e18)
# hypothesis: to_int(small_floats)


def to_float(n):
    return float(n)
# run: to_float(3)
# run: to_float(INT64_MAX)
# run: to_float(INT64_MIN)
# run: to_float(2**53 + 1)
# run: to_float(-0.0)
# hypothesis: to_float(ints)


def to_bool(x):
    return bool(x)
# run: to_bool(0)
# run: to_bool(-7)
# run: to_bool(0.0)
# run: to_bool(nan)
# run: to_bool(-0.0)
# run: to_bool(0j)
# run: to_bool(1e-300j)


def int_of_division(a, b):
    # int() truncates towards zero, // floors.
    return (int(a / b), a // b)
# run: int_of_division(7, 2)
# run: int_of_division(-7, 2)
# run: int_of_division(7, -2)
# hypothesis: int_of_division(small_ints, int_range(1, 100))


def len_of_range(a, b, c):
    n = 0
    for _ in range(a, b, c):
        n += 1
    return n
# run: len_of_range(0, 10, 3)
# run: len_of_range(10, -10, -4)
# run: len_of_range(0, 0, 1)


def mean_round_trip(a, b):
    # Mixed builtins in one expression.
    return int(round(float(a + b) / 2.0)) + abs(min(a, b)) - max(0, b)
# run: mean_round_trip(3, 4)
# run: mean_round_trip(-3, 4)
# run: mean_round_trip(-10, -20)
# hypothesis: mean_round_trip(small_ints, small_ints)
