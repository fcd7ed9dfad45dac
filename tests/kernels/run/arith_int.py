# Integer arithmetic on int64 scalars: + - * and unary minus, wrap-around at the int64
# edges (Numba semantics), true division giving float, and mixed bool/int arithmetic.


def add(a, b):
    return a + b
# run: add(1, 2)
# run: add(-1, 1)
# run: add(INT64_MAX, 1)
# run: add(INT64_MIN, -1)
# run: add(True, True)
# run: add(True, 41)
# hypothesis: add(ints, ints)


def sub(a, b):
    return a - b
# run: sub(0, 0)
# run: sub(INT64_MIN, 1)
# run: sub(0, INT64_MIN)
# run: sub(5, -7)
# hypothesis: sub(ints, ints)


def mul(a, b):
    return a * b
# run: mul(6, 7)
# run: mul(-1, INT64_MIN)
# run: mul(2**32, 2**32)
# run: mul(3037000500, 3037000500)
# run: mul(0, -1)
# hypothesis: mul(ints, ints)


def negate(a):
    return -a
# run: negate(0)
# run: negate(-1)
# run: negate(INT64_MIN)
# run: negate(INT64_MAX)
# hypothesis: negate(ints)


def unary_plus(a):
    return +a
# run: unary_plus(-5)
# run: unary_plus(True)


def true_div(a, b):
    return a / b
# run: true_div(7, 2)
# run: true_div(-7, 2)
# run: true_div(1, 3)
# run: true_div(0, -5)
# run: true_div(INT64_MAX, 3)
# run: true_div(INT64_MIN, -1)
# run: true_div(1, 0)
# run: true_div(0, 0)
# hypothesis: true_div(ints, nonzero_ints)


def poly3(x, a, b, c, d):
    # Horner's rule in integers.
    return ((a * x + b) * x + c) * x + d
# run: poly3(2, 1, -3, 3, -1)
# run: poly3(-7, 2, 0, 0, 5)
# run: poly3(1000003, 1000003, 1000003, 1000003, 1000003)
# hypothesis: poly3(small_ints, small_ints, small_ints, small_ints, small_ints)


def mean_int(a, b):
    # Overflow-safe midpoint.
    return a + (b - a) // 2
# run: mean_int(0, 10)
# run: mean_int(-7, 8)
# run: mean_int(INT64_MIN, INT64_MAX)
# hypothesis: mean_int(small_ints, small_ints)


def mixed_bool(a, flag):
    return a * flag + flag - (not flag)
# run: mixed_bool(7, True)
# run: mixed_bool(7, False)
# run: mixed_bool(-3, True)
